"""The holes issue 16 found in the API, each closed: bounded offsets, HEAD, nosniff,
relative redirects, ids that stay reachable, names with "/", redacted access logs, a body
read timeout."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from conftest import API_KEY, TestClient
from helpers import assert_problem

from api.deps import MAX_OFFSET
from api.hardening import RedactQuery, redact
from api.main import create_app
from api.settings import Settings
from quotes.models import Article, EntityRef, Quote, TextSpan
from quotes.store.database import Store

_PAGED = [
    "/v1/quotes",
    "/v1/speakers",
    "/v1/speakers/Psaki/quotes",
    "/v1/entities/Russia/quoted-about",
]


@pytest.mark.parametrize("path", _PAGED)
@pytest.mark.parametrize(
    "offset, status",
    [
        (MAX_OFFSET + 1, 422),  # was a 500 (OverflowError into SQLite INTEGER)
        (10**30, 422),
        (-1, 422),
        (MAX_OFFSET, 200),  # the largest the store takes: an empty page
        (0, 200),
    ],
)
def test_offset_is_bounded_on_every_paged_endpoint(
    client: TestClient, path: str, offset: int, status: int
) -> None:
    response = client.get(path, params={"offset": offset})
    if status == 422:
        assert_problem(response, 422)
    else:
        assert response.status_code == 200, response.text
        if offset:
            assert response.json()["data"] == []


@pytest.mark.parametrize(
    "path",
    ["/healthz", "/v1/speakers", "/v1/speakers/Psaki/quotes", "/v1/speakers/Psaki",
     "/v1/quotes?q=war", "/v1/graph.graphml", "/", "/static/app.css"],
)  # fmt: skip
def test_head_wherever_get(client: TestClient, path: str) -> None:
    get, head = client.get(path), client.head(path)
    assert get.status_code == 200 and head.status_code == 200, (path, head.status_code)
    assert head.content == b""
    assert head.headers.get("content-type") == get.headers.get("content-type")
    if "content-length" in get.headers:
        assert head.headers["content-length"] == get.headers["content-length"]


def test_head_where_no_get_is_still_405(client: TestClient) -> None:
    response = client.head("/v1/articles")
    assert response.status_code == 405 and response.content == b""


@pytest.mark.parametrize(
    "method, path, status",
    [
        ("GET", "/healthz", 200),
        ("GET", "/v1/speakers/Psaki/quotes", 200),  # the fast path
        ("GET", "/v1/speakers/Nobody-at-all/quotes", 404),
        ("GET", "/v1/quotes?limit=0", 422),
        ("GET", "/static/app.css", 200),
        ("GET", "/speakers/Psaki", 200),
        ("GET", "/no-such-thing", 404),
        ("POST", "/v1/articles", 401),
        ("DELETE", "/v1/quotes", 405),
    ],
)
def test_nosniff_on_every_response(client: TestClient, method: str, path: str, status: int) -> None:
    response = client.request(method, path)
    assert response.status_code == status
    assert response.headers["x-content-type-options"] == "nosniff"


def test_nosniff_on_a_refused_body(client: TestClient) -> None:
    big = {"text": "x" * (70 * 1024)}  # over the tests' 64 KiB limit
    response = client.post("/v1/articles", json=big, headers={"X-API-Key": API_KEY})
    assert response.status_code == 413
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8443", "testserver"])
def test_redirects_do_not_echo_the_host(client: TestClient, host: str) -> None:
    response = client.get("/v1/quotes/", headers={"Host": host}, follow_redirects=False)
    assert response.status_code in (307, 308)
    assert response.headers["location"] == "/v1/quotes"
    assert host not in response.headers["location"]


@pytest.mark.parametrize(
    "article_id, status",
    [(".", 422), ("..", 422), ("...", 422), ("a.b", 201), (".hidden", 201), ("x" * 129, 422)],
)
def test_ids_that_a_url_cannot_reach_are_refused(
    client: TestClient, article_id: str, status: int
) -> None:
    text = f"“Ids must be reachable,” said Mara Velkin about the id {article_id[:10]}."
    body = {"id": article_id, "text": text}
    response = client.post("/v1/articles", json=body, headers={"X-API-Key": API_KEY})
    assert response.status_code == status, response.text
    if status == 201:
        assert client.get(f"/v1/articles/{article_id}").json()["id"] == article_id


@pytest.fixture(scope="module")
def slash_client(settings: Settings, db_url: str) -> Iterator[TestClient]:
    """The module's store with a speaker named "AC/DC" in it."""
    text = "“We play loud,” said AC/DC, the band."
    band = EntityRef("AC/DC", "organization")
    quote = Quote(
        start=1, end=14, text=text[1:14], speaker=band, role=None,
        speaker_mention=TextSpan("AC/DC", 21, 26), cue=TextSpan("said", 16, 20), about=(),
        rule="test", confidence=0.9,
    )  # fmt: skip
    with Store.open(db_url) as store:
        store.add_article(Article(text=text, id="acdc"), [quote])
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.mark.parametrize(
    "path", ["/v1/speakers/AC%2FDC", "/v1/speakers/AC%2FDC/quotes", "/v1/speakers/AC/DC/quotes"]
)
def test_a_name_with_a_slash_is_reachable(slash_client: TestClient, path: str) -> None:
    response = slash_client.get(path)
    assert response.status_code == 200, response.text
    body = response.json()
    name = body["name"] if "name" in body else body["data"][0]["speaker"]["name"]
    assert name == "AC/DC"


def test_a_name_with_a_slash_has_its_page(slash_client: TestClient) -> None:
    assert slash_client.get("/speakers/AC%2FDC").status_code == 200


@pytest.mark.parametrize(
    "target, expected",
    [
        ("/v1/quotes?api_key=s3cret&q=war", "/v1/quotes?api_key=***&q=***"),
        ("/v1/quotes?key=a%20b", "/v1/quotes?key=***"),
        ("/v1/quotes?flag", "/v1/quotes?flag=***"),
        ("/v1/quotes", "/v1/quotes"),  # nothing to redact
        ("/healthz?", "/healthz?"),
    ],
)
def test_query_values_are_redacted(target: str, expected: str) -> None:
    assert redact(target) == expected


def test_the_access_log_filter_redacts_the_target() -> None:
    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5", "GET", "/v1/quotes?api_key=s3cret", "1.1", 401), None,
    )  # fmt: skip
    assert RedactQuery().filter(record)
    assert "s3cret" not in record.getMessage() and "api_key=***" in record.getMessage()
