"""The API's routers, one module per resource, mounted by :func:`api.main.create_app`.

``page_response`` answers a page of JSON-ready dicts as they are: the routes declare the
schema (``response_model``) for the documentation, and a contract test checks the bodies
against it, but the hot paths skip building and re-serialising models, and serialise with
orjson (the same compact UTF-8 JSON as ``json``, several times faster on these pages).
``problems(...)`` documents a route's error statuses in the OpenAPI schema; the bodies are
RFC 9457 problem documents (:class:`api.schemas.ProblemPublic`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import orjson
from fastapi.responses import Response

from api.deps import Paging
from api.schemas import ProblemPublic, next_offset
from quotes.store.database import Store
from quotes.store.reads import QuoteFilter, quote_page_json

__all__ = [
    "array_page_body",
    "json_response",
    "page_body",
    "page_response",
    "problems",
    "quote_page_response",
]

_WHY = {
    401: "Missing or wrong X-API-Key.",
    404: "Unknown name or id; `suggestions` lists the closest names.",
    409: "The id is taken by an article with another text.",
    413: "The request body is over the size limit.",
    408: "The request body did not arrive in time.",
    422: "Invalid parameters or body (bad JSON, empty text, wrong types), or an article over "
    "its budget (`limit`: characters, token, marks, time, memory).",
    429: "Too many writes from this client; `Retry-After` says when to try again.",
    503: "Every extraction worker is busy; `Retry-After` says when to try again.",
}


def problems(*statuses: int, ok: dict[str, Any] | None = None) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for these error statuses (and another 200 answer, ``ok``)."""
    documented: dict[int | str, dict[str, Any]] = {200: ok} if ok else {}
    for status in statuses:
        documented[status] = {"model": ProblemPublic, "description": _WHY[status]}
    return documented


def page_body(data: Sequence[Mapping[str, object]], total: int, offset: int, **extra: Any) -> bytes:
    """A page as JSON: ``data``, ``total`` (all matches), ``next_offset``, and ``extra``."""
    return _page(data, len(data), total, offset, extra)


def array_page_body(array: bytes, count: int, total: int, offset: int, **extra: Any) -> bytes:
    """:func:`page_body` of ``data`` given as its JSON ``array`` of ``count`` items (as
    :func:`quotes.store.reads.quote_page_json` answers it), written in as it is."""
    return _page(orjson.Fragment(array), count, total, offset, extra)


def _page(data: object, count: int, total: int, offset: int, extra: dict[str, Any]) -> bytes:
    page = {**extra, "data": data, "total": total, "next_offset": next_offset(offset, count, total)}
    return orjson.dumps(page)


def quote_page_response(store: Store, where: QuoteFilter, paging: Paging, **extra: Any) -> Response:
    """The page of quotes ``where`` keeps, as :func:`page_response` answers a page."""
    array, count, total = quote_page_json(store, where, limit=paging.limit, offset=paging.offset)
    return json_response(array_page_body(array, count, total, paging.offset, **extra))


def json_response(body: bytes) -> Response:
    """An ``application/json`` response with a body serialised already."""
    return Response(body, media_type="application/json")


def page_response(
    data: Sequence[Mapping[str, object]], total: int, offset: int, **extra: Any
) -> Response:
    """A page: ``data``, ``total`` (all matches) and ``next_offset``, plus ``extra`` fields."""
    return json_response(page_body(data, total, offset, **extra))
