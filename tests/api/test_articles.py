"""``/v1/articles``: posting (key, limits, validation, idempotence) and reading one back."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import API_KEY, OTHER_KEY, TestClient
from helpers import PESKOW_ARTICLE, assert_problem

from quotes.store.database import Store

KEY = {"X-API-Key": API_KEY}


def test_post_extracts_stores_and_is_idempotent(client: TestClient, oracle: Store) -> None:
    before = oracle.counts()
    payload = {"text": PESKOW_ARTICLE, "title": "Kremlin talks", "published": "2022-01-11"}
    created = client.post("/v1/articles", json=payload, headers=KEY)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["title"] == "Kremlin talks" and body["published"] == "2022-01-11"
    assert body["count"] == len(body["quotes"]) >= 1
    assert {q["speaker"]["name"] for q in body["quotes"]} == {"Dmitri Peskow"}
    for quote in body["quotes"]:
        assert PESKOW_ARTICLE[quote["start"] : quote["end"]] == quote["text"]
    after = oracle.counts()
    assert after["articles"] == before["articles"] + 1
    assert after["quotes"] == before["quotes"] + body["count"]

    again = client.post("/v1/articles", json=payload, headers=KEY)
    assert again.status_code == 200 and again.json() == body
    # The text is the identity: another id for the same text is the same article.
    renamed = client.post("/v1/articles", json={**payload, "id": "other-id"}, headers=KEY)
    assert renamed.status_code == 200 and renamed.json()["id"] == body["id"]
    assert oracle.counts() == after

    assert client.get(f"/v1/articles/{body['id']}").json() == body
    peskov = client.get("/v1/speakers/Peskow/quotes", params={"since": "2022-01-11"}).json()
    assert [q["id"] for q in peskov["data"]] == [q["id"] for q in body["quotes"]]


def test_post_with_id_and_conflict(client: TestClient) -> None:
    text = 'The mayor said: "We will rebuild the bridge before winter comes."'
    created = client.post("/v1/articles", json={"text": text, "id": "mayor-1"}, headers=KEY)
    assert created.status_code == 201 and created.json()["id"] == "mayor-1"
    other = {"text": text + " More.", "id": "mayor-1"}
    body = assert_problem(client.post("/v1/articles", json=other, headers=KEY), 409)
    assert "mayor-1" in body["detail"]


def test_same_text_and_id_stored_by_a_concurrent_request(
    client: TestClient, oracle: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another worker stores the same text under the same id between the route's two reads."""
    from quotes.store import reads

    payload = {"text": 'The mayor said: "The ferry runs again from Monday."', "id": "ferry-1"}
    first = client.post("/v1/articles", json=payload, headers=KEY)
    assert first.status_code == 201
    counts = oracle.counts()
    # The hash lookup misses (it ran before the other request committed); the id is then found.
    monkeypatch.setattr(reads, "article_id_by_hash", lambda store, digest: None)
    again = client.post("/v1/articles", json=payload, headers=KEY)
    assert again.status_code == 200, again.text
    assert again.json() == first.json()
    assert oracle.counts() == counts


def test_rotated_key_also_writes(client: TestClient) -> None:
    text = 'A spokesperson said: "The rotated key works as well as the first one."'
    response = client.post("/v1/articles", json={"text": text}, headers={"X-API-Key": OTHER_KEY})
    assert response.status_code == 201


@pytest.mark.parametrize(
    "headers, detail",
    [({}, "missing"), ({"X-API-Key": "wrong"}, "no valid key"), ({"X-API-Key": ""}, "missing")],
)
def test_write_needs_a_valid_key(
    client: TestClient, oracle: Store, headers: dict[str, str], detail: str
) -> None:
    before = oracle.counts()
    text = 'A critic said: "Nobody should be able to write this without a key."'
    body = assert_problem(client.post("/v1/articles", json={"text": text}, headers=headers), 401)
    assert detail in body["detail"] and API_KEY not in str(body)
    assert oracle.counts() == before


@pytest.mark.parametrize(
    "payload, where",
    [
        ({"text": ""}, "body.text"),
        ({"text": " \n\t "}, "body.text"),
        ({"text": 42}, "body.text"),
        ({"text": ["a list"]}, "body.text"),
        ({"title": "no text"}, "body.text"),
        ({"text": "fine", "published": "yesterday"}, "body.published"),
        ({"text": "fine", "id": "has space"}, "body.id"),
        ({"text": "fine", "id": "a/b"}, "body.id"),
        ({"text": "fine", "colour": "red"}, "body.colour"),
    ],
)
def test_post_invalid_body(client: TestClient, payload: object, where: str) -> None:
    body = assert_problem(client.post("/v1/articles", json=payload, headers=KEY), 422)
    assert any(e["loc"] == where for e in body["errors"])
    assert "fine" not in str(body["errors"])  # the input is not echoed


@pytest.mark.parametrize("raw", [b"{not json", b'{"text": "unterminated', b"[]", b"null"])
def test_post_bad_json(client: TestClient, raw: bytes) -> None:
    headers = {**KEY, "Content-Type": "application/json"}
    assert_problem(client.post("/v1/articles", content=raw, headers=headers), 422)


def test_body_over_the_limit(client: TestClient) -> None:
    big = {"text": "word " * 20_000}  # about 100 kB against a 64 KiB limit
    body = assert_problem(client.post("/v1/articles", json=big, headers=KEY), 413)
    assert "65,536 bytes" in body["detail"]


def test_chunked_body_over_the_limit(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(100):
            yield b"x" * 1024

    headers = {**KEY, "Content-Type": "application/json"}
    response = client.post("/v1/articles", content=chunks(), headers=headers)
    assert "content-length" not in response.request.headers
    assert_problem(response, 413)


def test_body_just_under_the_limit_is_parsed(client: TestClient) -> None:
    # Within the limit, the body reaches validation (here: empty text) untouched.
    payload = b'{"text": "' + b" " * 60_000 + b'"}'
    headers = {**KEY, "Content-Type": "application/json"}
    assert_problem(client.post("/v1/articles", content=payload, headers=headers), 422)


def test_get_article(client: TestClient, oracle: Store) -> None:
    body = client.get("/v1/articles/000_03f0e9fff3fa6216").json()
    stored = oracle.get_article("000_03f0e9fff3fa6216")
    assert body["text"] == stored.text and body["content_hash"] == stored.content_hash
    expected = [q for q in oracle.iter_quotes() if q.article_id == stored.id]
    assert [q["id"] for q in body["quotes"]] == [q.id for q in expected]
    assert body["count"] == len(expected) >= 1


def test_get_unknown_article(client: TestClient) -> None:
    body = assert_problem(client.get("/v1/articles/no-such-id"), 404)
    assert "no-such-id" in body["detail"]
    assert_problem(client.get("/v1/articles/bad id!"), 422)
