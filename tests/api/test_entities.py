"""``GET /v1/entities/{name}/quoted-about``: who said what about an entity."""

from __future__ import annotations

import pytest
from conftest import TestClient
from helpers import assert_problem

from quotes.store.database import Store


@pytest.mark.parametrize("name", ["Russia", "Rusia"])
def test_quoted_about(client: TestClient, oracle: Store, name: str) -> None:
    body = client.get(f"/v1/entities/{name}/quoted-about", params={"limit": 500}).json()
    # one entity per thing: the country that speaks ("Russia demanded security guarantees")
    # and the place quotes are about are one, a place
    assert body["entity"]["name"] == "Russia" and body["entity"]["kind"] == "place"
    expected = oracle.quotes_about("Russia", limit=500)
    assert body["total"] == expected.total >= 2
    assert [q["id"] for q in body["data"]] == [q["id"] for q in expected.data]
    assert all(q["speaker"] is not None for q in body["data"])  # who said it
    assert all("Russia" in [a["name"] for a in q["about"]] for q in body["data"])


def test_quoted_about_pages(client: TestClient) -> None:
    page = client.get("/v1/entities/Russia/quoted-about", params={"limit": 1}).json()
    assert len(page["data"]) == 1 and page["next_offset"] == 1 and page["total"] >= 2


def test_entity_never_quoted_about(client: TestClient) -> None:
    # Peskov speaks in the samples, but nobody talks about him.
    body = client.get("/v1/entities/Peskov/quoted-about").json()
    assert body["entity"]["name"] == "Dmitri Peskow"
    assert (body["data"], body["total"], body["next_offset"]) == ([], 0, None)


def test_unknown_entity_suggests_any_entity(client: TestClient) -> None:
    body = assert_problem(client.get("/v1/entities/Bidenski/quoted-about"), 404)
    assert body["suggestions"][0] == "Joe Biden"
