"""Hostile requests through ``POST /v1/articles`` (TestClient): never a 5xx, never a trace.

Property-based (hypothesis, derandomized): thousands of JSON bodies whose text comes from
:mod:`reliability.hostile` and whose other fields are random, valid or not, then raw bodies
that are not JSON at all, then bodies at and over the size limit. Every answer is a 2xx with
the article's quotes, a 409 for an id already taken, or a 400/413/422 problem document; no
answer is a 5xx, none shows a stack trace, and each comes within its time budget.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from pydantic import SecretStr

from api.main import create_app
from api.schemas import ARTICLE_ID_PATTERN
from api.settings import Settings
from reliability.hostile import fuzz_settings, hostile_text
from reliability.support import FUZZ_COUNTS

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", "Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

KEY = "fuzz-key"
HEADERS = {"X-API-Key": KEY}
LIMIT = 64 * 1024
_TRACE = re.compile(r"Traceback|File \"|line \d+, in |/site-packages/|\.py\b")
_BUDGET_S = 30.0  # a short text takes milliseconds, a 64 KiB one full of quotes about 9 s


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    path: Path = tmp_path_factory.mktemp("fuzz") / "fuzz.db"
    settings = Settings(
        db=f"sqlite:///{path}", api_keys=[SecretStr(KEY)], max_body_bytes=LIMIT, write_rate_limit=0
    )
    with TestClient(create_app(settings), raise_server_exceptions=False) as test_client:
        yield test_client


def assert_clean(response: httpx.Response, elapsed: float) -> None:
    """No 5xx, no stack trace, a problem document for every error, within the budget."""
    assert response.status_code < 500, response.text[:2000]
    assert elapsed < _BUDGET_S, f"{elapsed:.1f} s"
    if response.status_code >= 400:
        assert response.headers["content-type"] == "application/problem+json"
        body = response.json()
        assert body["status"] == response.status_code and body["detail"]
        assert not _TRACE.search(body["detail"]), body["detail"]
        assert not _TRACE.search(response.text), response.text[:2000]


def _post(client: TestClient, **kwargs: Any) -> httpx.Response:
    started = time.monotonic()
    kwargs["headers"] = {**HEADERS, "Content-Type": "application/json", **kwargs.get("headers", {})}
    response = client.post("/v1/articles", **kwargs)
    assert_clean(response, time.monotonic() - started)
    return response


_ids = st.one_of(st.none(), st.from_regex(ARTICLE_ID_PATTERN, fullmatch=True), st.text(max_size=12))
_dates = st.one_of(st.none(), st.dates().map(dt.date.isoformat), st.text(max_size=12))
_short = st.one_of(st.none(), st.text(max_size=40))


@fuzz_settings(3500)
@given(text=hostile_text(), id_=_ids, title=_short, source=_short, published=_dates)
@example(text="\x00", id_=None, title=None, source=None, published=None)
@example(text="” “ « » „ ‚ ‘", id_="x", title="</title>", source="'; --", published="2024-02-30")
def test_post_survives_hostile_articles(
    client: TestClient,
    text: str,
    id_: str | None,
    title: str | None,
    source: str | None,
    published: str | None,
) -> None:
    FUZZ_COUNTS["POST /v1/articles"] += 1
    payload = {"text": text, "id": id_, "title": title, "source": source, "published": published}
    response = _post(client, json=payload)
    if response.status_code in (200, 201):
        body = response.json()
        assert body["count"] == len(body["quotes"])
        for quote in body["quotes"]:
            assert body["text"][quote["start"] : quote["end"]] == quote["text"]
    elif not text.strip():
        assert response.status_code == 422
    else:
        assert response.status_code in (409, 422), response.text


@fuzz_settings(500)
@given(raw=st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode)))
@example(raw=b'{"text": "He said \\"\\ud800\\"."}')
@example(raw=b'{"text": "' + b"\xff\xfe" + b'"}')
@example(raw=b'{"text": 1e999}')
@example(raw=b"[" * 5000 + b"]" * 5000)
@example(raw=b'{"text": "ok", "text": "twice"}')
def test_post_survives_raw_bodies(client: TestClient, raw: bytes) -> None:
    FUZZ_COUNTS["POST /v1/articles (raw)"] += 1
    response = _post(client, content=raw)
    assert response.status_code in (200, 201, 400, 409, 422), response.text


def _body_of_size(size: int) -> bytes:
    """A JSON article body of exactly ``size`` bytes: made-up prose with quotes."""
    sentence = "Velkin said: “The harbour will stay open,” on Monday. "
    head, tail = b'{"text": "', b'"}'
    room = size - len(head) - len(tail)
    prose = (sentence * (room // len(sentence.encode()) + 1)).encode()[:room]
    while True:  # do not cut a multi-byte character in half
        try:
            prose.decode()
            break
        except UnicodeDecodeError:
            prose = prose[:-1] + b" "
    body = head + prose + tail
    assert len(body) == size
    json.loads(body)
    return body


def test_body_at_the_limit_is_processed(client: TestClient) -> None:
    response = _post(client, content=_body_of_size(LIMIT))
    assert response.status_code == 201, response.text
    assert response.json()["count"] > 10


@pytest.mark.parametrize("over", [1, LIMIT])
def test_body_over_the_limit_is_413(client: TestClient, over: int) -> None:
    response = _post(client, content=_body_of_size(LIMIT + over))
    assert response.status_code == 413


def test_chunked_body_over_the_limit_is_413(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        body = _body_of_size(LIMIT + 1)
        for i in range(0, len(body), 4096):
            yield body[i : i + 4096]

    response = _post(client, content=chunks())
    assert response.status_code == 413
