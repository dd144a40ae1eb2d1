"""The API's routers, one module per resource, mounted by :func:`api.main.create_app`.

``problems(...)`` documents a route's error statuses in the OpenAPI schema; the bodies are
RFC 9457 problem documents (:class:`api.schemas.ProblemPublic`).
"""

from __future__ import annotations

from typing import Any

from api.schemas import ProblemPublic

__all__ = ["problems"]

_WHY = {
    401: "Missing or wrong X-API-Key.",
    404: "Unknown name or id; `suggestions` lists the closest names.",
    409: "The id is taken by an article with another text.",
    413: "The request body is over the size limit.",
    422: "Invalid parameters or body (bad JSON, empty text, wrong types).",
}


def problems(*statuses: int, ok: dict[str, Any] | None = None) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for these error statuses (and another 200 answer, ``ok``)."""
    documented: dict[int | str, dict[str, Any]] = {200: ok} if ok else {}
    for status in statuses:
        documented[status] = {"model": ProblemPublic, "description": _WHY[status]}
    return documented
