"""The busiest read answered below FastAPI's router, for requests that need nothing of it.

``GET /v1/speakers/{name}/quotes`` is what newsrooms call all day. Through FastAPI, routing
and validating its path and five query parameters cost more than reading the page from the
database (about 0.35 ms against 0.1 ms for the whole of ``/healthz``, in process).
:class:`SpeakerQuotesFastPath` is a pure ASGI middleware in front of the router: a plain
request (``GET``, a name of 1–200 characters, each known query parameter at most once, in
its canonical form: ``limit`` 1–500, ``offset`` a whole number, dates as ``YYYY-MM-DD``,
``about`` 1–200 characters) is answered with the route's own function,
:func:`api.routes.speakers.speaker_quotes_body`, so the bytes, the cache and the headers are
the same. Anything else goes on to FastAPI unchanged: another route or method, another
parameter, a value that needs coercing or is invalid, and an unknown name or a store error
(the route then answers it as it always has: 404 with suggestions, 500 problem). FastAPI
also documents the route in the OpenAPI schema. This class never writes an error itself;
``QUOTES_FAST_PATH=0`` turns it off.

It is no second read path: the page comes from :func:`quotes.store.reads.quote_page_json`
and is written by :func:`api.routes.array_page_body`, as on the route. After the merge of the read
paths (branch ``reads4``) it is still needed: 0.51x ``/healthz`` requests/s with it, 0.34x
without (``bench/bench_api.py --quotes 100000``, one run each, load average 12).
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qsl

from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from api.deps import MAX_LIMIT, Paging
from api.errors import ProblemError
from api.routes.speakers import DEFAULT_LIMIT, speaker_quotes_body
from quotes.errors import QuotesError
from quotes.models import QUOTE_KINDS

__all__ = ["SpeakerQuotesFastPath", "plain_query"]

_PATH = re.compile(r"/v1/speakers/([^/]{1,200})/quotes")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DIGITS = re.compile(r"[0-9]{1,9}")
_MAX_TEXT = 200


class _NotPlain(Exception):
    """The request needs FastAPI: validation, coercion or an error answer."""


def _date(value: str) -> dt.date:
    if not _DATE.fullmatch(value):
        raise _NotPlain
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _NotPlain from None


def _whole(value: str, low: int, high: int) -> int:
    if not _DIGITS.fullmatch(value) or (value != "0" and value[0] == "0"):
        raise _NotPlain
    number = int(value)
    if not low <= number <= high:
        raise _NotPlain
    return number


def plain_query(
    query: str,
) -> tuple[str | None, dt.date | None, dt.date | None, Paging, str | None] | None:
    """``about``, ``since``, ``until``, the paging and ``kind`` of a plain query string;
    else None.

    None means FastAPI must see the request: an unknown or repeated parameter, or a value
    it would coerce, reject or read differently (``limit=+5``, ``since=20211230``, ``about=``).
    """
    values: dict[str, str] = {}
    for key, value in parse_qsl(query, keep_blank_values=True):
        if key in values or key not in ("about", "since", "until", "limit", "offset", "kind"):
            return None
        values[key] = value
    try:
        about = values.get("about")
        if about is not None and not 1 <= len(about) <= _MAX_TEXT:
            raise _NotPlain
        since = _date(values["since"]) if "since" in values else None
        until = _date(values["until"]) if "until" in values else None
        limit = _whole(values["limit"], 1, MAX_LIMIT) if "limit" in values else DEFAULT_LIMIT
        offset = _whole(values["offset"], 0, 999_999_999) if "offset" in values else 0
        kind = values.get("kind")
        if kind is not None and kind not in QUOTE_KINDS:
            raise _NotPlain  # the route answers 422
    except _NotPlain:
        return None
    return about, since, until, Paging(limit, offset), kind


class SpeakerQuotesFastPath:
    """Answer plain ``GET /v1/speakers/{name}/quotes`` requests; pass on everything else."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        body = await self._answer(scope) if scope["type"] == "http" else None
        if body is None:
            await self.app(scope, receive, send)
            return
        await Response(body, media_type="application/json")(scope, receive, send)

    async def _answer(self, scope: Scope) -> bytes | None:
        if scope["method"] != "GET":
            return None
        path: str = scope["path"]
        root: str = scope.get("root_path", "")
        if root and path.startswith(root):
            path = path[len(root) :]
        match = _PATH.fullmatch(path)
        if match is None:
            return None
        raw: bytes = scope["query_string"]
        parsed = plain_query(raw.decode("latin-1"))
        if parsed is None:
            return None
        about, since, until, paging, kind = parsed
        key = f"{scope['path']}?{raw.decode('latin-1')}" if raw else scope["path"]
        state = scope["app"].state
        try:
            return await speaker_quotes_body(
                state, key, match[1], about, since, until, paging, kind=kind
            )
        except (ProblemError, QuotesError):  # the route answers these, as it always has
            return None
