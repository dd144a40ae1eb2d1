"""The speaker network and its GEXF: one edge per pair, weights, dates, filters, schema."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import igraph
import networkx as nx
import pytest
from lxml import etree
from store_builders import article, org, person, place, quote

from quotes.errors import InputError
from quotes.graph.exports import export_graph
from quotes.graph.gexf import KIND_COLOURS, write_gexf
from quotes.graph.graphml import write_graphml
from quotes.graph.network import TEXTS_PER_EDGE, build_network, speaker_network
from quotes.models import AboutRef, TextSpan
from quotes.store.database import Store
from quotes.store.records import EntityRecord, ExportFilter, NetworkRow

GEXF_XSD = Path(__file__).resolve().parents[1] / "data" / "gexf" / "gexf.xsd"
GEXF = "{http://gexf.net/1.3}"

PESKOV, PUTIN, BIDEN = (
    person("Dmitry Peskov", "Peskow"),
    person("Vladimir Putin"),
    person("Joe Biden"),
)
NATO, RUSSIA = org("NATO"), place("Russia")


@pytest.fixture(scope="module")
def gexf_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(GEXF_XSD)))


@pytest.fixture
def dated(store: Store) -> Store:
    """Peskov about Biden in three articles of two dates, once about NATO; Putin about
    nobody; Biden about Russia in an undated article."""
    store.add_article(
        article("one " * 60, "a1", "2021-12-30"),
        [quote(0, PESKOV, BIDEN), quote(40, PESKOV, BIDEN, NATO, role="Kremlin spokesman")],
    )
    store.add_article(article("two " * 60, "a2", "2022-01-05"), [quote(0, PESKOV, BIDEN)])
    store.add_article(article("three " * 60, "a3", "2021-12-30"), [quote(0, PUTIN)])
    store.add_article(article("four " * 60, "a4"), [quote(0, BIDEN, RUSSIA)])
    return store


def _by_label(graph: nx.DiGraph) -> dict[str, str]:
    return {label: node for node, label in graph.nodes(data="label")}


def test_one_edge_per_pair_with_weight_dates_and_texts(dated: Store) -> None:
    network = speaker_network(dated)
    nodes = _by_label(network)
    assert set(nodes) == {"Dmitry Peskov", "Joe Biden", "NATO", "Vladimir Putin", "Russia"}
    edge = network.edges[nodes["Dmitry Peskov"], nodes["Joe Biden"]]
    assert edge["weight"] == 3 and edge["articles"] == 2
    assert (edge["first"], edge["last"]) == ("2021-12-30", "2022-01-05")
    assert edge["kinds"] == "direct"
    assert edge["texts"].split("\n") == ["quote at 0", "quote at 40", "quote at 0"]
    assert network.edges[nodes["Dmitry Peskov"], nodes["NATO"]]["weight"] == 1
    undated = network.edges[nodes["Joe Biden"], nodes["Russia"]]
    assert "first" not in undated and "last" not in undated
    peskov = network.nodes[nodes["Dmitry Peskov"]]
    assert (peskov["quotes_said"], peskov["quoted_about"], peskov["kind"]) == (3, 0, "person")
    assert peskov["roles"] == "Kremlin spokesman" and "Peskow" in peskov["aliases"]
    assert network.nodes[nodes["Joe Biden"]]["quoted_about"] == 3
    # Putin's quote is about nobody: an isolated node, kept.
    assert network.degree(nodes["Vladimir Putin"]) == 0
    assert not network.has_edge(nodes["Joe Biden"], nodes["Dmitry Peskov"])


@pytest.mark.parametrize(
    "selection, edges",
    [
        (ExportFilter(), {("Dmitry Peskov", "Joe Biden"), ("Dmitry Peskov", "NATO"),
                          ("Joe Biden", "Russia")}),
        (ExportFilter(since=dt.date(2022, 1, 1)), {("Dmitry Peskov", "Joe Biden")}),
        (ExportFilter(until=dt.date(2021, 12, 30)), {("Dmitry Peskov", "Joe Biden"),
                                                     ("Dmitry Peskov", "NATO")}),
        (ExportFilter(speaker="Peskow"), {("Dmitry Peskov", "Joe Biden"),
                                          ("Dmitry Peskov", "NATO")}),
        (ExportFilter(about="Russia"), {("Joe Biden", "Russia")}),
        (ExportFilter(min_weight=2), {("Dmitry Peskov", "Joe Biden")}),
        (ExportFilter(min_confidence=0.8), set()),  # the test quotes are 0.75 sure
        (ExportFilter(kind="direct", min_confidence=0.75), {("Dmitry Peskov", "Joe Biden"),
                      ("Dmitry Peskov", "NATO"), ("Joe Biden", "Russia")}),
        (ExportFilter(kind="indirect"), set()),
    ],
)  # fmt: skip
def test_filters(dated: Store, selection: ExportFilter, edges: set[tuple[str, str]]) -> None:
    network = speaker_network(dated, selection)
    label = dict(network.nodes(data="label"))
    assert {(label[u], label[v]) for u, v in network.edges} == edges
    if selection.min_weight > 1:
        assert set(label.values()) == {"Dmitry Peskov", "Joe Biden"}
    if selection.since:
        assert network.edges[next(iter(network.edges))]["weight"] == 1


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"since": dt.date(2022, 1, 2), "until": dt.date(2022, 1, 1)}, "after"),
        ({"min_confidence": 1.5}, "min_confidence"),
        ({"kind": "paraphrase"}, "kind"),
        ({"min_weight": 0}, "min_weight"),
    ],
)
def test_bad_filters(fields: dict[str, object], message: str) -> None:
    with pytest.raises(InputError, match=message):
        ExportFilter(**fields)  # type: ignore[arg-type]


def test_min_weight_is_refused_for_the_full_graph(dated: Store) -> None:
    with pytest.raises(InputError, match="speaker network"):
        export_graph(dated, "full", ExportFilter(min_weight=2))
    full = export_graph(dated, "full", ExportFilter(speaker="Peskov"))
    assert {k for _, k in full.nodes(data="kind")} == {"person", "organization", "quote", "article"}


def test_texts_are_bounded() -> None:
    rows = [NetworkRow(f"q{i}", f"a{i}", None, 1, 2, f"text {i}") for i in range(12)]
    entities = {1: EntityRecord(1, "A", "person"), 2: EntityRecord(2, "B", "place")}
    network = build_network(rows, lambda ids: {i: entities[i] for i in ids})
    edge = network.edges["entity:1", "entity:2"]
    assert edge["weight"] == 12 and edge["articles"] == 12
    assert len(edge["texts"].split("\n")) == TEXTS_PER_EDGE
    assert edge["quote_ids"].split("; ") == [f"q{i}" for i in range(TEXTS_PER_EDGE)]


def test_gexf_is_valid_dated_and_coloured(dated: Store, gexf_schema: etree.XMLSchema) -> None:
    out = io.BytesIO()
    network = speaker_network(dated)
    write_gexf(network, out)
    document = etree.fromstring(out.getvalue())
    assert gexf_schema.validate(document), gexf_schema.error_log
    graph = document.find(f"{GEXF}graph")
    assert graph is not None and graph.get("mode") == "dynamic"
    assert graph.get("timeformat") == "date"
    edges = document.findall(f".//{GEXF}edge")
    dated_edges = [e for e in edges if e.get("start")]
    assert len(dated_edges) == len(edges) - 1  # all but Biden -> Russia (undated article)
    assert all(e.get("end") and float(e.get("weight", "0")) >= 1 for e in dated_edges)
    peskov = next(n for n in document.iter(f"{GEXF}node") if n.get("label") == "Dmitry Peskov")
    assert (peskov.get("start"), peskov.get("end")) == ("2021-12-30", "2022-01-05")
    colour = peskov.find(f"{GEXF}color")
    assert colour is not None
    assert tuple(int(colour.get(c, "-1")) for c in "rgb") == KIND_COLOURS["person"]

    back = nx.read_gexf(io.BytesIO(out.getvalue()))
    assert nx.utils.graphs_equal(nx.DiGraph(back.edges), nx.DiGraph(network.edges))
    assert back.nodes["entity:1"]["label"] == network.nodes["entity:1"]["label"]


def test_gexf_of_the_full_graph_is_valid(dated: Store, gexf_schema: etree.XMLSchema) -> None:
    out = io.BytesIO()
    full = export_graph(dated, "full")
    write_gexf(full, out)
    document = etree.fromstring(out.getvalue())
    assert gexf_schema.validate(document), gexf_schema.error_log
    quotes = [n for n in document.iter(f"{GEXF}node") if n.get("id", "").startswith("quote:")]
    assert quotes and all(n.get("start") for n in quotes if "a4" not in n.get("id", ""))
    back = nx.read_gexf(io.BytesIO(out.getvalue()))
    assert back.number_of_edges() == full.number_of_edges()
    assert {k for _, k in back.nodes(data="kind")} == {k for _, k in full.nodes(data="kind")}


def test_gexf_carries_what_xml_cannot(gexf_schema: etree.XMLSchema) -> None:
    g = nx.DiGraph()
    g.add_node("a & <b>", label='x\x00"y"\n', kind="person", n=2**70, flag=True)
    g.add_node("c", label="c", kind="nonsense", n=1.5)
    g.add_edge("a & <b>", "c", weight=2, first="not a date", texts=["one", "two"])
    out = io.BytesIO()
    write_gexf(g, out)
    assert gexf_schema.validate(etree.fromstring(out.getvalue())), gexf_schema.error_log
    back = nx.read_gexf(io.BytesIO(out.getvalue()))
    assert back.nodes["a & <b>"]["label"] == 'x\ufffd"y"\n'
    assert back.edges["a & <b>", "c"]["texts"] == "one; two"
    assert "start" not in back.edges["a & <b>", "c"]


def test_graphml_of_the_network_reads_in_networkx_and_igraph(dated: Store, tmp_path: Path) -> None:
    path = tmp_path / "network.graphml"
    network = speaker_network(dated)
    write_graphml(network, path)
    back = nx.read_graphml(path)
    assert isinstance(back, nx.DiGraph) and set(back.edges) == set(network.edges)
    assert (
        back.edges["entity:1", "entity:2"]["weight"]
        == network.edges["entity:1", "entity:2"]["weight"]
    )
    g = igraph.Graph.Read_GraphML(str(path))
    assert sorted(g.vs["label"]) == sorted(label for _, label in network.nodes(data="label"))
    assert sum(g.es["weight"]) == sum(w for _, _, w in network.edges(data="weight"))


@pytest.fixture
def framed(store: Store) -> Store:
    """Peskov about Biden by name and about NATO as the frame's target, in one quote."""
    frame = AboutRef(NATO.name, NATO.kind, how="frame", mention=TextSpan("NATO", 80, 84))
    store.add_article(article("one " * 60, "a1", "2021-12-30"), [quote(0, PESKOV, BIDEN, frame)])
    return store


@pytest.mark.parametrize(
    "how, targets, hows",
    [
        (None, {"Joe Biden", "NATO"}, {"name", "frame"}),
        (("name",), {"Joe Biden"}, {"name"}),
        (("frame",), {"NATO"}, {"frame"}),
        (("pronoun", "description"), set(), set()),  # Peskov stays, about nobody
    ],
)
def test_how_keeps_only_the_links_found_those_ways(
    framed: Store, how: tuple[str, ...] | None, targets: set[str], hows: set[str]
) -> None:
    network = speaker_network(framed, ExportFilter(how=how))
    label = dict(network.nodes(data="label"))
    assert {label[v] for _, v in network.edges} == targets
    assert {h for *_, d in network.edges(data="hows") for h in d.split("; ")} == hows
    assert "Dmitry Peskov" in label.values()
    full = export_graph(framed, "full", ExportFilter(how=how))
    about = [d["how"] for *_, d in full.edges(data=True) if d.get("relation") == "about"]
    assert set(about) == hows


@pytest.mark.parametrize("how", [(), ("rumour",), ("name", "guess")])
def test_how_names_only_known_ways(how: tuple[str, ...]) -> None:
    with pytest.raises(InputError, match="how must be"):
        ExportFilter(how=how)
