"""The page's own "no such page", the quote-text search and the confidence filter, in Chromium.

The quote search is the API's ``/v1/quotes?q=``: results are shown in their sentences with who
said them; the confidence filter is ``min_confidence=`` on a speaker's quotes. Counts are
checked against the API's own answers on the same server, so the page shows what it is given.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.slow
Shoot = Callable[[Page, str], Path]


@pytest.mark.console_errors_expected  # the document itself is a 404, which Chromium logs
# (/speakers/a/b is a speaker page: a name may hold "/", as "AC/DC"; the page itself then
# says there is no such speaker, tests/web/test_pages.py)
@pytest.mark.parametrize("path", ["/no/such/page", "/speakers/", "/articles"])
def test_an_unknown_url_is_the_apps_own_no_such_page(page: Page, path: str, shoot: Shoot) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 404
    expect(page.get_by_role("alert")).to_have_text("There is no such page.")
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()  # a way on
    assert "problem+json" not in page.content() and '"status":404' not in page.content()
    if path == "/no/such/page":
        shoot(page, "no-such-page")


def test_quote_search_shows_results_in_their_sentences(
    page: Page, server: str, shoot: Shoot
) -> None:
    page.goto("/")
    page.get_by_role("link", name="Search quotes").click()
    page.wait_for_url("**/quotes")
    box = page.get_by_label("Words in the quote")
    box.fill("NEGOTIATIONS")  # any case, as the API matches
    box.press("Enter")
    page.wait_for_url("**/quotes?q=NEGOTIATIONS")
    expect(page.get_by_role("heading", level=1)).to_have_text("Quotes with “NEGOTIATIONS”")
    total = httpx.get(f"{server}/v1/quotes", params={"q": "NEGOTIATIONS"}, timeout=30).json()
    assert total["total"] >= 1
    expect(page.locator("#quote-count")).to_have_text(
        re.compile(rf"^{total['total']} quotes?, newest first$")
    )
    items = page.locator(".quote-item")
    expect(items).to_have_count(total["total"])
    first = items.first
    expect(first.locator("blockquote")).to_contain_text("Only the path of negotiations")
    # The words found are marked inside the quoted words, in the article's own case.
    expect(first.locator("mark.quote .hit")).to_have_text(["negotiations"])
    expect(first.locator("a.who")).to_have_text(total["data"][0]["speaker"]["name"])
    expect(first.get_by_role("link", name="Full article")).to_be_visible()
    shoot(page, "quote-search")


@pytest.mark.parametrize("words", ["zzqxj nothing", "<b>negotiations</b>"])
def test_quote_search_that_finds_nothing_says_so(page: Page, words: str) -> None:
    page.goto("/quotes")
    page.get_by_label("Words in the quote").fill(words)
    page.get_by_role("button", name="Search quotes").click()
    expect(page.get_by_role("status")).to_contain_text(f"No quote contains “{words}”.")
    expect(page.locator(".quote-item")).to_have_count(0)


def test_confidence_filter_on_a_speaker_page(page: Page, server: str, shoot: Shoot) -> None:
    every = httpx.get(f"{server}/v1/speakers/Putin/quotes", timeout=30).json()
    sure = httpx.get(
        f"{server}/v1/speakers/Putin/quotes", params={"min_confidence": 0.9}, timeout=30
    ).json()
    assert 0 < sure["total"] < every["total"]  # else the filter would prove nothing
    page.goto("/speakers/Putin")
    said = page.locator("ol.quotes").first  # the second list is what others said about him
    items = said.locator(".quote-item")
    expect(items).to_have_count(every["total"])
    page.get_by_label("Confidence").select_option("0.9")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**/speakers/Vladimir%20Putin?min_confidence=0.9")  # no empty about=
    expect(page.get_by_role("heading", level=2, name=re.compile("of confidence"))).to_have_text(
        f"{sure['total']} quote{'s' if sure['total'] != 1 else ''} of confidence 0.9 or more, "
        "newest first"
    )
    expect(items).to_have_count(sure["total"])
    for shown in items.locator(".confidence").all_text_contents():
        assert float(shown.removeprefix("Confidence ")) >= 0.9
    expect(page.get_by_label("Confidence")).to_have_value("0.9")  # the form shows the filter
    shoot(page, "speaker-confidence-filter")
    page.get_by_role("link", name="Show all").click()
    page.wait_for_url("**/speakers/Vladimir%20Putin")
    expect(items).to_have_count(every["total"])


def test_confidence_filter_with_nothing_left_says_so(page: Page) -> None:
    page.goto("/speakers/Psaki?min_confidence=0.999")
    expect(page.get_by_role("status")).to_contain_text(
        "Jen Psaki has no quotes of confidence 0.999 or more."
    )
    expect(page.get_by_label("Confidence")).to_have_value("0.999")
