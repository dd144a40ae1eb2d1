"""The quotes-by-speaker fast path answers exactly what the FastAPI route answers.

Two apps over the same store, one with :class:`api.fastpath.SpeakerQuotesFastPath` and one
without, get the same requests: status, content type and body bytes must be equal, for the
plain requests the fast path answers and for everything it must leave to FastAPI.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import TestClient

from api import fastpath
from api.deps import Paging
from api.main import create_app
from api.settings import Settings

PLAIN = [
    "/v1/speakers/Psaki/quotes",
    "/v1/speakers/Peskow/quotes",  # a spelling variant
    "/v1/speakers/Dmitry%20Peskov/quotes",
    "/v1/speakers/Putin/quotes?limit=2",
    "/v1/speakers/Putin/quotes?limit=2&offset=2",
    "/v1/speakers/Putin/quotes?offset=0&limit=500",
    "/v1/speakers/Putin/quotes?offset=10000",  # past the end
    "/v1/speakers/Psaki/quotes?about=Biden",
    "/v1/speakers/Psaki/quotes?about=Peskov",  # nothing she said is about him
    "/v1/speakers/Psaki/quotes?since=2021-12-30&until=2022-01-31",
    "/v1/speakers/Psaki/quotes?until=1999-01-01",
    "/v1/speakers/Putin/quotes?kind=direct",
    "/v1/speakers/Putin/quotes?kind=mixed&limit=3",
    "/v1/speakers/Peskow/quotes?kind=indirect",
]
FOR_FASTAPI = [
    "/v1/speakers/Nobody%20Atall/quotes",  # 404 with suggestions
    "/v1/speakers/Psaki/quotes?about=Nobody%20Atall",
    "/v1/speakers/Psaki/quotes?about=Russland",  # 404 with suggestions
    "/v1/speakers/Psaki/quotes?limit=0",
    "/v1/speakers/Psaki/quotes?limit=501",
    "/v1/speakers/Psaki/quotes?limit=05",  # FastAPI reads 5
    "/v1/speakers/Psaki/quotes?limit=%2B5",
    "/v1/speakers/Psaki/quotes?limit=",
    "/v1/speakers/Psaki/quotes?limit=2&limit=3",
    "/v1/speakers/Psaki/quotes?offset=-1",
    "/v1/speakers/Psaki/quotes?kind=reported",  # 422: not a kind
    "/v1/speakers/Psaki/quotes?since=2021-02-30",
    "/v1/speakers/Psaki/quotes?since=20211230",
    "/v1/speakers/Psaki/quotes?about=",
    "/v1/speakers/Psaki/quotes?about=" + "x" * 201,
    "/v1/speakers/Psaki/quotes?format=xml",  # unknown: FastAPI ignores it
    "/v1/speakers/" + "x" * 201 + "/quotes",
    "/v1/speakers/Psaki",
]


@pytest.fixture(scope="module")
def plain_client(settings: Settings) -> Iterator[TestClient]:
    """The same store without the fast path: every request goes through FastAPI."""
    without = settings.model_copy(update={"fast_path": False})
    with TestClient(create_app(without)) as test_client:
        yield test_client


@pytest.fixture
def answered(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The keys the fast path answered itself (it returns None for the rest)."""
    keys: list[str] = []
    original = fastpath.SpeakerQuotesFastPath._answer

    async def spy(self: Any, scope: Any) -> bytes | None:
        body = await original(self, scope)
        if body is not None:
            keys.append(scope["path"])
        return body

    monkeypatch.setattr(fastpath.SpeakerQuotesFastPath, "_answer", spy)
    return keys


@pytest.mark.parametrize("url", PLAIN + FOR_FASTAPI)
def test_same_answer_as_the_route(
    client: TestClient, plain_client: TestClient, answered: list[str], url: str
) -> None:
    fast, slow = client.get(url), plain_client.get(url)
    assert (fast.status_code, fast.content) == (slow.status_code, slow.content), url
    assert fast.headers["content-type"] == slow.headers["content-type"]
    assert fast.headers["content-length"] == slow.headers["content-length"]
    assert bool(answered) == (url in PLAIN), answered


def test_cached_answer_follows_a_write(client: TestClient, plain_client: TestClient) -> None:
    """A page the fast path cached is recomputed once an article is added (by the other app)."""
    url = "/v1/speakers/Peskow/quotes?limit=500"
    before = client.get(url).json()
    text = 'Kremlin spokesman Dmitry Peskow said: "The fast path reads the same store."'
    headers = {"X-API-Key": "test-key-1"}
    posted = plain_client.post("/v1/articles", json={"text": text}, headers=headers)
    assert posted.status_code == 201, posted.text
    after = client.get(url).json()
    assert after["total"] == before["total"] + 1
    assert after == plain_client.get(url).json()


def test_other_methods_pass_on(client: TestClient, answered: list[str]) -> None:
    assert client.post("/v1/speakers/Psaki/quotes").status_code == 405
    assert not answered


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", (None, None, None, Paging(50, 0), None)),
        ("limit=7&offset=14", (None, None, None, Paging(7, 14), None)),
        ("about=Joe%20Biden", ("Joe Biden", None, None, Paging(50, 0), None)),
        ("about=Selenskyj+W.", ("Selenskyj W.", None, None, Paging(50, 0), None)),
        (
            "since=2021-12-01&until=2021-12-31",
            (None, dt.date(2021, 12, 1), dt.date(2021, 12, 31), Paging(50, 0), None),
        ),
        ("offset=0", (None, None, None, Paging(50, 0), None)),
        ("limit=500", (None, None, None, Paging(500, 0), None)),
        ("kind=indirect", (None, None, None, Paging(50, 0), "indirect")),
        ("kind=direct&limit=5", (None, None, None, Paging(5, 0), "direct")),
    ],
)
def test_plain_queries(query: str, expected: tuple[Any, ...]) -> None:
    assert fastpath.plain_query(query) == expected


@pytest.mark.parametrize(
    "query",
    ["limit=501", "limit=0", "limit=007", "limit=1e2", "limit= 5", "offset=-0", "offset=x",
     "since=2021-13-01", "since=2021-1-1", "since=2021-12-01T00:00", "until=", "about=",
     "q=x", "about=a&about=b", "limit", "offset=1234567890", "kind=reported", "kind=",
     "kind=direct&kind=mixed"],
)  # fmt: skip
def test_queries_left_to_fastapi(query: str) -> None:
    assert fastpath.plain_query(query) is None
