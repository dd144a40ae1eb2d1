"""SQL injection attempts in every parameter of every endpoint are inert, on both backends.

Each endpoint gets each payload in each of its path and query parameters. No answer is a
5xx; a search by words finds nothing (no stored quote contains the payload); a name or an id
that is not stored is a 404 (or a 422 when it breaks the parameter's pattern), never a page
of everything; and afterwards the store holds exactly what it held before.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from urllib.parse import quote as urlquote

import pytest
from pydantic import SecretStr
from servers import postgres_database

from api.main import create_app
from api.settings import Settings
from quotes.batch.ingest import ingest_articles
from quotes.models import Article
from quotes.store.database import Store
from quotes.text.names import fold
from reliability.support import synthetic_articles

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", "Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

KEY = "sqli-key"
PAYLOADS = [
    "' OR '1'='1",
    "Velkin' OR 1=1 --",
    "'; DROP TABLE quotes; --",
    '" OR ""="',
    "1; DELETE FROM articles",
    "x' UNION SELECT id, text FROM articles --",
    "%' OR 1=1 --",
    "%",
    "_",
    "\\",
    "') OR pg_sleep(5) IS NULL --",
    "1 OR 1=1",
]
# (method, path template, parameter, where): every parameter of every endpoint.
TARGETS = [
    ("GET", "/v1/speakers", "q", "query"),
    ("GET", "/v1/speakers", "kind", "query"),
    ("GET", "/v1/speakers", "limit", "query"),
    ("GET", "/v1/speakers", "offset", "query"),
    ("GET", "/v1/speakers/{}", "name", "path"),
    ("GET", "/v1/speakers/{}/quotes", "name", "path"),
    ("GET", "/v1/speakers/Velkin/quotes", "about", "query"),
    ("GET", "/v1/speakers/Velkin/quotes", "since", "query"),
    ("GET", "/v1/speakers/Velkin/quotes", "until", "query"),
    ("GET", "/v1/quotes", "speaker", "query"),
    ("GET", "/v1/quotes", "about", "query"),
    ("GET", "/v1/quotes", "article", "query"),
    ("GET", "/v1/quotes", "q", "query"),
    ("GET", "/v1/quotes", "since", "query"),
    ("GET", "/v1/quotes", "until", "query"),
    ("GET", "/v1/quotes", "limit", "query"),
    ("GET", "/v1/entities/{}/quoted-about", "name", "path"),
    ("GET", "/v1/graph", "speaker", "query"),
    ("GET", "/v1/graph", "about", "query"),
    ("GET", "/v1/graph.graphml", "speaker", "query"),
    ("GET", "/v1/graph.graphml", "about", "query"),
    ("GET", "/v1/articles/{}", "article_id", "path"),
    ("POST", "/v1/articles", "id", "body"),
    ("POST", "/v1/articles", "title", "body"),
    ("POST", "/v1/articles", "source", "body"),
    ("POST", "/v1/articles", "published", "body"),
]


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('sqli') / 'q.db'}"
    else:
        with postgres_database(
            str(request.getfixturevalue("postgres_server")), "quotes_sqli"
        ) as db:
            yield db


@pytest.fixture(scope="module")
def client(url: str) -> Iterator[TestClient]:
    with Store.open(url) as store:
        articles = [Article(**a) for a in synthetic_articles(30, seed=5)]
        assert not ingest_articles(articles, store).errors
    settings = Settings(db=url, api_keys=[SecretStr(KEY)], write_rate_limit=0)
    with TestClient(create_app(settings), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def before(client: TestClient, url: str) -> dict[str, int]:
    with Store(url) as store:
        return store.counts()


def _request(client: TestClient, target: tuple[str, str, str, str], payload: str) -> object:
    method, path, param, where = target
    if where == "path":
        return client.get(path.format(urlquote(payload, safe="")))
    if where == "query":
        return client.get(path, params={param: payload})
    body = {"text": f"Velkin said: “Injected {payload}.”", param: payload}
    return client.post(path, json=body, headers={"X-API-Key": KEY})


@pytest.mark.parametrize("target", TARGETS, ids=lambda t: f"{t[0]} {t[1]} {t[2]}")
def test_injection_is_inert(
    client: TestClient, before: dict[str, int], target: tuple[str, str, str, str]
) -> None:
    for payload in PAYLOADS:
        response = _request(client, target, payload)
        status = response.status_code  # type: ignore[attr-defined]
        assert status < 500, (payload, response.text)  # type: ignore[attr-defined]
        if status != 200:
            assert status in (201, 404, 409, 422), (payload, status)
            continue
        body = response.json()  # type: ignore[attr-defined]
        if target[2] == "q" and target[1] == "/v1/quotes":
            assert body["total"] == 0, payload  # no quote holds the payload
        if target[2] == "q" and target[1] == "/v1/speakers":
            # Names are searched by their folded letters: the payload must act as those.
            letters = fold(payload)
            plain = client.get(target[1], params={"q": letters} if letters else {})
            assert body == plain.json(), payload


def test_the_store_is_intact(client: TestClient, url: str, before: dict[str, int]) -> None:
    for target in TARGETS:
        for payload in PAYLOADS[:3]:
            _request(client, target, payload)
    with Store(url) as store:
        after = store.counts()
    posted = after["articles"] - before["articles"]  # the POSTs with a valid body went in
    assert before["articles"] <= after["articles"] and posted <= len(PAYLOADS) * 4
    assert {k: after[k] >= before[k] for k in before} == dict.fromkeys(before, True)
    listed = client.get("/v1/articles/syn-0000")
    assert listed.status_code == 200 and listed.json()["id"] == "syn-0000"
