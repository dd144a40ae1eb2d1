"""Dependencies the routes declare: the settings, the store, the extractor, the write key.

Paging is one dependency too (``limit``, ``offset``).
Everything is opened once in the app's lifespan and kept on ``app.state``; these functions
only hand it out (``async``, so FastAPI does not send them to the threadpool). A write first
passes the per-client rate limit (:mod:`api.ratelimit`; 429 with ``Retry-After``), so key
guessing is throttled too, then the key check. The write key is compared in constant time
against every configured key (``hmac.compare_digest``, all keys every time), so neither
timing nor the number of keys tells an attacker anything; the key is never logged or echoed.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query, Request, Security
from fastapi.security import APIKeyHeader

from api.errors import ProblemError
from api.extraction import Extractor
from api.ratelimit import RateLimiter
from api.settings import Settings
from quotes.store.database import Store

__all__ = [
    "API_KEY_HEADER",
    "ApiKeyDep",
    "ExtractorDep",
    "MAX_LIMIT",
    "MAX_OFFSET",
    "Paging",
    "PagingDep",
    "SettingsDep",
    "StoreDep",
    "get_extractor",
    "get_paging",
    "get_settings",
    "get_store",
    "limit_writes",
    "require_api_key",
]

API_KEY_HEADER = "X-API-Key"
_api_key = APIKeyHeader(
    name=API_KEY_HEADER,
    auto_error=False,
    description="A key from QUOTES_API_KEY or QUOTES_API_KEYS; needed to write.",
)
_CHALLENGE = {"WWW-Authenticate": f'ApiKey header="{API_KEY_HEADER}"'}


async def get_settings(request: Request) -> Settings:
    """The settings the app was created with."""
    settings: Settings = request.app.state.settings
    return settings


async def get_store(request: Request) -> Store:
    """The store opened (and upgraded) at start-up."""
    store: Store = request.app.state.store
    return store


async def get_extractor(request: Request) -> Extractor:
    """The extractor whose pipeline was loaded at start-up."""
    extractor: Extractor = request.app.state.extractor
    return extractor


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[Store, Depends(get_store)]
ExtractorDep = Annotated[Extractor, Depends(get_extractor)]


def _matches(given: bytes, keys: list[bytes]) -> bool:
    matched = False
    for key in keys:  # no early exit: the time does not depend on which key matched
        matched |= hmac.compare_digest(given, key)
    return matched


async def require_api_key(
    settings: SettingsDep, key: Annotated[str | None, Security(_api_key)]
) -> None:
    """401 unless ``X-API-Key`` holds one of the configured keys."""
    keys = settings.key_values()
    if not keys:
        raise ProblemError(
            401, "writes are disabled: the server has no API key (set QUOTES_API_KEY)",
            headers=_CHALLENGE,
        )  # fmt: skip
    if not key:
        raise ProblemError(401, f"the {API_KEY_HEADER} header is missing", headers=_CHALLENGE)
    if not _matches(key.encode("utf-8"), keys):
        raise ProblemError(
            401, f"the {API_KEY_HEADER} header holds no valid key", headers=_CHALLENGE
        )


def _write_limiter(request: Request, settings: Settings) -> RateLimiter | None:
    # Made on first use and kept with the app: the app factory stays as it is.
    if settings.write_rate_limit == 0:
        return None
    limiter: RateLimiter | None = getattr(request.app.state, "write_limiter", None)
    if limiter is None:
        limiter = RateLimiter(settings.write_rate_limit, settings.write_rate_window)
        request.app.state.write_limiter = limiter
    return limiter


async def limit_writes(request: Request, settings: SettingsDep) -> None:
    """429 when this client (its address) is over the write rate limit."""
    limiter = _write_limiter(request, settings)
    if limiter is None:
        return
    client = request.client.host if request.client else "unknown"
    wait = limiter.acquire(client)
    if wait > 0:
        raise ProblemError(
            429,
            f"too many writes: at most {limiter.limit} per {limiter.window:g} s per client",
            headers={"Retry-After": limiter.retry_after(wait)},
        )


async def guard_write(
    _limited: Annotated[None, Depends(limit_writes)],
    _keyed: Annotated[None, Depends(require_api_key)],
) -> None:
    """A write passes the rate limit, then the key check (FastAPI runs them in this order)."""


ApiKeyDep = Depends(guard_write)


MAX_LIMIT = 500
# The largest offset the stores can take: SQLite's INTEGER and PostgreSQL's bigint are
# 64-bit signed. Past it the driver overflowed (a 500); now it is a 422 like any bad value.
MAX_OFFSET = 2**63 - 1


@dataclass(frozen=True, slots=True)
class Paging:
    """Which page of a list: at most ``limit`` items after skipping ``offset``."""

    limit: int
    offset: int


async def get_paging(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page.")] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip.")] = 0,
) -> Paging:
    """``limit`` and ``offset`` from the query string."""
    return Paging(limit, offset)


PagingDep = Annotated[Paging, Depends(get_paging)]
