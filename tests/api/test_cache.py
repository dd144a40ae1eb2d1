"""The read caches: never older than the store, across app instances and processes.

Two apps on one SQLite file stand for two uvicorn workers: each has its own caches and its
own version connection, so a write through one (or through the library, as ``quotes
ingest`` does) must show in the very next read through the other.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import API_KEY, TestClient
from helpers import PESKOW_ARTICLE

from api.cache import StoreVersion, VersionedLRU
from api.main import create_app
from api.settings import Settings
from quotes.models import Article, EntityRef, Quote
from quotes.store.database import Store

KEY = {"X-API-Key": API_KEY}
PESKOW = "/v1/speakers/Peskow/quotes"


@pytest.fixture(scope="module")
def other(settings: Settings) -> Iterator[TestClient]:
    """A second app on the same store: another worker."""
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def _ids(client: TestClient, url: str) -> set[str]:
    response = client.get(url)
    assert response.status_code == 200, response.text
    return {q["id"] for q in response.json()["data"]}


def test_repeated_read_is_served_from_the_cache(client: TestClient) -> None:
    first = client.get(PESKOW, params={"limit": 7})
    cache = client.app.state.read_cache
    assert "/v1/speakers/Peskow/quotes?limit=7" in cache.bodies._entries
    again = client.get(PESKOW, params={"limit": 7})
    assert again.content == first.content
    assert again.headers["content-type"] == "application/json"


def test_a_post_on_one_app_shows_in_the_next_read_on_the_other(
    client: TestClient, other: TestClient
) -> None:
    before = _ids(client, PESKOW)
    assert _ids(client, PESKOW) == before  # cached now
    created = other.post(
        "/v1/articles", json={"text": PESKOW_ARTICLE, "id": "kremlin"}, headers=KEY
    )
    assert created.status_code == 201, created.text
    posted = {q["id"] for q in created.json()["quotes"]}
    assert posted and not posted & before
    assert _ids(client, PESKOW) == before | posted
    assert _ids(other, PESKOW) == before | posted


def test_a_new_name_written_by_the_library_resolves_at_once(
    client: TestClient, db_url: str
) -> None:
    unknown = client.get("/v1/speakers/Zyxwa%20Quillon/quotes")
    assert unknown.status_code == 404
    text = "Zyxwa Quillon said: “Caches must forget.”"
    quote = Quote(start=21, end=36, text="Caches must forget.", rule="test", confidence=0.9,
                  speaker=EntityRef("Zyxwa Quillon", "person", ("Quillon",)))  # fmt: skip
    with Store.open(db_url) as store:  # another connection, as `quotes ingest` would be
        store.add_article(Article(text=text, id="quillon"), [quote])
    assert len(_ids(client, "/v1/speakers/Quillon/quotes")) == 1
    assert len(_ids(client, "/v1/speakers/Zyxwa%20Quillon/quotes")) == 1


def test_store_version_moves_only_on_a_commit(db_url: str) -> None:
    with Store.open(db_url) as store, Store.open(db_url) as writer:
        version = StoreVersion(store)
        try:
            first = version.current()
            writer.counts()  # a read commits nothing
            assert version.current() == first
            writer.add_article(Article(text="Nothing quoted here.", id="plain"), [])
            assert version.current() != first
        finally:
            version.close()


def test_lru_serves_one_version_and_evicts_by_size() -> None:
    lru: VersionedLRU[bytes] = VersionedLRU(10)
    lru.put("a", 1, b"aaaa", 4)
    lru.put("b", 1, b"bbbb", 4)
    assert lru.get("a", 1) == b"aaaa"  # a is now the most recent
    assert lru.get("a", 2) is None  # another version: gone
    lru.put("a", 2, b"aaaa", 4)
    lru.put("c", 2, b"cccc", 4)  # over 10: the least recent (b) goes
    assert lru.get("b", 1) is None and lru.get("a", 2) and lru.get("c", 2)
    lru.put("big", 2, b"x" * 11, 11)  # larger than the whole cache: not kept
    assert lru.get("big", 2) is None and len(lru) == 2
