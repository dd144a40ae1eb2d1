"""``GET /v1/quotes``: search across all quotes by speaker, target, article and words."""

from __future__ import annotations

import pytest
from conftest import TestClient
from helpers import assert_problem
from pydantic import BaseModel

from api.schemas import EntityQuotesPublic, QuotesPublic
from quotes.store import Store


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
