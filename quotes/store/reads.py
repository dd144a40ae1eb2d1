"""The read path: what the API, the command line and the web pages ask the store, in one place.

* :class:`QuotePublic` is a quote's public shape, the one definition of it: the API documents
  and validates it (:mod:`api.schemas`), :func:`quote_page` returns it, the command line
  prints it (``quotes show --json``).
* :func:`quote_page_json`: a page of the quotes a :class:`QuoteFilter` keeps (speakers,
  about, kind, article, since/until, min_confidence, words), newest article first, as the
  JSON array the API serves, with how many match in all (from the page itself when it is
  short, else one count); :func:`quote_page` is the same page parsed (the command line,
  the web pages, an article's quotes).
* :func:`resolve` and :func:`unknown_name`: a name to entity ids (an exact alias, folded,
  first; spelling variants second), and for a name that names nothing, the message and the
  closest names (rapidfuzz over every alias).
* :func:`speaker_page`: speakers with their quote counts, most quoted first.

Statements are SQLAlchemy Core, built and compiled once per dialect and filter shape
(:func:`prepare`; id lists padded to a power of two), and run on the bare DB-API driver of a
connection from the store's pool, one read transaction per call (:func:`read_cursor`): a
``Connection.execute`` costs more per call (cache-key lookup, parameter and result
processing, the ``begin`` event) than SQLite takes to answer these short indexed reads.
Values are bound as the driver takes them: dates as ISO strings (SQLite stores them so, and
psycopg sends a ``str`` untyped, so PostgreSQL casts it to the column's ``date``). Database
errors become :class:`~quotes.errors.StoreError`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Annotated, Any, Literal

import orjson
from pydantic import Field
from rapidfuzz import fuzz, process
from sqlalchemy import (
    ColumnElement,
    Connection,
    Dialect,
    String,
    bindparam,
    distinct,
    func,
    literal_column,
    null,
    or_,
    select,
)
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler
from typing_extensions import TypedDict  # pydantic needs it, not typing's, before 3.12

from quotes.errors import StoreError
from quotes.store.entities import alias_key, lookup_keys
from quotes.store.records import EntityRecord, SpeakerCount
from quotes.store.schema import AliasRow, ArticleRow, EntityRow, QuoteAboutRow, QuoteRow
from quotes.text.names import fold

if TYPE_CHECKING:
    from quotes.store.database import Store

__all__ = [
    "AboutRef",
    "Prepared",
    "QuoteFilter",
    "QuotePublic",
    "Span",
    "SpeakerRef",
    "article_exists",
    "article_id_by_hash",
    "prepare",
    "quote_page",
    "quote_page_json",
    "read_cursor",
    "resolve",
    "resolve_exact",
    "resolve_variants",
    "speaker_page",
    "stored_hash",
    "suggest",
    "unknown_name",
]


# -- A quote's public shape ------------------------------------------------------------------


class SpeakerRef(TypedDict):
    """An entity by id, canonical name and kind."""

    id: int
    name: str
    kind: str


class Span(TypedDict):
    """A stretch of the article: its text and character offsets (end exclusive)."""

    text: str
    start: int | None
    end: int | None


class AboutRef(TypedDict):
    """An entity a quote is about, how it was found, and where the quote's article refers
    to it (null offsets: not known, as for quotes stored before how was kept)."""

    id: int
    name: str
    kind: str
    how: Annotated[
        Literal["name", "pronoun", "description", "frame"],
        Field(
            description="name, pronoun or description inside the quote; frame: the target of "
            "the attribution outside the quote marks (X warned Y ...)."
        ),
    ]
    start: Annotated[int | None, Field(description="Offset of the mention in the article.")]
    end: Annotated[int | None, Field(description="Offset just past the mention.")]


class QuotePublic(TypedDict):
    """One quote: the words, where they are, who said them, how, and about whom."""

    id: str
    text: str
    article_id: str
    published: Annotated[str | None, Field(description="The article's date, YYYY-MM-DD.")]
    start: Annotated[int, Field(description="Offset of the first quoted character in the article.")]
    end: Annotated[int, Field(description="Offset just past the last quoted character.")]
    speaker: SpeakerRef | None
    mention: Annotated[Span | None, Field(description="How the article named the speaker here.")]
    cue: Annotated[Span | None, Field(description="The reporting verb or phrase (said, told...).")]
    role: str | None
    affiliation: str | None
    about: list[AboutRef]
    rule: str
    confidence: float
    kind: Annotated[
        Literal["direct", "indirect", "mixed"],
        Field(
            description="direct: quoted words; indirect: reported speech (the content, without "
            "quote marks); mixed: reported speech holding a quoted fragment."
        ),
    ]


def _quote(row: Sequence[Any], about: list[AboutRef] | orjson.Fragment) -> dict[str, Any]:
    """A row of :data:`_PAGE_COLUMNS` (and the speaker's name and kind) as a
    :class:`QuotePublic`, its ``about`` list either built or the stored JSON as it is."""
    (quote_id, article_id, start, end, text, speaker_id, mention, mention_start, mention_end,
     role, affiliation, cue, cue_start, cue_end, rule, confidence, published, quote_kind,
     name, kind, _) = row  # fmt: skip
    return {
        "id": quote_id, "text": text, "article_id": article_id,
        "published": published if published is None or published.__class__ is str
        else published.isoformat(),
        "start": start, "end": end,
        "speaker": {"id": speaker_id, "name": name, "kind": kind} if speaker_id else None,
        "mention": {"text": mention, "start": mention_start, "end": mention_end}
        if mention is not None else None,
        "cue": {"text": cue, "start": cue_start, "end": cue_end} if cue is not None else None,
        "role": role, "affiliation": affiliation, "about": about, "rule": rule,
        "confidence": round(confidence, 3), "kind": quote_kind,
    }  # fmt: skip


# -- Statements on the bare driver ----------------------------------------------------------

# SQLite reads a file much larger than its page cache through read() calls; mapping it
# lets a read touch the OS page cache directly (a maximum, not an allocation).
_SQLITE_MMAP_BYTES = 256 << 20
_TUNED = "quotes_reads_tuned"


@dataclass(frozen=True, slots=True)
class Prepared:
    """A statement as the driver runs it: its SQL and how to pass the parameters."""

    sql: str
    positions: tuple[str, ...] | None  # parameter order (qmark style), None for named style
    defaults: Mapping[str, Any]  # values bound in the statement itself

    def args(self, params: Mapping[str, Any]) -> Sequence[Any] | Mapping[str, Any]:
        """``params`` (by name) in the form the driver wants."""
        merged = {**self.defaults, **params} if self.defaults else params
        if self.positions is None:
            return merged
        return tuple(merged[name] for name in self.positions)


def prepare(statement: ClauseElement, dialect: Dialect) -> Prepared:
    """``statement`` compiled for ``dialect`` (its bound values kept as defaults)."""
    compiled = statement.compile(dialect=dialect)
    assert isinstance(compiled, SQLCompiler)
    defaults = {
        name: param.effective_value
        for param, name in compiled.bind_names.items()
        if not param.required
    }
    positions = tuple(compiled.positiontup or ()) if compiled.positional else None
    return Prepared(compiled.string, positions, defaults)


def _bucket(size: int) -> int:
    """The power of two at or above ``size``: how many placeholders to compile for it."""
    return 1 << max(size - 1, 0).bit_length()


def _padded(prefix: str, values: Sequence[Any]) -> dict[str, Any]:
    """``values`` as ``prefix_0..`` parameters, the last repeated up to a power of two (an
    ``IN`` list ignores repeats)."""
    size = _bucket(len(values))
    padded = [*values, *[values[-1]] * (size - len(values))]
    return {f"{prefix}_{i}": v for i, v in enumerate(padded)}


def _in(column: Any, prefix: str, size: int) -> ColumnElement[bool]:
    return column.in_([bindparam(f"{prefix}_{i}") for i in range(size)])


@contextmanager
def read_cursor(store: Store) -> Iterator[Any]:
    """A DB-API cursor on a pooled connection, in one read-only transaction."""
    try:
        connection = store.engine.raw_connection()
    except SQLAlchemyError as err:
        raise StoreError(f"database error: {err}") from err
    dbapi = store.engine.dialect.loaded_dbapi
    try:
        cursor = connection.cursor()
        if store.dialect == "sqlite":
            if not connection.info.get(_TUNED):  # once per pooled DB-API connection
                cursor.execute(f"PRAGMA mmap_size={_SQLITE_MMAP_BYTES}")
                connection.info[_TUNED] = True
            cursor.execute("BEGIN")  # the pool's connections run in autocommit mode
        yield cursor
    except dbapi.Error as err:
        raise StoreError(f"database error: {err}") from err
    finally:
        try:
            connection.rollback()  # read only: ends the transaction, nothing to keep
        finally:
            connection.close()  # back to the pool


@contextmanager
def _connect(store: Store) -> Iterator[Connection]:
    try:
        with store.engine.connect() as connection:
            yield connection
    except SQLAlchemyError as err:
        raise StoreError(f"database error: {err}") from err


_Q = QuoteRow.__table__.c
_A = ArticleRow.__table__.c
_E = EntityRow.__table__.c
_AL = AliasRow.__table__.c
_QA = QuoteAboutRow.__table__.c


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


# -- A page of quotes ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QuoteFilter:
    """Which quotes: by these speakers, about these entities, in an article, with words,
    published in a date range, of at least a confidence, of one kind (None: no condition)."""

    speakers: Sequence[int] | None = None
    about: Sequence[int] | None = None
    article: str | None = None
    text: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    # Only quotes whose speaker is right with at least this probability (``confidence``).
    min_confidence: float | None = None
    kind: str | None = None  # direct | indirect | mixed

    def empty(self) -> bool:
        """Whether an id filter is set to no ids at all (then nothing matches)."""
        return (self.speakers is not None and not self.speakers) or (
            self.about is not None and not self.about
        )

    def bound(self) -> tuple[_Shape, dict[str, Any]]:
        """The statement shape these filters need, and their bound values."""
        values: dict[str, Any] = {}
        for prefix, ids in (("speaker", self.speakers), ("about", self.about)):
            if ids:
                values |= _padded(prefix, ids)
        scalars = {
            "article": self.article,
            "text": _like(self.text) if self.text else None,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "min_confidence": self.min_confidence,
            "kind": self.kind,
        }
        values |= {name: value for name, value in scalars.items() if value is not None}
        names = frozenset(name for name, value in scalars.items() if value is not None)
        sizes = [_bucket(len(ids)) if ids else 0 for ids in (self.speakers, self.about)]
        return _Shape(names, *sizes), values


@dataclass(frozen=True, slots=True)
class _Shape:
    """What a quote statement filters on: scalar filters, and how many ids in each list."""

    names: frozenset[str]
    speakers: int
    about: int


def _conditions(shape: _Shape) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    if shape.speakers:
        conds.append(_in(_Q.speaker_id, "speaker", shape.speakers))
    if shape.about:
        conds.append(
            _Q.id.in_(select(_QA.quote_id).where(_in(_QA.entity_id, "about", shape.about)))
        )
    if "article" in shape.names:
        conds.append(_Q.article_id == bindparam("article"))
    if "text" in shape.names:
        conds.append(_Q.text.ilike(bindparam("text"), escape="\\"))
    if "since" in shape.names:
        conds.append(_Q.published >= bindparam("since"))
    if "until" in shape.names:
        conds.append(_Q.published <= bindparam("until"))
    if "min_confidence" in shape.names:
        conds.append(_Q.confidence >= bindparam("min_confidence"))
    if "kind" in shape.names:
        conds.append(_Q.kind == bindparam("kind"))
    return conds


_PAGE_COLUMNS = (
    _Q.id, _Q.article_id, _Q.start, _Q.end, _Q.text, _Q.speaker_id, _Q.mention_text,
    _Q.mention_start, _Q.mention_end, _Q.role, _Q.affiliation, _Q.cue_text, _Q.cue_start,
    _Q.cue_end, _Q.rule, _Q.confidence, _Q.published, _Q.kind,
)  # fmt: skip


@lru_cache(maxsize=256)
def _page_statements(dialect: Dialect, shape: _Shape) -> tuple[Prepared, Prepared]:
    """The page and the count of the quotes ``shape`` keeps.

    The inner statement picks the page's rows narrow (row key and sort keys: for a speaker,
    read off ``ix_quotes_speaker_page`` in page order, migration 0007), so only the page's
    own quotes are read whole, however many match.
    """
    conds = _conditions(shape)
    # SQLite: the rowid, one B-tree step; elsewhere the primary key.
    key = literal_column("quotes.rowid") if dialect.name == "sqlite" else _Q.id
    page = (
        select(key.label("rid"), _Q.published, _Q.article_id, _Q.start)
        .where(*conds)
        .order_by(_Q.published.desc().nulls_last(), _Q.article_id, _Q.start)
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
        .subquery("page")
    )
    quotes = QuoteRow.__table__.alias("q")
    speaker = EntityRow.__table__.alias("speaker")
    row_key = literal_column("q.rowid") if dialect.name == "sqlite" else quotes.c.id
    # SQLite keeps each quote's ``about`` list as JSON on its row (``about_json``): reading
    # it costs a JSON parse, where reading ``quote_about`` costs more than the page itself.
    about = quotes.c.about_json if dialect.name == "sqlite" else null()
    whole = (
        select(
            *(quotes.c[c.name] for c in _PAGE_COLUMNS), speaker.c.name, speaker.c.kind, about
        ).select_from(
            page.join(quotes, row_key == page.c.rid).outerjoin(
                speaker, speaker.c.id == quotes.c.speaker_id
            )
        )
        # No outer ORDER BY: sorting the page again cost SQLite a temporary B-tree (a
        # tenth of the statement); :func:`quote_page_json` puts the rows in page order.
    )
    count = select(func.count()).select_from(QuoteRow.__table__).where(*conds)
    return prepare(whole, dialect), prepare(count, dialect)


@lru_cache(maxsize=32)
def _about_statement(dialect: Dialect, size: int) -> Prepared:
    about = (
        select(_QA.quote_id, _E.id, _E.name, _E.kind, _QA.how, _QA.start, _QA.end)
        .join_from(QuoteAboutRow.__table__, EntityRow.__table__)
        .where(_in(_QA.quote_id, "quote", size))
        .order_by(_QA.quote_id, _E.id)
    )
    return prepare(about, dialect)


def quote_page_json(
    store: Store, where: QuoteFilter, *, limit: int, offset: int
) -> tuple[bytes, int, int]:
    """One page of matching quotes, newest article first (undated last), as a JSON array
    of :class:`QuotePublic` (compact UTF-8, as orjson writes it): the array, how many
    quotes it holds, and how many match in all.

    The page, its total and its ``about`` entities come from one snapshot. On SQLite each
    quote's ``about`` is the JSON its row keeps (``about_json``), written out as it is
    (an :class:`orjson.Fragment`), not parsed and serialised again.
    """
    if where.empty():
        return b"[]", 0, 0
    shape, params = where.bound()
    page, count = _page_statements(store.engine.dialect, shape)
    with read_cursor(store) as cursor:
        cursor.execute(page.sql, page.args({**params, "limit": limit, "offset": offset}))
        rows = cursor.fetchall()
        found = len(rows)
        if 0 < found < limit or (found == 0 and offset == 0 and limit > 0):
            total = offset + found  # the page is short: it ends the list
        else:  # one count over the filter's index entries
            cursor.execute(count.sql, count.args(params))
            total = int(cursor.fetchone()[0])
        missing = [r[0] for r in rows if r[-1] is None]
        # PostgreSQL (no stored lists), or a row without its list: from ``quote_about``
        about = _about(cursor, store.engine.dialect, missing) if missing else {}
    # Page order (the statement's inner ORDER BY): article, start; then newest first,
    # undated last (both sorts stable).
    rows.sort(key=_by_place)
    rows.sort(key=_by_date, reverse=True)
    fragment = orjson.Fragment
    data = [_quote(r, fragment(r[-1]) if r[-1] is not None else about.get(r[0], [])) for r in rows]
    return orjson.dumps(data), found, total


def _by_place(row: Sequence[Any]) -> tuple[Any, Any]:
    return row[1], row[2]  # article_id, start


def _by_date(row: Sequence[Any]) -> tuple[bool, Any]:
    return row[16] is not None, row[16]  # published


def quote_page(
    store: Store, where: QuoteFilter, *, limit: int, offset: int
) -> tuple[list[QuotePublic], int]:
    """The page of :func:`quote_page_json` as Python values, and how many match."""
    data, _, total = quote_page_json(store, where, limit=limit, offset=offset)
    quotes: list[QuotePublic] = orjson.loads(data)
    return quotes, total


def _about(cursor: Any, dialect: Dialect, quote_ids: list[str]) -> dict[str, list[AboutRef]]:
    params = _padded("quote", quote_ids)
    prepared = _about_statement(dialect, len(params))
    cursor.execute(prepared.sql, prepared.args(params))
    about: dict[str, list[AboutRef]] = {}
    for quote_id, entity_id, name, kind, how, start, end in cursor.fetchall():
        about.setdefault(quote_id, []).append(
            {"id": entity_id, "name": name, "kind": kind, "how": how, "start": start, "end": end}
        )
    return about


# -- Names -----------------------------------------------------------------------------------

_SUGGESTIONS = 5
_SUGGEST_CUTOFF = 60.0


def resolve(store: Store, name: str) -> list[int]:
    """Ids of the entities ``name`` names: exact spellings first, else spelling variants."""
    return resolve_exact(store, name) or resolve_variants(store, name)


def resolve_exact(store: Store, name: str) -> list[int]:
    """Ids of the entities with an alias spelled ``name`` (case and accents aside)."""
    keys = sorted(lookup_keys(name))
    if not keys:
        return []
    params = _padded("key", keys)
    prepared = _alias_statement(store.engine.dialect, len(params))
    with read_cursor(store) as cursor:
        cursor.execute(prepared.sql, prepared.args(params))
        return sorted(entity_id for (entity_id,) in cursor.fetchall())


def resolve_variants(store: Store, name: str) -> list[int]:
    """Ids of the entities a spelling variant of ``name`` names (fuzzy: slower)."""
    return [e.id for e in store.find_entities(name)]


@lru_cache(maxsize=32)
def _alias_statement(dialect: Dialect, size: int) -> Prepared:
    keys = [bindparam(f"key_{i}", type_=String) for i in range(size)]
    return prepare(select(_AL.entity_id).distinct().where(_AL.alias_key.in_(keys)), dialect)


def suggest(store: Store, name: str, *, speakers_only: bool) -> list[str]:
    """The canonical names of the entities with a spelling closest to ``name``."""
    query = select(_AL.alias, _E.name).join_from(AliasRow.__table__, EntityRow.__table__)
    if speakers_only:
        query = query.where(_E.id.in_(select(_Q.speaker_id).where(_Q.speaker_id.is_not(None))))
    with _connect(store) as conn:
        pairs = conn.execute(query).all()
    choices = [alias for alias, _ in pairs] + [canonical for _, canonical in pairs]
    names = [canonical for _, canonical in pairs] * 2
    best = process.extract(
        name, choices, scorer=fuzz.WRatio, processor=alias_key,
        limit=_SUGGESTIONS * 4, score_cutoff=_SUGGEST_CUTOFF,
    )  # fmt: skip
    ranked = dict.fromkeys(names[index] for _, _, index in best)
    return list(ranked)[:_SUGGESTIONS]


def unknown_name(
    store: Store, name: str, *, what: str, speakers_only: bool
) -> tuple[str, list[str]]:
    """For a ``name`` that names no ``what``: the message, and the closest names it could
    have meant (the API's 404 and the command line's error say the same)."""
    suggestions = suggest(store, name, speakers_only=speakers_only)
    detail = f"no {what} named {name!r}"
    if suggestions:
        detail += "; closest names: " + ", ".join(suggestions)
    return detail, suggestions


# -- Speakers and articles -------------------------------------------------------------------


def speaker_page(
    store: Store, query: str | None, kind: str | None, *, limit: int, offset: int
) -> tuple[list[SpeakerCount], int]:
    """Speakers (entities with quotes) matching ``query`` and ``kind``, most quoted first.

    ``query`` matches when it is part of any alias (folded: case, accents and
    transliteration do not matter), or when it is a spelling variant of a name.
    """
    conds: list[ColumnElement[bool]] = [_Q.speaker_id.is_not(None)]
    if query is not None:
        containing = select(_AL.entity_id).where(
            _AL.alias_key.like(_like(fold(query)), escape="\\")
        )
        variants = [e.id for e in store.find_entities(query)]
        conds.append(or_(_Q.speaker_id.in_(containing), _Q.speaker_id.in_(variants)))
    if kind is not None:
        conds.append(_Q.speaker_id.in_(select(_E.id).where(_E.kind == kind)))
    n = func.count().label("n")
    with _connect(store) as conn:
        total = conn.scalar(select(func.count(distinct(_Q.speaker_id))).where(*conds)) or 0
        rows = conn.execute(
            select(_Q.speaker_id, n)
            .where(*conds)
            .group_by(_Q.speaker_id)
            .order_by(n.desc(), _Q.speaker_id)
            .limit(limit)
            .offset(offset)
        ).all()
        entities = _entities(conn, [r.speaker_id for r in rows])
    return [SpeakerCount(entities[r.speaker_id], r.n) for r in rows], total


def _entities(conn: Connection, ids: list[int]) -> dict[int, EntityRecord]:
    aliases: dict[int, list[str]] = {}
    for entity_id, alias in conn.execute(
        select(_AL.entity_id, _AL.alias).where(_AL.entity_id.in_(ids)).order_by(_AL.id)
    ):
        aliases.setdefault(entity_id, []).append(alias)
    rows = conn.execute(select(_E.id, _E.name, _E.kind).where(_E.id.in_(ids)))
    return {r.id: EntityRecord(r.id, r.name, r.kind, tuple(aliases.get(r.id, ()))) for r in rows}


def article_id_by_hash(store: Store, digest: str) -> str | None:
    """The id of the article stored with this content hash, if any."""
    with _connect(store) as conn:
        return conn.scalar(select(_A.id).where(_A.content_hash == digest))


def article_exists(store: Store, article_id: str) -> bool:
    """Whether an article with this id is stored."""
    with _connect(store) as conn:
        return conn.scalar(select(_A.id).where(_A.id == article_id)) is not None


def stored_hash(store: Store, article_id: str) -> str | None:
    """The content hash of the article stored under this id, if any."""
    with _connect(store) as conn:
        return conn.scalar(select(_A.content_hash).where(_A.id == article_id))
