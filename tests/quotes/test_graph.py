"""The who-said-what-about-whom graph, built from hand-made records (no database)."""

from __future__ import annotations

from dataclasses import replace

import networkx as nx
import pytest
from store_builders import article_record, entity, quote_record

from quotes.errors import InputError, NotFoundError
from quotes.graph import build as graph
from quotes.store.records import GraphRecords

PESKOV, PUTIN, RUSSIA, BIDEN, OFFICIAL = 1, 2, 3, 4, 5


@pytest.fixture
def records() -> GraphRecords:
    return GraphRecords(
        entities=[
            entity(PESKOV, "Dmitry Peskov", "person", "Peskov", "Peskow"),
            entity(PUTIN, "Vladimir Putin", "person", "Poutin"),
            entity(RUSSIA, "Russia", "place"),
            entity(BIDEN, "Joe Biden", "person"),
            entity(OFFICIAL, "senior official", "anonymous"),
        ],
        articles=[article_record("a1", "2021-12-01"), article_record("a2", None)],
        quotes=[
            quote_record("a1", 0, PESKOV, PUTIN, RUSSIA, published="2021-12-01"),
            quote_record("a1", 50, PESKOV, PUTIN, published="2021-12-01", kind="indirect"),
            quote_record("a1", 90, BIDEN, RUSSIA, RUSSIA, published="2021-12-01"),
            quote_record("a2", 0, OFFICIAL, BIDEN, published=None),
            quote_record("a2", 40, None, PUTIN, published=None),
        ],
    )


@pytest.fixture
def built(records: GraphRecords) -> nx.MultiDiGraph:
    return graph.from_records(records)


def test_nodes_have_a_kind_and_a_label(built: nx.MultiDiGraph) -> None:
    kinds = nx.get_node_attributes(built, "kind")
    assert sorted(kinds.values()) == sorted(
        ["person"] * 3 + ["place", "anonymous"] + ["article"] * 2 + ["quote"] * 5
    )
    assert all(data.get("label") for _, data in built.nodes(data=True))
    assert built.nodes["entity:1"]["label"] == "Dmitry Peskov"
    assert built.nodes["entity:1"]["aliases"] == "Dmitry Peskov; Peskov; Peskow"
    quote = built.nodes["quote:a1:0-5"]
    assert (quote["article_id"], quote["start"], quote["end"]) == ("a1", 0, 5)
    assert (quote["cue"], quote["role"], quote["published"]) == ("said", "spokesman", "2021-12-01")


def test_no_missing_or_container_values(built: nx.MultiDiGraph) -> None:
    values = [v for _, d in built.nodes(data=True) for v in d.values()]
    values += [v for *_, d in built.edges(keys=True, data=True) for v in d.values()]
    assert all(isinstance(v, str | int | float) and v is not None for v in values)
    assert "published" not in built.nodes["quote:a2:0-5"]  # unknown date left out, not None


@pytest.mark.parametrize(
    "u, v, relation, present",
    [
        ("entity:1", "quote:a1:0-5", "said", True),
        ("quote:a1:0-5", "entity:2", "about", True),
        ("quote:a1:0-5", "entity:3", "about", True),
        ("quote:a1:0-5", "article:a1", "in", True),
        ("entity:2", "quote:a1:0-5", "said", False),  # Putin is talked about, he did not speak
        ("quote:a2:40-45", "entity:1", "about", False),
        ("quote:a1:0-5", "article:a2", "in", False),
    ],
)
def test_edges_carry_their_relation(
    built: nx.MultiDiGraph, u: str, v: str, relation: str, present: bool
) -> None:
    relations = [d["relation"] for d in built.get_edge_data(u, v, default={}).values()]
    assert (relation in relations) is present


def test_edge_keys_are_also_attributes(built: nx.MultiDiGraph) -> None:
    for _, _, key, data in built.edges(keys=True, data=True):
        assert data["edge_id"] == key
        assert data["quote_id"] in key
    relations = [r for *_, r in built.edges(data="relation")]
    assert relations.count("said") == 4
    assert relations.count("in") == 5
    assert relations.count("about") == 6  # RUSSIA twice in one quote counts once


def test_projection_weights_speaker_target_pairs(built: nx.MultiDiGraph) -> None:
    projected = graph.project(built)
    assert isinstance(projected, nx.DiGraph)
    assert projected["entity:1"]["entity:2"]["weight"] == 2
    assert projected["entity:1"]["entity:3"]["weight"] == 1
    assert projected["entity:4"]["entity:3"]["weight"] == 1
    assert not projected.has_edge("entity:2", "entity:1")
    assert all(data["kind"] != "quote" for _, data in projected.nodes(data=True))
    assert graph.top_pairs(projected, 2) == [
        ("entity:1", "entity:2", 2),
        ("entity:1", "entity:3", 1),
    ]


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Peskow", ["quote:a1:0-5", "quote:a1:50-55"]),
        ("Dmitri Peskov", ["quote:a1:0-5", "quote:a1:50-55"]),
        ("senior official", ["quote:a2:0-5"]),
        ("Vladimir Putin", []),
        ("Lavrov", []),
    ],
)
def test_quotes_by_speaker(built: nx.MultiDiGraph, name: str, expected: list[str]) -> None:
    assert sorted(graph.quotes_by_speaker(built, name)) == expected


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Poutin", ["quote:a1:0-5", "quote:a1:50-55", "quote:a2:40-45"]),
        ("Russia", ["quote:a1:0-5", "quote:a1:90-95"]),
        ("Peskov", []),
    ],
)
def test_quotes_about(built: nx.MultiDiGraph, name: str, expected: list[str]) -> None:
    assert sorted(graph.quotes_about(built, name)) == expected


