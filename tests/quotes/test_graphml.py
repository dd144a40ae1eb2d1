"""GraphML, node-link JSON and CSV exports: schema-valid, readable back, safe."""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import igraph
import networkx as nx
import pytest
from lxml import etree
from store_builders import article_record, entity, quote_record

from quotes.errors import ExportError
from quotes.graph import build as graph
from quotes.graph.exports import neutralise_cell, write_node_link_json, write_quotes_csv
from quotes.graph.graphml import graphml_value, nmtoken, write_graphml
from quotes.store.records import GraphRecords

# $QUOTES_GRAPHML_XSD (as tests/api/helpers.py reads it), else ../shared beside the checkout.
XSD = Path(
    os.environ.get(
        "QUOTES_GRAPHML_XSD",
        Path(__file__).resolve().parents[3] / "shared" / "graphml" / "graphml.xsd",
    )
)
NASTY = 'a\x00b\x07 <tag> & "q" \'s\r\n\ttab \ud800 \ufffe end'


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    if not XSD.is_file():
        pytest.fail(f"GraphML schema not found at {XSD}")
    return etree.XMLSchema(etree.parse(str(XSD)))


def _who_said_what() -> nx.MultiDiGraph:
    records = GraphRecords(
        entities=[entity(1, "Dmitry Peskov", "person", "Peskow"), entity(2, "Russia", "place")],
        articles=[article_record("a 1/x"), article_record("a2", None)],
        quotes=[
            replace(
                quote_record("a 1/x", 0, 1, 2, text='We & they <said> "no"'),
                about_hows=("frame",),
                about_starts=(3,),
                about_ends=(7,),
            ),  # fmt: skip
            quote_record("a2", 10, None, 2, text=NASTY, published=None),
        ],
    )
    return graph.from_records(records)


def _mixed() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph(name="mixed", created=2021)
    g.add_node("n 1", weight=1, tags=["x", "y"], meta={"b": 2, "a": None}, flag=True)
    g.add_node("n_x0041_", weight=2.5, flag=1, missing=None, big=2**70)
    g.add_edge("n 1", "n_x0041_", weight=3)
    g.add_edge("n 1", "n_x0041_", weight=4)
    return g


def _undirected() -> nx.Graph:
    g = nx.Graph()
    g.add_edge("ü", "b", label="ümlaut", weight=0.5)
    return g


GRAPHS = [_who_said_what, _mixed, _undirected, lambda: graph.project(_who_said_what())]


@pytest.mark.parametrize("make", GRAPHS)
def test_export_is_valid_against_the_schema(
    make: Callable[[], nx.Graph], schema: etree.XMLSchema, tmp_path: Path
) -> None:
    path = tmp_path / "g.graphml"
    write_graphml(make(), path)
    document = etree.parse(str(path))
    assert schema.validate(document), schema.error_log


def test_invalid_document_is_caught_by_the_schema(schema: etree.XMLSchema) -> None:
    broken = io.BytesIO()
    write_graphml(_mixed(), broken)
    text = broken.getvalue().replace(b'attr.type="long"', b'attr.type="integer"')
    assert not schema.validate(etree.fromstring(text))


def _keys(data: bytes) -> list[tuple[str, str, str]]:
    root = etree.fromstring(data)
    ns = "{http://graphml.graphdrawing.org/xmlns}"
    return [(k.get("for"), k.get("attr.name"), k.get("attr.type")) for k in root.iter(f"{ns}key")]


def test_one_type_per_attribute_name() -> None:
    out = io.BytesIO()
    write_graphml(_mixed(), out)
    types = {(name, kind) for _, name, kind in _keys(out.getvalue())}
    assert ("weight", "double") in types  # 1, 2.5 on nodes and 3, 4 on edges
    assert ("flag", "string") in types  # True and 1: no common numeric type
    assert ("big", "string") in types  # beyond 64 bits
    assert ("tags", "string") in types and ("meta", "string") in types
    names = [name for name, _ in types]
    assert len(names) == len(set(names))
    assert "missing" not in names  # only ever None


def test_reads_back_in_networkx() -> None:
    original = _who_said_what()
    out = io.BytesIO()
    write_graphml(original, out)
    back = nx.read_graphml(io.BytesIO(out.getvalue()), force_multigraph=True)
    assert isinstance(back, nx.MultiDiGraph)
    assert set(back.nodes) == {nmtoken(n) for n in original.nodes}
    assert back.nodes["entity:1"] == original.nodes["entity:1"]
    quote = back.nodes["quote:a2:10-" + str(10 + len(NASTY))]
    # What XML 1.0 cannot carry becomes U+FFFD; CR, LF, tab and markup survive.
    assert quote["label"] == 'a\ufffdb\ufffd <tag> & "q" \'s\r\n\ttab \ufffd \ufffd end'

    back_edges = sorted(
        (u, v, k, d["edge_id"], d["relation"]) for u, v, k, d in back.edges(keys=True, data=True)
    )
    orig_edges = sorted(  # the GraphML edge id is an NMTOKEN; edge_id keeps the key as it was
        (nmtoken(u), nmtoken(v), nmtoken(k), k, d["relation"])
        for u, v, k, d in original.edges(keys=True, data=True)
    )
    assert back_edges == orig_edges


