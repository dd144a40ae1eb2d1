"""Persistence behind SQLAlchemy 2: SQLite by default, PostgreSQL by URL, the same code.

:class:`Store` opens the database (a SQLite file in WAL mode with foreign keys on and a busy
timeout, or any SQLAlchemy URL), upgrades its schema through the Alembic migrations shipped in
``quotes/store/migrations``, writes one article with its quotes per transaction, and answers the
queries the CLI, the graph and the API need with the plain records of :mod:`quotes.store.records`.

On SQLite writes are serialised (``BEGIN IMMEDIATE``: one writer at a time). On PostgreSQL
writers run in parallel: each transaction takes advisory locks on its article and on the name
keys it resolves (:mod:`quotes.store.locks`), so articles about other people commit concurrently,
while the same text, the same id or the same new person written twice at once still gives one
article and one entity.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session

from quotes.errors import StoreError
from quotes.models import Article, Quote
from quotes.store import queries, reads
from quotes.store.locks import NeedsExclusive, lock, write_locks
from quotes.store.records import (
    AddResult,
    ArticleRecord,
    EntityDetail,
    EntityRecord,
    ExportFilter,
    GraphRecords,
    NetworkRow,
    Page,
    PairRecord,
    QuoteRecord,
    SpeakerCount,
)
from quotes.store.schema import ArticleRow
from quotes.store.writes import NameLocks, entity_refs, insert_quotes

__all__ = ["DEFAULT_URL", "Store", "content_hash", "database_url"]

DEFAULT_URL = "sqlite:///quotes.db"
# How long a SQLite writer waits for another one before "database is locked" (ms).
_BUSY_TIMEOUT_MS = 30_000
# A PostgreSQL transaction that ends in a deadlock (the server aborts one of the two) is run
# again this many times. The lock order of quotes.store.locks rules deadlocks out among writers of
# this version; this is a safety net, not a mechanism.
_DEADLOCK_RETRIES = 3


def content_hash(text_: str) -> str:
    """SHA-256 of the article text: the identity used to skip an article seen before."""
    return hashlib.sha256(text_.encode("utf-8")).hexdigest()


def database_url(value: str | None = None) -> str:
    """The SQLAlchemy URL for ``value``, ``$QUOTES_DB`` or the default ``quotes.db``.

    A bare path means a SQLite file; ``postgresql://`` uses the psycopg 3 driver.
    """
    value = value or os.environ.get("QUOTES_DB") or DEFAULT_URL
    if "://" not in value:
        return f"sqlite:///{Path(value)}"
    if value.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + value.split("://", 1)[1]
    return value


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy emit BEGIN itself (the driver's legacy mode skips it for SELECT and DDL).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    # A writer takes the write lock up front: upgrading a read lock later can fail at once.
    mode = "IMMEDIATE" if connection.get_execution_options().get("quotes_write") else "DEFERRED"
    connection.exec_driver_sql(f"BEGIN {mode}")


class Store:
    """Articles, entities and quotes in one database.

    >>> store = Store("sqlite:///:memory:")  # doctest: +SKIP
    >>> store.upgrade()  # doctest: +SKIP
    """

    def __init__(self, url: str | None = None, *, echo: bool = False) -> None:
        self.url = database_url(url)
        try:
            parsed = make_url(self.url)
            self.engine: Engine = create_engine(parsed, echo=echo)
        except (ArgumentError, ImportError, SQLAlchemyError) as err:
            raise StoreError(f"cannot open database {self.url!r}: {err}") from err
        self.dialect = self.engine.dialect.name
        # PostgreSQL: a running share of recent articles that wrote entities or aliases.
        self._writes_names = 0.0
        if self.dialect == "sqlite":
            event.listen(self.engine, "connect", _sqlite_connect)
            event.listen(self.engine, "begin", _sqlite_begin)

    @classmethod
    def open(cls, url: str | None = None) -> Store:
        """A store whose schema is upgraded to the newest revision."""
        store = cls(url)
        store.upgrade()
        return store

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({make_url(self.url).render_as_string(hide_password=True)!r})"

    def close(self) -> None:
        """Release every pooled connection."""
        self.engine.dispose()

    def upgrade(self, revision: str = "head") -> None:
        """Run the Alembic migrations up to ``revision`` (creates the tables on a new file)."""
        from quotes.store.migrations import upgrade

        try:
            with self.engine.begin() as connection:
                upgrade(connection, revision)
        except SQLAlchemyError as err:
            raise StoreError(f"cannot upgrade the schema of {self!r}: {err}") from err

    @contextmanager
    def _session(self, *, write: bool = False) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on any error."""
        try:
            with self.engine.connect() as connection:
                if write:
                    connection.execution_options(quotes_write=True)
                with Session(bind=connection) as session, session.begin():
                    yield session
        except SQLAlchemyError as err:
            raise StoreError(f"database error: {err}") from err

    # ---- writing -------------------------------------------------------------------------

    def known_hashes(self, hashes: Iterable[str]) -> set[str]:
        """Which of these content hashes are stored already."""
        wanted = list(set(hashes))
        found: set[str] = set()
        with self._session() as session:
            for i in range(0, len(wanted), 500):
                chunk = wanted[i : i + 500]
                rows = session.scalars(
                    select(ArticleRow.content_hash).where(ArticleRow.content_hash.in_(chunk))
                )
                found.update(rows)
        return found

    def add_article(
        self, article: Article, quotes: Sequence[Quote], *, replace: bool = False
    ) -> AddResult:
        """Store ``article`` and its quotes atomically; nothing happens for a known text.

        With ``replace``, an article already stored (same id or same text) gets the new
        text and quotes in place of the old ones, in the same transaction. Without it, an id
        that is stored with a different text is a :class:`StoreError`.

        Safe from several threads and processes at once on both backends; on PostgreSQL
        they write in parallel (see :mod:`quotes.store.locks`).
        """
        if self.dialect != "postgresql":
            with self._session(write=True) as session:
                return self._write(session, article, quotes, replace=replace)[0]
        # Start with the name locks recent articles needed: shared ones when they mostly
        # only read known names, exclusive ones when they mostly created entities (then a
        # shared attempt would only be rolled back and run again).
        names: NameLocks = "exclusive" if self._writes_names > 0.5 else "shared"
        more_ids: set[str] = set()
        deadlocks = 0
        while True:
            try:
                with self._session(write=True) as session:
                    result, wrote = self._write(
                        session, article, quotes, replace=replace, names=names, ids=more_ids
                    )
                self._writes_names = 0.8 * self._writes_names + 0.2 * wrote
                return result
            except NeedsExclusive:
                names = "exclusive"
            except _OtherId as other:
                more_ids.add(other.article_id)
            except StoreError as err:
                deadlocks += 1
                if not _deadlock(err) or deadlocks > _DEADLOCK_RETRIES:
                    raise

    def _write(
        self,
        session: Session,
        article: Article,
        quotes: Sequence[Quote],
        *,
        replace: bool = False,
        names: NameLocks = None,
        ids: Iterable[str] = (),
    ) -> tuple[AddResult, bool]:
        """:meth:`add_article` inside ``session``'s write transaction; and whether it wrote
        entities or aliases.

        ``names`` (PostgreSQL): first take the write locks, the name keys in this mode;
        ``ids``: stored article ids this transaction may replace, locked as well.
        """
        digest = content_hash(article.text)
        article_id = article.id or digest[:16]
        published = _parse_date(article.published)
        if names is not None:
            ids = {article_id, *ids}
            lock(session, write_locks(digest, ids, entity_refs(quotes), shared=names == "shared"))
        by_hash = session.scalars(
            select(ArticleRow).where(ArticleRow.content_hash == digest)
        ).first()
        by_id = session.get(ArticleRow, article_id)
        if not replace and by_hash is not None:
            return AddResult(by_hash.id, "existing", 0), False
        if not replace and by_id is not None:
            raise StoreError(
                f"article {article_id!r} is stored with a different text; reprocess to replace it"
            )
        if names is not None and by_hash is not None and by_hash.id not in ids:
            raise _OtherId(by_hash.id)  # not locked: start again with its lock too
        status = "created"
        for row in {r.id: r for r in (by_hash, by_id) if r is not None}.values():
            session.delete(row)  # quotes and their about-links go with it (cascade)
            status = "replaced"
        session.flush()
        session.add(
            ArticleRow(
                id=article_id,
                content_hash=digest,
                title=article.title,
                source=article.source,
                published=published,
                text=article.text,
                url=article.url,
                outlet=article.outlet,
            )
        )
        session.flush()
        inserted = insert_quotes(session, article_id, quotes, names=names)
        result = AddResult(article_id, status, inserted.quotes)  # type: ignore[arg-type]
        return result, inserted.wrote_names

    # ---- reading -------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """Rows per table: articles, entities, aliases, quotes, quote_about."""
        with self._session() as session:
            return queries.counts(session)

    def get_article(self, article_id: str) -> ArticleRecord:
        """The article with its text; :class:`NotFoundError` if there is none."""
        with self._session() as session:
            return queries.get_article(session, article_id)

    def get_entity(self, entity_id: int) -> EntityRecord:
        """The entity with all its aliases; :class:`NotFoundError` if there is none."""
        with self._session() as session:
            return queries.get_entity(session, entity_id)

    def find_entities(self, name: str, *, kind: str | None = None) -> list[EntityRecord]:
        """Entities a name or any spelling of it names (exact spellings win over variants)."""
        with self._session() as session:
            return queries.find_entities(session, name, kind=kind)

    def search_speakers(
        self, query: str, *, limit: int = 20, offset: int = 0
    ) -> list[SpeakerCount]:
        """Speakers whose name or an alias contains ``query``, most quoted first."""
        with self._session() as session:
            return queries.search_speakers(session, query, limit=limit, offset=offset)

    def entity_detail(self, entity: int | str, *, top: int = 10) -> EntityDetail:
        """Aliases, quote counts, roles, and the ``top`` entities it talks about most."""
        with self._session() as session:
            return queries.entity_detail(session, entity, top=top)

    def quotes_by_speaker(
        self,
        speaker: int | str,
        *,
        about: int | str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        min_confidence: float | None = None,
        kind: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> Page:
        """Quotes said by the entity (an id, or a name or any alias), newest first;
        ``min_confidence``: only those whose speaker is right with at least that probability;
        ``kind`` keeps direct, indirect or mixed ones only."""
        return self._quote_page(
            ExportFilter(
                speaker=speaker, about=about, since=since, until=until,
                min_confidence=min_confidence, kind=kind,
            ),
            limit=limit, offset=offset,
        )  # fmt: skip

    def quotes_about(
        self,
        entity: int | str,
        *,
        since: dt.date | None = None,
        until: dt.date | None = None,
        min_confidence: float | None = None,
        kind: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> Page:
        """Quotes about the entity (an id, or a name or any alias), newest first."""
        return self._quote_page(
            ExportFilter(
                about=entity, since=since, until=until, min_confidence=min_confidence, kind=kind
            ),
            limit=limit, offset=offset,
        )  # fmt: skip

    def _quote_page(self, selection: ExportFilter, *, limit: int, offset: int) -> Page:
        """The API's page (:func:`quotes.store.reads.quote_page`) of the quotes ``selection``
        keeps (checked when it was made), its names resolved here."""
        if limit < 0 or offset < 0:
            raise ValueError("limit and offset must not be negative")
        with self._session() as session:
            speakers, about = (
                None if e is None else queries.entity_ids(session, e)
                for e in (selection.speaker, selection.about)
            )
        kept = reads.QuoteFilter(
            speakers=speakers, about=about, since=selection.since, until=selection.until,
            min_confidence=selection.min_confidence, kind=selection.kind,
        )  # fmt: skip
        return Page(*reads.quote_page(self, kept, limit=limit, offset=offset))

    def top_pairs(self, *, limit: int = 20) -> list[PairRecord]:
        """The speaker → target pairs with the most quotes."""
        with self._session() as session:
            return queries.top_pairs(session, limit=limit)

    def iter_quotes(
        self,
        *,
        speaker: str | None = None,
        about: str | None = None,
        selection: ExportFilter | None = None,
    ) -> Iterator[QuoteRecord]:
        """Every quote (or those by ``speaker`` / about ``about`` / in ``selection``) in
        article order."""
        with self._session() as session:
            yield from queries.iter_quotes(
                session, speaker=speaker, about=about, selection=selection
            )

    def graph_records(
        self,
        *,
        speaker: str | None = None,
        about: str | None = None,
        selection: ExportFilter | None = None,
    ) -> GraphRecords:
        """The records :func:`quotes.graph.build.build_graph` needs, optionally filtered."""
        with self._session() as session:
            return queries.graph_records(session, speaker=speaker, about=about, selection=selection)

    @contextmanager
    def network_source(
        self, selection: ExportFilter
    ) -> Iterator[tuple[Iterator[NetworkRow], Callable[[set[int]], dict[int, EntityRecord]]]]:
        """What :func:`quotes.graph.network.speaker_network` folds, in one read snapshot: the
        rows of the quotes ``selection`` keeps, and a lookup of entity records by id."""
        with self._session() as session:
            yield (
                queries.network_rows(session, selection),
                lambda ids: queries.entity_records(session, ids),
            )


class _OtherId(Exception):
    """A signal to retry, not an error: the text to replace is stored under an id that this
    transaction has not locked."""

    def __init__(self, article_id: str) -> None:
        super().__init__(article_id)
        self.article_id = article_id


def _deadlock(err: StoreError) -> bool:
    """True when PostgreSQL aborted the transaction to break a deadlock (SQLSTATE 40P01)."""
    cause = getattr(err.__cause__, "orig", None)
    return getattr(cause, "sqlstate", None) == "40P01"


def _parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError as err:
        raise StoreError(f"published date {value!r} is not an ISO date") from err
