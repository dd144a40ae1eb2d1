"""Read caches that never serve anything older than the store: names → ids, URL → body.

Every entry carries the *store version* it was computed under, and is served only while
the store is still at that version. The version is one cheap query on a connection of its
own (:class:`StoreVersion`):

* SQLite: ``PRAGMA data_version`` on a connection that never writes. SQLite changes it
  whenever any other connection, in this process or any other (another uvicorn worker,
  ``quotes ingest``), commits to the file; reading it costs a few microseconds.
* PostgreSQL: ``pg_current_snapshot()``, which changes whenever a transaction that was
  given an id (every writing one) starts or ends. It also moves for writes outside the
  quote tables, so it invalidates more often than needed, never less.

The version is read *before* the work whose result is cached, so an entry is never older
than its version, and a write between the two only makes the entry unreachable. Both
caches are bounded LRUs (names by count, bodies by bytes), per process.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Generic, ParamSpec, TypeVar

from fastapi import Depends, Request
from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool

from api.lookup import not_found
from quotes.errors import StoreError
from quotes.store import reads
from quotes.store.database import Store

__all__ = [
    "DEFAULT_BODY_BYTES",
    "DEFAULT_NAMES",
    "ReadCache",
    "ReadCacheDep",
    "StoreVersion",
    "VersionedLRU",
    "get_read_cache",
    "resolve_cached",
    "run_read",
    "url_key",
]

DEFAULT_NAMES = 20_000  # names → ids: small entries, and a newsroom asks about few people
DEFAULT_BODY_BYTES = 32 << 20  # response bodies, per worker process

_VERSION_SQL = {
    "sqlite": "PRAGMA data_version",
    "postgresql": "SELECT pg_current_snapshot()::text",
}

V = TypeVar("V")
T = TypeVar("T")
P = ParamSpec("P")


class StoreVersion:
    """A token that changes whenever anything commits to the store."""

    def __init__(self, store: Store) -> None:
        if store.dialect not in _VERSION_SQL:
            raise StoreError(f"no cheap store version for the {store.dialect} dialect")
        self._sql = _VERSION_SQL[store.dialect]
        self._lock = threading.Lock()  # one DB-API connection, used by one thread at a time
        try:
            # Out of the pool for good: this connection only ever reads the version.
            self._connection = store.engine.raw_connection()
            if store.dialect == "postgresql":
                # Before detach(): a detached connection no longer exposes driver_connection.
                self._connection.driver_connection.autocommit = True  # type: ignore[union-attr]
            self._connection.detach()
        except SQLAlchemyError as err:
            raise StoreError(f"database error: {err}") from err
        self._dbapi = store.engine.dialect.loaded_dbapi

    def current(self) -> object:
        """The store's version now."""
        with self._lock:
            cursor = self._connection.cursor()
            try:
                cursor.execute(self._sql)
                (version,) = cursor.fetchone() or (None,)
            except self._dbapi.Error as err:
                raise StoreError(f"database error: {err}") from err
            finally:
                cursor.close()
        return version

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._connection.close()


@dataclass(frozen=True, slots=True)
class _Entry(Generic[V]):
    version: object
    value: V
    size: int


class VersionedLRU(Generic[V]):
    """A least-recently-used map whose entries are valid for one store version only."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity  # in units of ``size``: entries, or bytes
        self._entries: OrderedDict[str, _Entry[V]] = OrderedDict()
        self._used = 0
        self._lock = threading.Lock()  # sync routes use it from the threadpool too

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: str, version: object) -> V | None:
        """The value cached for ``key`` at ``version``, if any."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry.version != version:
                self._drop(key)
                return None
            self._entries.move_to_end(key)
            return entry.value

    def put(self, key: str, version: object, value: V, size: int = 1) -> None:
        """Keep ``value`` for ``key`` at ``version``, evicting the least recently used."""
        if size > self.capacity:
            return
        with self._lock:
            if key in self._entries:
                self._drop(key)
            self._entries[key] = _Entry(version, value, size)
            self._used += size
            while self._used > self.capacity:
                self._drop(next(iter(self._entries)))

    def _drop(self, key: str) -> None:
        self._used -= self._entries.pop(key).size


class ReadCache:
    """The store's version and the two caches it guards, for one app (one process)."""

    def __init__(
        self, store: Store, *, names: int = DEFAULT_NAMES, body_bytes: int = DEFAULT_BODY_BYTES
    ) -> None:
        self.version = StoreVersion(store)
        self.names: VersionedLRU[tuple[int, ...]] = VersionedLRU(names)
        self.bodies: VersionedLRU[bytes] = VersionedLRU(body_bytes)
        # SQLite reads are local and sub-millisecond: the routes run them on the event loop.
        self.inline = store.dialect == "sqlite"

    def close(self) -> None:
        """Release the version connection."""
        self.version.close()


async def get_read_cache(request: Request) -> ReadCache:
    """The read cache opened at start-up."""
    cache: ReadCache = request.app.state.read_cache
    return cache


ReadCacheDep = Annotated[ReadCache, Depends(get_read_cache)]


def url_key(request: Request) -> str:
    """The cache key of a request: its path and raw query string, as sent."""
    path: str = request.scope["path"]
    query: bytes = request.scope["query_string"]
    return f"{path}?{query.decode('latin-1')}" if query else path


async def run_read(cache: ReadCache, read: Callable[P, T], *args: P.args, **kw: P.kwargs) -> T:
    """``read(...)`` on the event loop for SQLite, in the threadpool otherwise.

    A SQLite read through an index costs a few hundred microseconds of CPU and never waits
    for a writer (WAL); the threadpool hop and the GIL hand-over between two threads cost
    as much again. A PostgreSQL read waits on the network, so it must not hold the loop.
    """
    if cache.inline:
        return read(*args, **kw)
    return await run_in_threadpool(read, *args, **kw)


async def resolve_cached(
    cache: ReadCache,
    store: Store,
    version: object,
    name: str,
    *,
    what: str = "entity",
    speakers_only: bool = False,
) -> list[int]:
    """Ids of the entities ``name`` names (cached per version); a 404 problem if none."""
    ids = cache.names.get(name, version)
    if ids is None:
        found = await run_read(cache, reads.resolve_exact, store, name)
        if not found:  # fuzzy matching and suggestions take milliseconds: off the loop
            found = await run_in_threadpool(reads.resolve_variants, store, name)
        if not found:
            raise await run_in_threadpool(
                not_found, store, name, what=what, speakers_only=speakers_only
            )
        ids = tuple(found)
        cache.names.put(name, version, ids)
    return list(ids)