def test_reads_back_in_igraph(tmp_path: Path) -> None:
    original = _who_said_what()
    path = tmp_path / "g.graphml"
    write_graphml(original, path)
    back = igraph.Graph.Read_GraphML(str(path))
    assert (back.vcount(), back.ecount()) == (
        original.number_of_nodes(),
        original.number_of_edges(),
    )
    assert back.is_directed()
    labels = dict(zip(back.vs["id"], back.vs["label"], strict=True))
    assert labels["entity:1"] == "Dmitry Peskov"
    assert sorted(back.es["edge_id"]) == sorted(k for *_, k in original.edges(keys=True))
    assert set(back.es["quote_id"]) == {"a 1/x:0-21", "a2:10-" + str(10 + len(NASTY))}


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("entity:12", "entity:12"),
        ("a-b.c_d", "a-b.c_d"),
        ("a b", "a_x0020_b"),
        ("x/y#z", "x_x002F_y_x0023_z"),
        ("_x0041_", "_x005F_x0041_"),  # a literal escape-lookalike stays distinct
        ("é", "_x00E9_"),
        ("\U0001f600", "_U0001F600_"),
        (7, "7"),
    ],
)
def test_ids_become_nmtokens(raw: object, expected: str) -> None:
    assert nmtoken(raw) == expected


def test_empty_id_is_an_export_error() -> None:
    g = nx.DiGraph()
    g.add_node("")
    with pytest.raises(ExportError):
        write_graphml(g, io.BytesIO())


@pytest.mark.parametrize(
    "value, expected",
    [
        (None, None),
        (True, True),
        (3, 3),
        (2.5, 2.5),
        ("s", "s"),
        (["a", None, 2], "a; 2"),
        (("x",), "x"),
        ({"b", "a"}, "a; b"),
        ({"k": [1, 2]}, '{"k": [1, 2]}'),
        (Path("p"), "p"),
    ],
)
def test_graphml_values(value: object, expected: object) -> None:
    assert graphml_value(value) == expected


def test_writes_to_an_open_file_and_leaves_it_open(tmp_path: Path) -> None:
    with (tmp_path / "g.graphml").open("wb") as stream:
        write_graphml(_undirected(), stream)
        assert not stream.closed
    assert (tmp_path / "g.graphml").read_bytes().startswith(b"<?xml")


def test_unwritable_path_is_an_export_error(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="cannot write"):
        write_graphml(_undirected(), tmp_path / "no" / "such" / "dir.graphml")


def test_node_link_json_reads_back() -> None:
    original = _who_said_what()
    out = io.BytesIO()
    write_node_link_json(original, out)
    data = json.loads(out.getvalue())
    back = nx.node_link_graph(data, edges="edges")
    assert back.is_multigraph() and back.is_directed()
    expected = {
        node: {k: v.replace("\ud800", "\ufffd") if isinstance(v, str) else v for k, v in d.items()}
        for node, d in original.nodes(data=True)
    }
    assert dict(back.nodes(data=True)) == expected
    assert sorted(back.edges(keys=True)) == sorted(original.edges(keys=True))


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("=1+1", "'=1+1"),
        ("+cmd", "'+cmd"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("plain text", "plain text"),
        ("a=b", "a=b"),
        (-2, -2),  # a number is a number
        (None, None),
    ],
)
def test_csv_cells_are_neutralised(cell: object, expected: object) -> None:
    assert neutralise_cell(cell) == expected


def test_quotes_csv() -> None:
    quotes = [
        quote_record("a1", 0, 1, 2, text='=HYPERLINK("x")'),
        quote_record("a1", 40, None, text='plain, with "quotes"\nand a newline'),
    ]
    out = io.BytesIO()
    assert write_quotes_csv(quotes, out) == 2
    rows = list(csv.DictReader(io.StringIO(out.getvalue().decode("utf-8"))))
    assert rows[0]["text"] == '\'=HYPERLINK("x")'
    assert rows[1]["text"] == 'plain, with "quotes"\nand a newline'
    assert rows[0]["quote_id"] == "a1:0-15"
    assert rows[1]["speaker"] == ""


def test_about_edges_keep_how_and_where_in_graphml() -> None:
    out = io.BytesIO()
    write_graphml(_who_said_what(), out)
    back = nx.read_graphml(io.BytesIO(out.getvalue()), force_multigraph=True)
    about = {(u, v): d for u, v, d in back.edges(data=True) if d["relation"] == "about"}
    framed = next(d for (u, _), d in about.items() if not u.startswith("quote:a2"))
    assert (framed["how"], framed["mention_start"], framed["mention_end"]) == ("frame", 3, 7)
    plain = next(d for (u, _), d in about.items() if u.startswith("quote:a2"))
    assert plain["how"] == "name" and "mention_start" not in plain
    projected = io.BytesIO()
    write_graphml(graph.project(_who_said_what()), projected)
    edge = next(iter(nx.read_graphml(io.BytesIO(projected.getvalue())).edges(data=True)))[2]
    assert (edge["weight"], edge["weight_frame"], edge["weight_name"]) == (1, 1, 0)
