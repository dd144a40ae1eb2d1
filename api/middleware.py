"""A request-body size limit enforced on the raw bytes, before anything parses them.

:class:`BodyLimitMiddleware` answers 413 (problem+json) at once when ``Content-Length`` is over
the limit, and otherwise reads the body itself, counting bytes as they arrive, so a chunked
body without a length is cut off as soon as it passes the limit instead of being buffered
whole. A body within the limit is replayed to the application unchanged. A request with
neither ``Content-Length`` nor ``Transfer-Encoding`` has no body in HTTP/1.1 and passes
straight through, so GET requests pay nothing. The whole body must arrive within
``timeout`` seconds (a client trickling a byte at a time would otherwise hold the request,
and its place in the queue, for ever): past it the answer is 408 and the connection closes.
"""

from __future__ import annotations

import asyncio
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import problem_response

__all__ = ["BodyLimitMiddleware"]


class _TooLarge(Exception):
    pass


class _Disconnected(Exception):
    pass


class _TooSlow(Exception):
    pass


class BodyLimitMiddleware:
    """Refuse request bodies over ``max_bytes`` with a 413 problem document."""

    def __init__(self, app: ASGIApp, max_bytes: int, timeout: float = 30.0) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.timeout = timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        length = headers.get(b"content-length")
        if length is None and b"transfer-encoding" not in headers:
            await self.app(scope, receive, send)
            return
        try:
            if _declared(length) > self.max_bytes:
                raise _TooLarge
            body = await self._read(receive)
        except _TooLarge:
            await self._refuse(scope, receive, send)
            return
        except _TooSlow:
            response = problem_response(
                408,
                f"the request body did not arrive within {self.timeout:g} s",
                instance=scope.get("path"),
                headers={"Connection": "close"},
            )
            await response(scope, receive, send)
            return
        except _Disconnected:
            return
        await self.app(scope, _replay(body, receive), send)

    async def _read(self, receive: Receive) -> bytes:
        chunks: list[bytes] = []
        size = 0
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                message = await asyncio.wait_for(receive(), deadline - time.monotonic())
            except TimeoutError:
                raise _TooSlow from None
            if message["type"] == "http.disconnect":
                raise _Disconnected
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                raise _TooLarge
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = problem_response(
            413,
            f"the request body is larger than the limit of {self.max_bytes:,} bytes",
            instance=scope.get("path"),
            # The rest of the body is not read: the connection cannot be reused.
            headers={"Connection": "close"},
        )
        await response(scope, receive, send)


def _declared(length: bytes | None) -> int:
    # The server rejects a malformed Content-Length itself; here it only gates the fast path.
    try:
        return int(length) if length is not None else 0
    except ValueError:
        return 0


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if sent:
            return await receive()  # http.disconnect, when the client goes away
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replayed
