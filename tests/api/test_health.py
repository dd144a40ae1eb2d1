"""``/healthz`` and the OpenAPI document."""

from __future__ import annotations

from conftest import TestClient


def test_healthz(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_openapi_documents_every_endpoint(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert set(schema["paths"]) == {
        "/healthz",
        "/v1/speakers",
        "/v1/speakers/{name}",
        "/v1/speakers/{name}/quotes",
        "/v1/quotes",
        "/v1/entities/{name}/quoted-about",
        "/v1/articles",
        "/v1/articles/{article_id}",
        "/v1/graph.graphml",
        "/v1/graph.gexf",
        "/v1/graph",
    }
    post = schema["paths"]["/v1/articles"]["post"]
    assert {"201", "200", "401", "409", "413", "422"} <= set(post["responses"])
    assert list(post["responses"]["422"]["content"]) == ["application/problem+json"]
    assert post["security"] == [{"APIKeyHeader": []}]
    graphml = schema["paths"]["/v1/graph.graphml"]["get"]["responses"]["200"]["content"]
    assert "application/graphml+xml" in graphml
    gexf = schema["paths"]["/v1/graph.gexf"]["get"]
    assert "application/gexf+xml" in gexf["responses"]["200"]["content"]
    filters = {p["name"] for p in gexf["parameters"]}
    assert filters == {"form", "since", "until", "speaker", "about", "min_confidence", "kind",
                       "min_weight", "how"}  # fmt: skip


def test_docs_page(client: TestClient) -> None:
    response = client.get("/docs")
    assert response.status_code == 200
    assert "swagger" in response.text.lower()
