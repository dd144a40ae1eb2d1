"""``GET /v1/quotes``: search across all quotes by speaker, target, article and words."""

from __future__ import annotations

import pytest
from conftest import TestClient
from helpers import assert_problem
from pydantic import BaseModel

from api.schemas import EntityQuotesPublic, QuotesPublic
from quotes.store.database import Store


def test_all_quotes_pages(client: TestClient, oracle: Store) -> None:
    total = oracle.counts()["quotes"]
    first = client.get("/v1/quotes", params={"limit": 10}).json()
    assert first["total"] == total and len(first["data"]) == 10 and first["next_offset"] == 10
    ids: list[str] = []
    offset: int | None = 0
    while offset is not None:
        page = client.get("/v1/quotes", params={"limit": 7, "offset": offset}).json()
        ids += [q["id"] for q in page["data"]]
        offset = page["next_offset"]
    assert sorted(ids) == sorted(q.id for q in oracle.iter_quotes())


@pytest.mark.parametrize("q", ["negotiations", "NEGOTIATIONS", "path of negotiations"])
def test_words_any_case(client: TestClient, q: str) -> None:
    body = client.get("/v1/quotes", params={"q": q}).json()
    assert body["total"] >= 1
    assert all("negotiations" in quote["text"].lower() for quote in body["data"])


@pytest.mark.parametrize("q", ["%", "_", "no such words anywhere"])
def test_words_negative_and_wildcards_are_literal(client: TestClient, q: str) -> None:
    assert client.get("/v1/quotes", params={"q": q}).json()["total"] == 0


def test_article_filter(client: TestClient, oracle: Store) -> None:
    article = "004_2c0f0914c83cbc66"
    body = client.get("/v1/quotes", params={"article": article, "limit": 500}).json()
    expected = [q.id for q in oracle.iter_quotes() if q.article_id == article]
    assert sorted(q["id"] for q in body["data"]) == sorted(expected) and expected
    starts = [q["start"] for q in body["data"]]
    assert starts == sorted(starts)


def test_filters_combine(client: TestClient, oracle: Store) -> None:
    both = client.get("/v1/quotes", params={"speaker": "Peskow", "q": "negotiations"}).json()
    assert both["total"] == 1 and both["data"][0]["speaker"]["name"] == "Dmitri Peskow"
    none = client.get("/v1/quotes", params={"speaker": "Peskow", "q": "Zelensky"}).json()
    assert none["total"] == 0
    about = client.get("/v1/quotes", params={"about": "Russia", "limit": 500}).json()
    assert about["total"] == oracle.quotes_about("Russia").total >= 1
    assert all("Russia" in [a["name"] for a in q["about"]] for q in about["data"])


@pytest.mark.parametrize(
    "params, status",
    [
        ({"speaker": "Xqzvw"}, 404),
        ({"about": "Xqzvw"}, 404),
        ({"article": "no-such-article"}, 404),
        ({"limit": -1}, 422),
        ({"since": "2022-13-01"}, 422),
    ],
)
def test_errors(client: TestClient, params: dict[str, object], status: int) -> None:
    assert_problem(client.get("/v1/quotes", params=params), status)


@pytest.mark.parametrize(
    "path, schema",
    [
        ("/v1/quotes?limit=500", QuotesPublic),
        ("/v1/speakers/Putin/quotes", QuotesPublic),
        ("/v1/entities/Russia/quoted-about", EntityQuotesPublic),
    ],
)
def test_pages_match_their_documented_schema(
    client: TestClient, path: str, schema: type[BaseModel]
) -> None:
    # These routes answer JSON-ready dicts directly; the documented model must still hold.
    body = client.get(path).json()
    assert schema.model_validate(body).model_dump(mode="json") == body


def test_about_entries_say_how_and_where(client: TestClient) -> None:
    """Every about entry names how its target was found and, when known, the mention's
    offsets in the article (the sample articles have pronoun and frame targets)."""
    body = client.get("/v1/quotes", params={"limit": 500}).json()
    entries = [(q, a) for q in body["data"] for a in q["about"]]
    assert entries
    assert all(set(a) == {"id", "name", "kind", "how", "start", "end"} for _, a in entries)
    assert {a["how"] for _, a in entries} >= {"name", "pronoun", "frame"}
    for quote, a in entries:
        assert a["how"] in ("name", "pronoun", "description", "frame")
        if a["how"] != "frame" and a["start"] is not None:  # inside the quote's words
            assert quote["start"] <= a["start"] < a["end"] <= quote["end"]
    ushakov = [q for q in body["data"] if q["speaker"] and q["speaker"]["name"] == "Yuri Ushakov"]
    assert any(a["name"] == "Vladimir Putin" for q in ushakov for a in q["about"])


@pytest.mark.parametrize("route", ["/v1/quotes", "/v1/speakers/Psaki/quotes"])
@pytest.mark.parametrize("threshold", [0.0, 0.5, 0.8, 1.0])
def test_min_confidence_keeps_the_quotes_at_or_above_it(
    client: TestClient, oracle: Store, route: str, threshold: float
) -> None:
    body = client.get(route, params={"min_confidence": threshold, "limit": 500}).json()
    every = client.get(route, params={"limit": 500}).json()["data"]
    expected = sorted(q["id"] for q in every if q["confidence"] >= threshold)
    assert sorted(q["id"] for q in body["data"]) == expected
    assert body["total"] == len(expected)
    if threshold == 0.0:
        assert expected and len(expected) == len(every)


@pytest.mark.parametrize("value", ["-0.1", "1.5", "high", ""])
def test_min_confidence_out_of_range_is_a_422(client: TestClient, value: str) -> None:
    for route in ("/v1/quotes", "/v1/speakers/Psaki/quotes"):
        response = client.get(route, params={"min_confidence": value})
        assert_problem(response, 422)
