"""``/v1/graph.graphml``, ``/v1/graph.gexf`` and ``/v1/graph``: streamed, valid, filterable."""

from __future__ import annotations

import io
from pathlib import Path

import igraph
import networkx as nx
import pytest
from conftest import TestClient
from helpers import assert_problem, assert_valid_gexf, assert_valid_graphml

from quotes.store.database import Store

NS = {"g": "http://graphml.graphdrawing.org/xmlns"}
SAMPLE_SPEAKERS = ["Dmitri Peskow", "Jen Psaki", "Yuri Ushakov", "Josep Borrell", "Karen Donfried"]


def test_graphml_full_form_is_valid_and_complete(client: TestClient, oracle: Store) -> None:
    response = client.get("/v1/graph.graphml", params={"form": "full"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/graphml+xml"
    assert "content-length" not in response.headers  # streamed
    document = assert_valid_graphml(response.content)
    kinds = document.xpath("//g:key[@attr.name='kind']/@id", namespaces=NS)
    quotes = document.xpath(f"//g:node/g:data[@key='{kinds[0]}'][.='quote']", namespaces=NS)
    assert len(quotes) == oracle.counts()["quotes"]


def test_graphml_filtered_by_speaker(client: TestClient, oracle: Store) -> None:
    response = client.get("/v1/graph.graphml", params={"speaker": "Peskow", "form": "full"})
    document = assert_valid_graphml(response.content)
    labels = document.xpath("//g:node/g:data/text()", namespaces=NS)
    assert "Dmitri Peskow" in labels and "Vladimir Putin" not in labels
    said = [e for e in document.xpath("//g:edge/@id", namespaces=NS) if e.startswith("said")]
    assert len(said) == oracle.quotes_by_speaker("Peskov").total


def _network(client: TestClient, **params: str) -> nx.DiGraph:
    response = client.get("/v1/graph.graphml", params=params)
    assert response.status_code == 200, response.text
    assert_valid_graphml(response.content)
    back = nx.read_graphml(io.BytesIO(response.content))
    assert isinstance(back, nx.DiGraph)
    return back


def test_speaker_network_is_the_default(client: TestClient, oracle: Store) -> None:
    network = _network(client)
    kinds = {kind for _, kind in network.nodes(data="kind")}
    assert kinds <= {"person", "organization", "place", "anonymous"}  # no quote, no article
    labels = {label: node for node, label in network.nodes(data="label")}
    for name in SAMPLE_SPEAKERS:
        assert name in labels, name
    assert network.nodes[labels["Dmitri Peskow"]]["quotes_said"] == (
        oracle.quotes_by_speaker("Peskov").total
    )
    # Each pair's weight is the number of quotes the store has for it.
    for pair in oracle.top_pairs(limit=100):
        edge = network.edges[labels[pair.speaker.name], labels[pair.target.name]]
        assert edge["weight"] == pair.quotes
        assert set(edge["kinds"].split("; ")) <= {"direct", "indirect", "mixed"} and edge["texts"]
    donfried = labels["Karen Donfried"]
    assert network.has_edge(donfried, labels["Russia"])
    assert sum(w for _, _, w in network.edges(data="weight")) == sum(
        p.quotes for p in oracle.top_pairs(limit=100)
    )


def test_igraph_reads_the_speaker_network(client: TestClient, tmp_path: Path) -> None:
    path = tmp_path / "network.graphml"  # igraph reads files, not Python streams
    path.write_bytes(client.get("/v1/graph.graphml").content)
    g = igraph.Graph.Read_GraphML(str(path))
    assert g.is_directed() and "Jen Psaki" in g.vs["label"]
    assert all(w >= 1 for w in g.es["weight"])


def test_gexf_is_valid_and_reads_back(client: TestClient) -> None:
    response = client.get("/v1/graph.gexf")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/gexf+xml"
    assert "content-length" not in response.headers
    assert_valid_gexf(response.content)
    back = nx.read_gexf(io.BytesIO(response.content))
    assert set(SAMPLE_SPEAKERS) <= {label for _, label in back.nodes(data="label")}
    assert back.number_of_edges() == _network(client).number_of_edges()


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"speaker": "Peskov"}, {"Dmitri Peskow"}),  # any spelling
        ({"about": "Russia"}, {"Russia"}),
        ({"kind": "indirect"}, {"Dmitri Peskow"}),  # "It was planned ..., said spokesman ..."
    ],
)
def test_filters_narrow_the_network(
    client: TestClient, params: dict[str, str], expected: set[str]
) -> None:
    network = _network(client, **params)
    labels = {label for _, label in network.nodes(data="label")}
    assert expected <= labels
    if "kind" in params:
        assert {kinds for *_, kinds in network.edges(data="kinds")} <= {params["kind"]}
    if not expected:
        assert not labels
    if "speaker" in params:
        assert "Vladimir Putin" not in labels


def test_min_confidence_and_min_weight(client: TestClient) -> None:
    everyone = _network(client)
    sure = _network(client, min_confidence="0.99")
    assert sure.number_of_nodes() < everyone.number_of_nodes()
    heavy = _network(client, min_weight="2")
    assert heavy.number_of_edges() < everyone.number_of_edges()
    assert all(w >= 2 for _, _, w in heavy.edges(data="weight"))
    assert all(heavy.degree(n) for n in heavy)  # no node left without an edge


def test_filtered_full_graph_and_json(client: TestClient, oracle: Store) -> None:
    response = client.get("/v1/graph", params={"about": "Russia", "form": "full"})
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    graph = nx.node_link_graph(response.json(), edges="edges")
    quotes = [n for n, kind in graph.nodes(data="kind") if kind == "quote"]
    assert len(quotes) == oracle.quotes_about("Russia").total
    russia = next(n for n, label in graph.nodes(data="label") if label == "Russia")
    assert all(graph.has_edge(q, russia) for q in quotes)
    network = nx.node_link_graph(client.get("/v1/graph").json(), edges="edges")
    assert not network.is_multigraph() and network.graph["form"] == "speakers"


@pytest.mark.parametrize(
    "params, status",
    [
        ({"speaker": "Pesko"}, 404),
        ({"about": "Xqzvw"}, 404),
        ({"speaker": ""}, 422),
        ({"since": "30/12/2021"}, 422),
        ({"since": "2022-01-02", "until": "2022-01-01"}, 422),
        ({"min_confidence": "1.5"}, 422),
        ({"kind": "paraphrase"}, 422),
        ({"min_weight": "0"}, 422),
        ({"form": "full", "min_weight": "2"}, 422),
        ({"form": "quotes"}, 422),
    ],
)
def test_bad_filters_are_problems(client: TestClient, params: dict[str, str], status: int) -> None:
    for path in ("/v1/graph.graphml", "/v1/graph.gexf", "/v1/graph"):
        body = assert_problem(client.get(path, params=params), status)
        if params.get("speaker") == "Pesko":
            assert "Dmitri Peskow" in body["suggestions"]
