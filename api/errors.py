"""Every error as RFC 9457 ``application/problem+json``, and never a stack trace.

A problem body has ``type`` (``about:blank``: the status says it all), ``title`` (the status
phrase), ``status``, ``detail`` (what went wrong, for a person) and ``instance`` (the path).
Extensions ride along: ``errors`` for a 422 (where and why, without echoing the input),
``suggestions`` for an unknown name. The library's errors map to statuses here, in one place:

====================  ======  ====================================================
``NotFoundError``     404     no such article or entity
``BudgetError``       422     over a budget (size, token, marks, time, memory): ``limit``
``InputError``        422     text that cannot be processed (empty, too long)
``BusyError``         503     every extraction worker busy, the queue full: ``Retry-After``
``ModelNotFoundError``  503   the spaCy model is not installed
``StoreError``        500     the database failed (details are logged, not shown)
``QuotesError``       500     anything else from the library
====================  ======  ====================================================
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from quotes.errors import (
    BudgetError,
    BusyError,
    InputError,
    ModelNotFoundError,
    NotFoundError,
    QuotesError,
)

__all__ = ["PROBLEM_JSON", "ProblemError", "install_error_handlers", "problem_response"]

PROBLEM_JSON = "application/problem+json"
logger = logging.getLogger("api")


class ProblemError(Exception):
    """An error the API answers with a problem document: a status, a detail and extensions."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        headers: Mapping[str, str] | None = None,
        **extensions: Any,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.headers = dict(headers or {})
        self.extensions = extensions


def problem_response(
    status: int,
    detail: str,
    *,
    instance: str | None = None,
    headers: Mapping[str, str] | None = None,
    **extensions: Any,
) -> JSONResponse:
    """A ``application/problem+json`` response."""
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": _title(status),
        "status": status,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance
    body.update(extensions)
    return JSONResponse(
        body, status_code=status, headers=dict(headers or {}), media_type=PROBLEM_JSON
    )


def _title(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def _problem_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ProblemError)
    return problem_response(
        exc.status, exc.detail, instance=request.url.path, headers=exc.headers, **exc.extensions
    )


def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else _title(exc.status_code)
    return problem_response(exc.status_code, detail, instance=request.url.path, headers=exc.headers)


def _location(loc: Sequence[Any]) -> str:
    return ".".join(str(part) for part in loc)


def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    # loc/msg/type only: "input" would echo the request (a whole article) back.
    errors = [
        {"loc": _location(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
        for e in exc.errors()
    ]
    if any(e["type"] == "json_invalid" for e in errors):
        detail = "the request body is not valid JSON"
    else:
        detail = "; ".join(f"{e['loc']}: {e['msg']}" for e in errors) or "invalid request"
    return problem_response(422, detail, instance=request.url.path, errors=errors)


def _quotes_error(request: Request, exc: Exception) -> JSONResponse:
    path = request.url.path
    if isinstance(exc, NotFoundError):
        return problem_response(404, str(exc), instance=path)
    if isinstance(exc, BudgetError):
        return problem_response(422, str(exc), instance=path, limit=exc.limit)
    if isinstance(exc, InputError):
        return problem_response(422, str(exc), instance=path)
    if isinstance(exc, BusyError):
        headers = {"Retry-After": str(exc.retry_after)}
        return problem_response(503, str(exc), instance=path, headers=headers)
    if isinstance(exc, ModelNotFoundError):
        logger.error("model not available: %s", exc)
        return problem_response(503, "the extraction model is not available", instance=path)
    # StoreError and the rest: the message may name tables or the database URL; log it only.
    logger.error("%s on %s %s: %s", type(exc).__name__, request.method, path, exc)
    return problem_response(500, "the server could not complete the request", instance=path)


def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    logger.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem_response(
        500, "the server could not complete the request", instance=request.url.path
    )


def install_error_handlers(app: FastAPI) -> None:
    """Register the problem+json handlers on ``app``."""
    app.add_exception_handler(ProblemError, _problem_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(QuotesError, _quotes_error)
    # Starlette runs the handler for Exception in its outermost middleware, after any other.
    app.add_exception_handler(Exception, _unexpected_error)
