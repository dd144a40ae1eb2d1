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

from api.schemas import ProblemPublic, next_offset

__all__ = ["json_response", "page_body", "page_response", "problems"]

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
    page = {
        **extra,
        "data": data,
        "total": total,
        "next_offset": next_offset(offset, len(data), total),
    }
    return orjson.dumps(page)


def json_response(body: bytes) -> Response:
    """An ``application/json`` response with a body serialised already."""
    return Response(body, media_type="application/json")


def page_response(
    data: Sequence[Mapping[str, object]], total: int, offset: int, **extra: Any
) -> Response:
    """A page: ``data``, ``total`` (all matches) and ``next_offset``, plus ``extra`` fields."""
    return json_response(page_body(data, total, offset, **extra))
