"""PostgreSQL write locks: one per article and one per name key, so writers run in parallel.

SQLite has one writer at a time (``BEGIN IMMEDIATE``) and needs none of this. On PostgreSQL
each :meth:`quotes.store.database.Store.add_article` transaction first takes transaction-level
advisory locks (:func:`write_locks`, one statement), always in this order, so two writers
can never wait for each other in a cycle:

1. the old global write lock :data:`LEGACY_WRITE_LOCK`, **shared**: writers of this version
   never wait for each other on it, and a writer of an older version (which took it
   exclusively) still excludes them all during a rolling upgrade;
2. the article's locks, **exclusive**, in sorted order: its content hash and its id (and,
   when it replaces a stored article with another id, that id too). The same text or the
   same id arriving twice is therefore one transaction after the other: the second sees the
   first and answers "existing" (or refuses an id stored with another text);
3. the name-key locks of every entity reference in its quotes, in sorted order: the surname
   keys (:func:`quotes.store.entities.blocking_keys`) and the alias keys
   (:func:`quotes.store.entities.lookup_keys`) the store looks candidates up by. Every entity or
   alias a writer creates, and every name it renames an entity to, is filed under keys of its
   own names, so two writers that could see each other's new entities share a key.
   **Shared** while resolution only reads (a known speaker: many articles at once);
   **exclusive** when it creates an entity, adds an alias or renames one. A transaction
   learns it needs to write only after reading, and a shared lock cannot be upgraded without
   risking a deadlock, so it then rolls back and starts again with exclusive locks
   (:class:`NeedsExclusive`). The store starts in the mode recent articles needed, so a
   fresh store, where most articles create entities, does not pay twice;
4. in the exclusive mode, the candidate entity rows (``FOR NO KEY UPDATE``, by id), so two
   writers that reach one entity through different keys do not rename it over each other.
   Inserting a quote that refers to an entity takes only a key-share lock, which these
   never block.

Articles about unrelated people therefore commit concurrently, and so do articles about the
same, already known, people; writers that add to the same names queue.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

from sqlalchemy import text
from sqlalchemy.orm import Session

from quotes.models import EntityRef
from quotes.store.entities import blocking_keys, lookup_keys, spellings

__all__ = [
    "LEGACY_WRITE_LOCK",
    "NeedsExclusive",
    "article_lock_ids",
    "lock",
    "lock_id",
    "name_lock_ids",
    "write_locks",
]

# The advisory lock id every PostgreSQL writer took exclusively before the locks above.
LEGACY_WRITE_LOCK = 0x71756F746573

# One statement for all of a transaction's locks: ``unnest`` yields the arrays in order and
# the lock calls run one row after the other, so the order of the list is the order taken.
_LOCK = text(
    "SELECT CASE WHEN s THEN pg_advisory_xact_lock_shared(k) ELSE pg_advisory_xact_lock(k) END"
    " FROM unnest(CAST(:keys AS bigint[]), CAST(:shared AS boolean[])) AS t(k, s)"
)


class NeedsExclusive(Exception):
    """A signal to retry, not an error: resolution under shared name locks would write, so
    the transaction rolls back and runs again with exclusive ones."""


def lock_id(kind: str, value: str) -> int:
    """A signed 64-bit advisory lock id for ``value`` in the namespace ``kind``."""
    digest = hashlib.blake2b(f"{kind}\0{value}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def article_lock_ids(content_hash: str, article_ids: Iterable[str]) -> list[int]:
    """The sorted lock ids of an article: its content hash and every id it may write."""
    ids = {lock_id("hash", content_hash)} | {lock_id("article", a) for a in article_ids}
    return sorted(ids)


def name_lock_ids(refs: Iterable[EntityRef]) -> list[int]:
    """The sorted lock ids of the name keys the references are looked up and filed under."""
    ids: set[int] = set()
    for ref in refs:
        names = spellings(ref)
        ids.update(lock_id("surname", key) for key in blocking_keys(names))
        ids.update(lock_id("alias", key) for name in names for key in lookup_keys(name))
    return sorted(ids)


def write_locks(
    content_hash: str, article_ids: Iterable[str], refs: Iterable[EntityRef], *, shared: bool
) -> list[tuple[int, bool]]:
    """Every lock of one article's write transaction, in the order to take them, as
    ``(lock id, shared)``: the legacy lock (shared), the article's locks (exclusive), then
    the name keys of ``refs`` (``shared`` or exclusive)."""
    return [
        (LEGACY_WRITE_LOCK, True),
        *((i, False) for i in article_lock_ids(content_hash, article_ids)),
        *((i, shared) for i in name_lock_ids(refs)),
    ]


def lock(session: Session, locks: Sequence[tuple[int, bool]]) -> None:
    """Take the transaction-level advisory locks ``(id, shared)`` in the order given, in one
    round trip: a transaction never holds a later lock while it waits for an earlier one."""
    if locks:
        keys, shared = zip(*locks, strict=True)
        session.execute(_LOCK, {"keys": list(keys), "shared": list(shared)})