def test_newest_quotes_come_first(built: nx.MultiDiGraph) -> None:
    assert graph.quotes_about(built, "Putin")[-1] == "quote:a2:40-45"  # undated last


def test_ego_graph(built: nx.MultiDiGraph) -> None:
    projected = graph.project(built)
    assert set(graph.ego(projected, "Biden")) == {"entity:4", "entity:3", "entity:5"}
    assert set(graph.ego(projected, "Biden", radius=2)) == {f"entity:{i}" for i in (1, 3, 4, 5)}
    assert set(graph.ego(projected, "Biden", radius=3)) == {f"entity:{i}" for i in range(1, 6)}
    with pytest.raises(NotFoundError):
        graph.ego(projected, "Nobody Known")


def test_a_quote_naming_an_unknown_entity_is_an_error(records: GraphRecords) -> None:
    broken = GraphRecords(records.entities[1:], records.articles, records.quotes)
    with pytest.raises(ValueError, match="entity:1"):
        graph.from_records(broken)


# --------------------------------------------------------------- how a target was found
def _with_hows(records: GraphRecords) -> GraphRecords:
    """The first quote's targets: Putin by a pronoun (at 10-12), Russia by name."""
    first = replace(
        records.quotes[0], about_hows=("pronoun", "name"), about_starts=(10, None),
        about_ends=(12, None),
    )  # fmt: skip
    second = replace(records.quotes[1], about_hows=("frame",))
    return replace(records, quotes=[first, second, *records.quotes[2:]])


def test_about_edges_say_how_and_where(records: GraphRecords) -> None:
    built = graph.from_records(_with_hows(records))
    edge = built.edges["quote:a1:0-5", "entity:2", "about:a1:0-5:2"]
    assert (edge["how"], edge["mention_start"], edge["mention_end"]) == ("pronoun", 10, 12)
    russia = built.edges["quote:a1:0-5", "entity:3", "about:a1:0-5:3"]
    assert russia["how"] == "name" and "mention_start" not in russia  # unknown: left out
    # a record without hows (stored before they were kept) counts as found by name
    assert built.edges["quote:a2:0-5", "entity:4", "about:a2:0-5:4"]["how"] == "name"


@pytest.mark.parametrize(
    "hows, peskov_putin, peskov_russia",
    [
        (None, 2, 1),
        ({"name", "frame"}, 1, 1),  # the pronoun dropped
        ({"name"}, 0, 1),
        ({"pronoun"}, 1, 0),
        (set(), 0, 0),
    ],
)
def test_projection_keeps_only_the_chosen_kinds(
    records: GraphRecords, hows: set[str] | None, peskov_putin: int, peskov_russia: int
) -> None:
    projected = graph.project(graph.from_records(_with_hows(records)), hows)
    weight = {(u, v): w for u, v, w in projected.edges(data="weight")}
    assert weight.get(("entity:1", "entity:2"), 0) == peskov_putin
    assert weight.get(("entity:1", "entity:3"), 0) == peskov_russia


def test_projection_counts_quotes_by_how(records: GraphRecords) -> None:
    edge = graph.project(graph.from_records(_with_hows(records)))["entity:1"]["entity:2"]
    assert (edge["weight_pronoun"], edge["weight_frame"], edge["weight_name"]) == (1, 1, 0)
    assert edge["weight_description"] == 0


def test_keep_about_drops_the_other_edges(records: GraphRecords) -> None:
    built = graph.keep_about(graph.from_records(_with_hows(records)), ["name"])
    hows = {d["how"] for *_, d in built.edges(data=True) if d["relation"] == "about"}
    assert hows == {"name"}
    assert not built.has_edge("quote:a1:0-5", "entity:2")
    with pytest.raises(InputError, match="unknown way"):
        graph.keep_about(built, ["hearsay"])


@pytest.mark.parametrize(
    "quote_id, kind",
    [("a1:0-5", "direct"), ("a1:50-55", "indirect"), ("a2:0-5", "direct")],
)
def test_every_edge_carries_its_quote_kind(
    built: nx.MultiDiGraph, quote_id: str, kind: str
) -> None:
    assert built.nodes[graph.quote_node(quote_id)]["quote_kind"] == kind
    edges = [d for _, _, d in built.edges(data=True) if d["quote_id"] == quote_id]
    assert edges and {d["kind"] for d in edges} == {kind}


def test_projection_lists_the_kinds_of_a_pair(built: nx.MultiDiGraph) -> None:
    projected = graph.project(built)
    peskov_putin = projected.edges[graph.entity_node(PESKOV), graph.entity_node(PUTIN)]
    assert (peskov_putin["weight"], peskov_putin["kind"]) == (2, "direct; indirect")
    biden_russia = projected.edges[graph.entity_node(BIDEN), graph.entity_node(RUSSIA)]
    assert biden_russia["kind"] == "direct"
