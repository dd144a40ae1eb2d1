"""What every response gets, whatever route answers: ``HEAD``, ``nosniff``, relative redirects,
and an access log without query strings' values.

:class:`HardeningMiddleware` is the outermost layer of the app:

- ``HEAD`` is answered wherever ``GET`` is (FastAPI's routes list ``GET`` only, so ``HEAD``
  was a 405): the request goes on as a ``GET`` and the body is dropped, the headers
  (``Content-Length`` included) are those the ``GET`` would send;
- ``X-Content-Type-Options: nosniff`` on every response, so a browser never reads a JSON
  body (which may quote an article's markup) as HTML;
- a redirect to this server (Starlette's trailing-slash redirect builds it from the
  request's ``Host``) goes out as a relative ``Location``, so a forged ``Host`` is never
  echoed into a link.

:class:`RedactQuery` is a logging filter for uvicorn's access log: every query parameter's
value becomes ``***`` (a key passed as ``?api_key=`` is refused, but it used to reach the log
verbatim; searches may be personal too). :func:`install_log_redaction` adds it once.
"""

from __future__ import annotations

import logging
from urllib.parse import parse_qsl, urlencode, urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["HardeningMiddleware", "RedactQuery", "install_log_redaction", "redact"]

_NOSNIFF = (b"x-content-type-options", b"nosniff")


class HardeningMiddleware:
    """``HEAD`` as ``GET`` without a body, ``nosniff`` everywhere, relative redirects."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        head = scope["method"] == "HEAD"
        if head:
            scope = {**scope, "method": "GET"}  # a copy: the server still knows it was HEAD
        host = dict(scope["headers"]).get(b"host", b"").decode("latin-1")

        async def guarded(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": _headers(message.get("headers", []), host)}
            elif message["type"] == "http.response.body" and head:
                if message.get("more_body", False):
                    return  # a streamed body: read to its end, sent to nobody
                message = {**message, "body": b""}
            await send(message)

        await self.app(scope, receive, guarded)


def _headers(headers: list[tuple[bytes, bytes]], host: str) -> list[tuple[bytes, bytes]]:
    out = [(k, _relative(v, host) if k.lower() == b"location" else v) for k, v in headers]
    if not any(k.lower() == _NOSNIFF[0] for k, _ in out):
        out.append(_NOSNIFF)
    return out


def _relative(location: bytes, host: str) -> bytes:
    parts = urlsplit(location.decode("latin-1"))
    if not parts.netloc or parts.netloc != host:
        return location  # already relative, or another site on purpose
    path = parts.path or "/"
    return (path + (f"?{parts.query}" if parts.query else "")).encode("latin-1")


def redact(target: str) -> str:
    """``target`` (a path with a query string) with every query value replaced by ``***``."""
    path, sep, query = target.partition("?")
    if not sep:
        return target
    pairs = parse_qsl(query, keep_blank_values=True)
    return f"{path}?{urlencode([(key, '***') for key, _ in pairs], safe='*')}"


class RedactQuery(logging.Filter):
    """Redact the request target of uvicorn's access log records (its third argument)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], redact(args[2]), *args[3:])
        return True


def install_log_redaction(logger_name: str = "uvicorn.access") -> None:
    """Add :class:`RedactQuery` to the access logger, once per process."""
    logger = logging.getLogger(logger_name)
    if not any(isinstance(f, RedactQuery) for f in logger.filters):
        logger.addFilter(RedactQuery())
