"""How ``quotes serve`` runs uvicorn: slow clients cut off, proxy headers trusted only from
the addresses named.

uvicorn's h11 protocol has a keep-alive timeout between requests but none for the request
itself: a client that opens a connection and sends its headers a byte every few seconds
(slowloris) holds it for ever. :class:`GuardedH11Protocol` gives every request
``QUOTES_HEADER_TIMEOUT`` seconds (default 10) from the connection's start, or from the end
of the previous response, to finish its headers, and closes the connection otherwise. The
body has its own limit (``QUOTES_BODY_TIMEOUT``, :mod:`api.middleware`). Headers are capped
at 16 KiB (h11's incomplete-event limit).

Proxy headers (``X-Forwarded-For``, ``X-Forwarded-Proto``) are ignored unless
``--forwarded-allow-ips`` names the proxies that may set them: otherwise a client could
claim any address and pass the per-client write limit (:mod:`api.ratelimit`) with a new
one each time.
"""

from __future__ import annotations

import asyncio
from functools import cache
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = ["GuardedH11Protocol", "MAX_HEADER_BYTES", "uvicorn_options"]

MAX_HEADER_BYTES = 16 * 1024
KEEP_ALIVE_SECONDS = 5


@cache
def _header_timeout() -> float:
    # uvicorn makes the protocol, not us, so the setting cannot be handed over: it is read
    # from the environment once per process, as the app reads it.
    from api.settings import Settings

    return Settings().header_timeout


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline for each request's headers."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._header_deadline: asyncio.TimerHandle | None = None
        self._waiting_since: object = None  # the cycle before the request we wait for

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)  # type: ignore[arg-type]
        self._arm()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self._header_deadline is not None and self.cycle is not self._waiting_since:
            self._disarm()  # the headers are in: a new request cycle started

    def on_response_complete(self) -> None:
        finished = self.cycle
        super().on_response_complete()  # may start a pipelined request already
        if self.cycle is finished and not self.transport.is_closing():
            self._arm()  # the next request's headers get their own deadline

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._waiting_since = self.cycle
        self._header_deadline = self.loop.call_later(_header_timeout(), self._too_slow)

    def _disarm(self) -> None:
        if self._header_deadline is not None:
            self._header_deadline.cancel()
            self._header_deadline = None

    def _too_slow(self) -> None:
        self._header_deadline = None
        if self.cycle is self._waiting_since and not self.transport.is_closing():
            self.transport.close()


def uvicorn_options(forwarded_allow_ips: str | None) -> dict[str, Any]:
    """The keyword arguments of ``uvicorn.run`` that harden the server."""
    return {
        "http": GuardedH11Protocol,
        "timeout_keep_alive": KEEP_ALIVE_SECONDS,
        "h11_max_incomplete_event_size": MAX_HEADER_BYTES,
        # No proxy named: proxy headers are not read at all (uvicorn trusts 127.0.0.1 else).
        "proxy_headers": bool(forwarded_allow_ips),
        "forwarded_allow_ips": forwarded_allow_ips or "",
    }
