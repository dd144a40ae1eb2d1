"""``/v1/graph.graphml`` and ``/v1/graph``: the graph, streamed, valid, and filterable."""

from __future__ import annotations

import networkx as nx
from conftest import TestClient
from helpers import assert_problem, assert_valid_graphml

from quotes.store import Store

NS = {"g": "http://graphml.graphdrawing.org/xmlns"}


def test_graphml_is_valid_and_complete(client: TestClient, oracle: Store) -> None:
    response = client.get("/v1/graph.graphml")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/graphml+xml"
    assert "content-length" not in response.headers  # streamed
    document = assert_valid_graphml(response.content)
    kinds = document.xpath("//g:key[@attr.name='kind']/@id", namespaces=NS)
    quotes = document.xpath(f"//g:node/g:data[@key='{kinds[0]}'][.='quote']", namespaces=NS)
    assert len(quotes) == oracle.counts()["quotes"]


def test_graphml_filtered_by_speaker(client: TestClient, oracle: Store) -> None:
    response = client.get("/v1/graph.graphml", params={"speaker": "Peskow"})
    document = assert_valid_graphml(response.content)
    labels = document.xpath("//g:node/g:data/text()", namespaces=NS)
    assert "Dmitri Peskow" in labels and "Vladimir Putin" not in labels
    said = [e for e in document.xpath("//g:edge/@id", namespaces=NS) if e.startswith("said")]
    assert len(said) == oracle.quotes_by_speaker("Peskov").total


def test_node_link_json(client: TestClient, oracle: Store) -> None:
    response = client.get("/v1/graph", params={"about": "Russia"})
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    graph = nx.node_link_graph(response.json(), edges="edges")
    quotes = [n for n, kind in graph.nodes(data="kind") if kind == "quote"]
    assert len(quotes) == oracle.quotes_about("Russia").total
    russia = next(n for n, label in graph.nodes(data="label") if label == "Russia")
    assert all(graph.has_edge(q, russia) for q in quotes)


def test_unknown_names(client: TestClient) -> None:
    body = assert_problem(client.get("/v1/graph.graphml", params={"speaker": "Pesko"}), 404)
    assert "Dmitri Peskow" in body["suggestions"]
    assert_problem(client.get("/v1/graph", params={"about": "Xqzvw"}), 404)
    assert_problem(client.get("/v1/graph", params={"speaker": ""}), 422)
