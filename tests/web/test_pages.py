"""The web application in a real browser (Debian's Chromium via Playwright) on a real server.

Each test drives one thing a person does: find a speaker by a misspelling, open a deep link,
read a quote in its sentence and in its article, click through the graph, paste an article
with the key, use the keyboard alone, read at phone width, and get a clear message when
nothing matches or the server is gone. Every view is saved as a screenshot.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote

import httpx
import pytest
from playwright.sync_api import Page, Route, expect

pytestmark = pytest.mark.slow
Shoot = Callable[[Page, str], Path]  # the `shoot` fixture: save a screenshot by name

# An article none of the samples share a speaker with, so posting it changes no other page.
NEW_ARTICLE = (
    "Brussels summit on energy\n\n"
    '"We will not accept <img src=x onerror="window.pwned=1"> in any form," European '
    "Commission President Ursula von der Leyen said on Tuesday.\n\n"
    'Olaf Scholz told reporters: "Germany stands with <b>Ukraine</b> and will keep the gas '
    'flowing."\n'
)


def _speaker_path(page: Page) -> str:
    return unquote(page.url.split("://", 1)[1].split("/", 1)[1])


def test_home_lists_the_most_quoted(page: Page, shoot: Shoot) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", name="Most quoted")).to_be_visible()
    items = page.locator("ul.speakers li")
    expect(items.first).to_contain_text("quotes")
    # most quoted first, reported speech included (Joe Biden's reported statements count)
    counts = [int(re.search(r"(\d+) quotes?", t).group(1)) for t in items.all_inner_texts()]  # type: ignore[union-attr]
    assert counts == sorted(counts, reverse=True) and len(counts) > 3
    expect(page.locator("ul.speakers li", has_text="Joe Biden")).to_have_count(1)
    expect(page.locator("ul.speakers li", has_text="Vladimir Putin")).to_have_count(1)
    shoot(page, "home")


def test_search_peskow_suggests_dmitry_peskov_and_shows_his_quote(page: Page, shoot: Shoot) -> None:
    page.goto("/")
    box = page.get_by_role("combobox", name="Find a speaker")
    box.press_sequentially("Peskow", delay=30)
    option = page.get_by_role("option", name=re.compile("Dmitri Peskow"))
    expect(option).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#search-status")).to_have_text(re.compile("^1 suggestion"))
    shoot(page, "search-suggestions")
    box.press("ArrowDown")
    expect(option).to_have_attribute("aria-selected", "true")
    box.press("Enter")
    page.wait_for_url("**/speakers/**")
    assert _speaker_path(page) == "speakers/Dmitri Peskow"
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dmitri Peskow")
    item = page.locator(".quote-item.kind-direct").first
    # The quote in its sentence: quoted words highlighted, mention and cue marked.
    expect(item.locator("mark.quote")).to_contain_text("negotiations")
    expect(item.locator(".mention")).to_contain_text("Peskov")
    expect(item.locator(".cue")).to_have_count(1)
    expect(item).to_contain_text("New telephone exchange between Joe Biden and Vladimir Putin")
    shoot(page, "speaker-peskov")


def test_search_without_choosing_lists_the_matches(page: Page, shoot: Shoot) -> None:
    page.goto("/")
    box = page.get_by_role("combobox", name="Find a speaker")
    box.fill("Peskow")
    box.press("Enter")  # no suggestion chosen: the form searches the words typed
    page.wait_for_url("**/?q=Peskow")
    expect(page.get_by_role("heading", level=1)).to_have_text("Speakers matching “Peskow”")
    expect(page.get_by_role("link", name="Dmitri Peskow")).to_be_visible()
    shoot(page, "search-results")


@pytest.mark.console_errors_expected  # the "did you mean" lookup is a 404 by design
def test_search_that_finds_nothing_says_so(page: Page, shoot: Shoot) -> None:
    page.goto("/")
    box = page.get_by_role("combobox", name="Find a speaker")
    box.press_sequentially("Zzyzxqw")
    expect(page.locator("#search-status")).to_have_text("No speaker matches “Zzyzxqw”.")
    expect(page.get_by_role("listbox")).to_be_hidden()
    box.press("Enter")
    expect(page.get_by_role("status").filter(has_text="No speaker matches")).to_be_visible()
    shoot(page, "search-nothing-found")


def test_deep_link_by_surname_opens_jen_psaki(page: Page, shoot: Shoot) -> None:
    page.goto("/speakers/Psaki")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Jen Psaki")
    expect(page.locator("h1 .kind")).to_have_text("person")
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text("spokeswoman")
    expect(facts).to_contain_text("2 quotes")  # her quotation and "according to Psaki, ..."
    expect(page.locator(".quote-item mark.quote")).to_contain_text("de-escalation")
    expect(page).to_have_title(re.compile("Jen Psaki"))
    shoot(page, "speaker-psaki")


def test_filter_by_whom_the_quote_is_about(page: Page) -> None:
    page.goto("/speakers/Psaki")
    about = page.get_by_label("Only quotes about")
    about.fill("Biden")
    about.press("Enter")
    page.wait_for_url("**/speakers/Jen%20Psaki?about=Biden")
    expect(page.get_by_role("heading", name="2 quotes about Biden")).to_be_visible()
    page.goto("/speakers/Psaki?about=Russia")
    expect(page.get_by_role("status")).to_contain_text("said nothing about Russia")


def test_full_article_highlights_every_quote(page: Page, server: str, shoot: Shoot) -> None:
    page.goto("/speakers/Peskov")
    page.get_by_role("link", name="Full article").first.click()
    page.wait_for_url("**/articles/**")
    article_id = unquote(page.url.rsplit("/", 1)[1].split("#", 1)[0])
    stored = httpx.get(f"{server}/v1/articles/{article_id}", timeout=30).json()
    assert stored["count"] > 1
    expect(page.get_by_role("heading", level=1)).to_have_text(stored["title"])
    # One highlighted quote per stored quote (its first piece carries the id), and the one
    # the link pointed at is outlined.
    # Quotes and reported speech alike: mark.quote or mark.reported.
    expect(page.locator(".article-text mark[id^='q-']")).to_have_count(stored["count"])
    direct = sum(q["kind"] == "direct" for q in stored["quotes"])
    expect(page.locator(".article-text mark.quote[id^='q-']")).to_have_count(direct)
    expect(page.locator("mark.target")).to_have_count(1)
    expect(page.locator(".quote-index li")).to_have_count(stored["count"])
    shoot(page, "article")


def test_reported_speech_is_marked_as_such(page: Page, shoot: Shoot) -> None:
    """Peskov's "It was planned for the late evening" is his, shown as reported speech: no
    quote marks, a dashed mark and its label, next to his quotations."""
    page.goto("/speakers/Peskov")
    item = page.locator("li.kind-indirect", has_text="planned for the late evening")
    expect(item).to_have_count(1)
    expect(item.locator(".quote-kind")).to_have_text("Reported speech")
    expect(item.locator("mark.reported")).to_contain_text("It was planned for the late evening")
    expect(page.locator("li.kind-direct mark.quote").first).to_be_visible()
    expect(page.locator(".legend mark.reported")).to_have_text("reported speech")
    shoot(page, "reported-speech")


def test_graph_click_on_a_node_opens_its_page(page: Page, server: str, shoot: Shoot) -> None:
    page.goto("/graph")
    expect(page.locator("#graph")).to_have_attribute("data-nodes", re.compile("^[1-9]"))
    expect(page.get_by_role("table")).to_contain_text("Jen Psaki")
    download = page.get_by_role("link", name="Download GraphML")
    expect(download).to_have_attribute("href", "/v1/graph.graphml")
    gexf = page.get_by_role("link", name="Download GEXF (Gephi)")
    expect(gexf).to_have_attribute("href", "/v1/graph.gexf")
    # Click the node where cytoscape drew it: a real mouse click on the canvas.
    point = page.evaluate(
        """() => {
            const node = window.quotesGraph.nodes().filter((n) => n.data('label') === 'Jen Psaki');
            const box = document.getElementById('graph').getBoundingClientRect();
            const at = node.renderedPosition();
            return { x: box.left + at.x, y: box.top + at.y };
        }"""
    )
    page.mouse.click(point["x"], point["y"])
    page.wait_for_url("**/speakers/Jen%20Psaki")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Jen Psaki")


def test_graph_filter_and_its_graphml_download(page: Page, server: str) -> None:
    page.goto("/graph")
    page.get_by_label("Said by").fill("Biden")
    page.get_by_label("Said by").press("Enter")
    page.wait_for_url("**/graph?speaker=Biden&about=")
    expect(page.locator("#graph")).to_have_attribute("data-nodes", re.compile("^[1-9]"))
    labels = page.evaluate("window.quotesGraph.nodes().map((n) => n.data('label')).sort()")
    assert "Joe Biden" in labels
    assert "Jen Psaki" not in labels
    href = page.get_by_role("link", name="Download GraphML").get_attribute("href")
    assert href == "/v1/graph.graphml?speaker=Biden"
    graphml = httpx.get(server + href, timeout=30)
    assert graphml.status_code == 200
    assert graphml.headers["content-type"].startswith("application/graphml+xml")
    assert "Joe Biden" in graphml.text


def test_graph_pairs_come_from_the_speaker_network(page: Page) -> None:
    page.goto("/graph")
    expect(page.locator("#graph")).to_have_attribute("data-nodes", re.compile("^[1-9]"))
    expect(page.locator("#graph")).to_have_attribute("data-layout", "fcose")
    # The view reads the API's speaker network as it is; a focus view merges two of them.
    folded = page.evaluate(
        """async () => {
            const { speakerPairs, mergeNetworks } = await import('/static/js/views/graph.js');
            const node = (id, kind, said = 0) => ({ id, kind, label: id, quotes_said: said });
            const by = { nodes: [node('A', 'person', 3), node('C', 'place')],
                         edges: [{ source: 'A', target: 'C', weight: 2, texts: 'x\\ny' }] };
            const of = { nodes: [node('B', 'person', 1), node('A', 'person', 3),
                                 node('D', 'anonymous', 1), node('q', 'quote')],
                         edges: [{ source: 'B', target: 'A', weight: 1 },
                                 { source: 'q', target: 'A', weight: 9 }] };
            const pairs = speakerPairs(mergeNetworks(by, of));
            return {
                edges: pairs.edges.map((e) => [e.source, e.target, e.quotes, e.texts.length]),
                nodes: pairs.nodes.map((n) => [n.id, n.said, n.isolated]).sort(),
            };
        }"""
    )
    assert folded["edges"] == [["A", "C", 2, 2], ["B", "A", 1, 0]]  # no quote node, no "q" edge
    assert folded["nodes"] == [["A", 3, False], ["B", 1, False], ["C", 0, False], ["D", 1, True]]
    widths = page.evaluate(
        "window.quotesGraph.edges().map((e) => [e.data('quotes'), e.numericStyle('width')])"
    )
    assert widths
    for (quotes_a, width_a), (quotes_b, width_b) in zip(widths, widths[1:], strict=False):
        assert (quotes_a < quotes_b) <= (width_a < width_b)


def test_graph_legend_isolated_nodes_and_labels(page: Page, shoot: Shoot) -> None:
    page.goto("/graph")
    expect(page.locator("#graph")).to_have_attribute("data-nodes", re.compile("^[1-9]"))
    legend = page.get_by_role("list", name="Legend")
    for kind in ("Person", "Organization", "Place", "Anonymous source"):
        expect(legend).to_contain_text(kind)
    drawn = page.evaluate(
        """() => {
            const cy = window.quotesGraph;
            const linked = cy.nodes().filter((n) => !n.isParent() && n.degree() > 0);
            const alone = cy.nodes().filter((n) => n.isChild());
            return { linkedBottom: linked.boundingBox().y2, aloneTop: alone.boundingBox().y1,
                     alone: alone.map((n) => n.data('label')) };
        }"""
    )
    # Speakers whose quotes are about nobody named are drawn apart, below the connected ones.
    assert "Dmitri Peskow" in drawn["alone"] and "Joe Biden" not in drawn["alone"]
    assert drawn["aloneTop"] > drawn["linkedBottom"]
    # Labels keep their size on screen: the font in graph units is 12 px over the zoom.
    for zoom in (0.3, 1.0, 2.5):
        size = page.evaluate(
            f"""async () => {{
                const cy = window.quotesGraph; cy.zoom({zoom});
                await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
                const n = cy.nodes().filter((n) => n.data('label') === 'Joe Biden');
                const shown = cy.nodes().filter((m) => !m.isParent() && !m.hasClass('quiet'));
                const boxes = shown.map((m) => m.boundingBox({{ includeLabels: true }}));
                let overlaps = 0;
                boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b) => {{
                    if (a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2) overlaps += 1;
                }}));
                return [n.numericStyle('font-size') * cy.zoom(), shown.length, overlaps];
            }}"""
        )
        font, shown, overlaps = size
        assert abs(font - 12) < 0.5, (zoom, font)
        assert shown >= 1 and overlaps == 0, (zoom, shown, overlaps)
    page.evaluate("window.quotesGraph.fit(undefined, 24)")
    shoot(page, "graph")


def test_graph_click_on_an_edge_lists_its_quotes(page: Page, shoot: Shoot) -> None:
    page.goto("/graph")
    expect(page.locator("#graph")).to_have_attribute("data-nodes", re.compile("^[1-9]"))
    point = page.evaluate(
        """() => {
            const cy = window.quotesGraph;
            const box = document.getElementById('graph').getBoundingClientRect();
            // The point of an edge farthest from every other edge and every node (with its
            // label): a fixed fraction of the way can sit where another arrow crosses.
            const segment = (p, a, b) => {
                const dx = b.x - a.x, dy = b.y - a.y, len = dx * dx + dy * dy || 1;
                const t = Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len));
                return Math.hypot(p.x - a.x - t * dx, p.y - a.y - t * dy);
            };
            const outside = (p, b) => Math.hypot(
                Math.max(b.x1 - p.x, 0, p.x - b.x2), Math.max(b.y1 - p.y, 0, p.y - b.y2));
            const boxes = cy.nodes().map((n) => n.renderedBoundingBox({ includeLabels: true }));
            // Of every arrow, the one with the clearest point: which arrows lie close
            // together depends on the layout of what the samples say, not on the page.
            let at = null, clearance = -1, best = null;
            for (const edge of cy.edges()) {
                const from = edge.renderedSourceEndpoint();
                const to = edge.renderedTargetEndpoint();
                const others = cy.edges().filter((e) => e.id() !== edge.id());
                for (let t = 0.1; t <= 0.9; t += 0.05) {
                    const p = { x: from.x + (to.x - from.x) * t, y: from.y + (to.y - from.y) * t };
                    const near = Math.min(
                        ...others.map((e) => segment(p, e.renderedSourceEndpoint(),
                                                     e.renderedTargetEndpoint())),
                        ...boxes.map((b) => outside(p, b)), Infinity);
                    if (near > clearance) { at = p; clearance = near; best = edge; }
                }
            }
            return { x: box.left + at.x, y: box.top + at.y,
                     source: best.source().data('label'), target: best.target().data('label'),
                     quotes: best.data('quotes') };
        }"""
    )
    page.mouse.click(point["x"], point["y"])
    panel = page.locator(".pair-quotes")
    count = point["quotes"]
    heading = f"{point['source']} about {point['target']}: {count} quote{'s' * (count != 1)}"
    expect(panel.get_by_role("heading")).to_have_text(heading)
    expect(panel.locator(".quote-item")).to_have_count(count)
    expect(panel.locator(".quote-item").first).to_contain_text(point["source"])
    shoot(page, "graph-edge-quotes")


def test_a_speaker_graph_shows_their_neighbourhood(page: Page, shoot: Shoot) -> None:
    page.goto("/speakers/Joe%20Biden")
    page.get_by_role("link", name="Joe Biden in the graph").click()
    page.wait_for_url("**/graph?focus=Joe+Biden")
    expect(page.get_by_role("heading", level=1)).to_have_text("Around Joe Biden")
    expect(page.locator("#graph")).to_have_attribute("data-nodes", re.compile("^[1-9]"))
    labels = page.evaluate("window.quotesGraph.nodes().map((n) => n.data('label'))")
    # Whom Biden talks about and who talks about him; nobody else.
    assert {"Joe Biden", "Russia", "Ukraine", "Jen Psaki"} <= set(labels)
    assert "Yuri Ushakov" not in labels and "NATO" not in labels
    focus = page.evaluate("window.quotesGraph.nodes('.focus').map((n) => n.data('label'))")
    assert focus == ["Joe Biden"]
    shoot(page, "graph-focus")


@pytest.mark.console_errors_expected  # the refused library is a 404 in the console
def test_graph_without_the_library_says_what_to_do(page: Page) -> None:
    page.route("**/vendor/cytoscape.mjs", lambda route: route.fulfill(status=404, body="gone"))
    page.goto("/graph")
    expect(page.get_by_role("alert")).to_contain_text("graph library is not installed")
    expect(page.get_by_role("table")).to_contain_text("Jen Psaki")  # the same data, as a table


@pytest.mark.console_errors_expected  # the wrong key is a 401 in the console
def test_paste_an_article_with_the_key(page: Page, api_key: str, shoot: Shoot) -> None:
    page.goto("/add")
    page.get_by_label("API key").fill("not-the-key")
    page.get_by_label("Title (optional)").fill("Brussels summit <script>")
    page.get_by_label("Article text").fill(NEW_ARTICLE)
    page.get_by_label("API key").press("Enter")  # Enter in a field submits the form
    expect(page.get_by_role("alert")).to_contain_text("The API key was not accepted")

    page.get_by_label("API key").fill(api_key)
    page.get_by_role("button", name="Extract quotes").click()
    outcome = page.locator(".result .message")
    expect(outcome).to_contain_text("Stored as article")
    expect(outcome).to_be_focused()
    quotes = page.locator(".result .quote-item")
    expect(quotes).to_have_count(2)
    expect(quotes.nth(1).locator(".who")).to_have_text("Olaf Scholz")
    # The markup in the quotes is shown as text, never run or rendered.
    expect(page.locator(".result .quote-item mark.quote").first).to_contain_text("<img src=x")
    expect(page.locator("main img, main b, main script")).to_have_count(0)
    assert page.evaluate("window.pwned") is None
    shoot(page, "add-article")

    page.get_by_role("button", name="Extract quotes").click()  # the same text again
    expect(outcome).to_contain_text("already stored")
    page.get_by_role("link", name="Open the article with its quotes highlighted").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Brussels summit <script>")
    expect(page.locator(".article-text mark.quote[id^='q-']")).to_have_count(2)
    expect(page.locator("main img")).to_have_count(0)


def test_keyboard_alone_from_the_top_of_the_page(page: Page) -> None:
    page.goto("/")
    expect(page.locator("ul.speakers")).to_be_visible()
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()  # hidden until focused, then shown
    order = []
    for _ in range(6):
        page.keyboard.press("Tab")
        order.append(
            page.evaluate("document.activeElement.textContent.trim() || document.activeElement.id")
        )
    assert order == [
        "Quotes", "Speakers", "Search quotes", "Graph", "Add an article", "search-input"
    ]  # fmt: skip
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # focus is visible
    page.keyboard.type("Psaki")
    expect(page.get_by_role("option", name=re.compile("Jen Psaki"))).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_role("listbox")).to_be_hidden()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/speakers/Jen%20Psaki")


def test_readable_at_phone_width(page: Page, shoot: Shoot) -> None:
    page.set_viewport_size({"width": 375, "height": 800})
    for path, name in [
        ("/speakers/Putin", "phone-speaker"),
        ("/graph", "phone-graph"),
        ("/articles/004_2c0f0914c83cbc66", "phone-article"),
        ("/add", "phone-add"),
    ]:
        page.goto(path)
        expect(page.locator("main h1")).to_be_visible()
        page.wait_for_load_state("networkidle")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
        shoot(page, name)


@pytest.mark.console_errors_expected  # every refused request is logged
def test_unreachable_server_is_said_plainly(page: Page, shoot: Shoot) -> None:
    page.goto("/speakers/Psaki")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Jen Psaki")

    def refuse(route: Route) -> None:
        route.abort("connectionrefused")

    page.route("**/v1/**", refuse)
    page.reload()
    expect(page.get_by_role("alert")).to_contain_text("Cannot reach the server")
    box = page.get_by_role("combobox", name="Find a speaker")
    box.press_sequentially("Bid")
    expect(page.locator("#search-status")).to_contain_text("Cannot reach the server")
    shoot(page, "server-unreachable")


@pytest.mark.console_errors_expected  # the unknown name is a 404 by design
def test_unknown_speaker_page_suggests_names(page: Page, shoot: Shoot) -> None:
    page.goto("/speakers/Psakovskaya")
    expect(page.get_by_role("status")).to_contain_text("No speaker is known as “Psakovskaya”")
    shoot(page, "speaker-not-found")
    page.get_by_role("link", name="Jen Psaki").click()
    page.wait_for_url("**/speakers/Jen%20Psaki")


@pytest.mark.parametrize(
    "path, said",
    [
        ("/speakers/%E0%A4%A", "There is no such speaker."),  # cut-off UTF-8: decoding throws
        ("/speakers/%ZZ", "There is no such speaker."),
        ("/articles/%E0%A4%A", "There is no such article."),
    ],
)
def test_malformed_url_says_there_is_no_such_page(page: Page, path: str, said: str) -> None:
    page.goto(path)
    expect(page.get_by_role("alert")).to_have_text(said)
    expect(page.locator("main")).not_to_contain_text("Loading")


@pytest.mark.console_errors_expected  # the unknown name is a 404 by design
def test_a_name_with_a_slash_reaches_its_page(page: Page) -> None:
    page.goto("/speakers/AC%2FDC")  # decodes: the speaker view asks for "AC/DC"
    expect(page.get_by_role("status")).to_contain_text("No speaker is known as “AC/DC”")
