"""Read queries the API needs beyond :class:`quotes.store.database.Store`'s, in few round trips.

The store answers most questions; these are the ones it does not have yet, or not in the
shape a web request wants: a quote page filtered also by article and by words in the text,
with its total (from the page when it is short, else one count) and its ``about`` entities,
as JSON-ready dicts rather than models (the hot path of the API); a speaker list filtered
by kind with its total; an article id by content hash; and the closest names for an unknown
one (rapidfuzz over every alias). A name resolves as in the store: exact spellings (any
alias, folded) first, spelling variants second. They use the store's engine, read only,
and raise :class:`~quotes.errors.StoreError` on database errors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

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
    or_,
    select,
)
from sqlalchemy.exc import SQLAlchemyError

from api import sql
from quotes.errors import StoreError
from quotes.store.database import Store
from quotes.store.entities import alias_key, lookup_keys
from quotes.store.records import EntityRecord, SpeakerCount
from quotes.store.schema import (
    AliasRow,
    ArticleRow,
    EntityRow,
    QuoteAboutRow,
    QuoteRow,
    sqlite_about_json,
)
from quotes.text.names import fold

__all__ = [
    "QuoteFilter",
    "article_exists",
    "article_id_by_hash",
    "quote_page",
    "quote_page_json",
    "resolve",
    "speaker_page",
    "stored_hash",
    "suggest",
]

_Q = QuoteRow.__table__.c
_A = ArticleRow.__table__.c
_E = EntityRow.__table__.c
_AL = AliasRow.__table__.c
_QA = QuoteAboutRow.__table__.c
_SUGGESTIONS = 5
_SUGGEST_CUTOFF = 60.0


@contextmanager
def _connect(store: Store) -> Iterator[Connection]:
    try:
        with store.engine.connect() as connection:
            yield connection
    except SQLAlchemyError as err:
        raise StoreError(f"database error: {err}") from err


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def resolve(store: Store, name: str) -> list[int]:
    """Ids of the entities ``name`` names: exact spellings first, else spelling variants."""
    return resolve_exact(store, name) or resolve_variants(store, name)


def resolve_exact(store: Store, name: str) -> list[int]:
    """Ids of the entities with an alias spelled ``name`` (case and accents aside)."""
    keys = sorted(lookup_keys(name))
    if not keys:
        return []
    size = sql.bucket(len(keys))
    prepared = _alias_statement(store.engine.dialect, size)
    params = {f"key_{i}": key for i, key in enumerate(sql.padded(keys, size))}
    with sql.read_cursor(store) as cursor:
        cursor.execute(prepared.sql, prepared.args(params))
        return sorted(entity_id for (entity_id,) in cursor.fetchall())


def resolve_variants(store: Store, name: str) -> list[int]:
    """Ids of the entities a spelling variant of ``name`` names (fuzzy: slower)."""
    return [e.id for e in store.find_entities(name)]


@lru_cache(maxsize=32)
def _alias_statement(dialect: Dialect, size: int) -> sql.Prepared:
    keys = [bindparam(f"key_{i}", type_=String) for i in range(size)]
    return sql.prepare(select(_AL.entity_id).distinct().where(_AL.alias_key.in_(keys)), dialect)


@dataclass(frozen=True, slots=True)
class QuoteFilter:
    """Which quotes: by these speakers, about these entities, in an article, with words,
    published in a date range, of at least a confidence."""

    speakers: Sequence[int] | None = None
    about: Sequence[int] | None = None
    article: str | None = None
    text: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    # Only quotes whose speaker is right with at least this probability (``confidence``).
    min_confidence: float | None = None
    kind: str | None = None  # direct | indirect | mixed; None: all

    def empty(self) -> bool:
        """Whether an id filter is set to no ids at all (then nothing matches)."""
        return (
            self.speakers is not None
            and not self.speakers
            or (self.about is not None and not self.about)
        )

    def bound(self) -> tuple[_Shape, dict[str, Any]]:
        """The statement shape these filters need, and their bound values."""
        values: dict[str, Any] = {}
        sizes = {"speaker": 0, "about": 0}
        for prefix, ids in (("speaker", self.speakers), ("about", self.about)):
            if ids:
                sizes[prefix] = sql.bucket(len(ids))
                values |= {f"{prefix}_{i}": v for i, v in enumerate(sql.padded(ids, sizes[prefix]))}
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
        return _Shape(names, sizes["speaker"], sizes["about"]), values


@dataclass(frozen=True, slots=True)
class _Shape:
    """What a quote statement filters on: scalar filters, and how many ids in each list."""

    names: frozenset[str]
    speakers: int
    about: int


def _ids(column: Any, prefix: str, size: int) -> ColumnElement[bool]:
    return column.in_([bindparam(f"{prefix}_{i}") for i in range(size)])


def _conditions(shape: _Shape) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    if shape.speakers:
        conds.append(_ids(_Q.speaker_id, "speaker", shape.speakers))
    if shape.about:
        conds.append(
            _Q.id.in_(select(_QA.quote_id).where(_ids(_QA.entity_id, "about", shape.about)))
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


# Statements are built and compiled once per dialect and filter shape (id lists padded to a
# power of two): building SQLAlchemy constructs per request costs more than SQLite takes to
# answer them.
@lru_cache(maxsize=256)
def _page_statements(dialect: Dialect, shape: _Shape) -> tuple[sql.Prepared, sql.Prepared]:
    speaker = EntityRow.__table__.alias("speaker")
    conds = _conditions(shape)
    page = (
        select(*_PAGE_COLUMNS, speaker.c.name, speaker.c.kind)
        .select_from(QuoteRow.__table__.outerjoin(speaker, speaker.c.id == _Q.speaker_id))
        .where(*conds)
        .order_by(_Q.published.desc().nulls_last(), _Q.article_id, _Q.start)
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
    )
    count = select(func.count()).select_from(QuoteRow.__table__).where(*conds)
    return sql.prepare(page, dialect), sql.prepare(count, dialect)


@lru_cache(maxsize=32)
def _about_statement(dialect: Dialect, size: int) -> sql.Prepared:
    about = (
        select(_QA.quote_id, _E.id, _E.name, _E.kind, _QA.how, _QA.start, _QA.end)
        .join_from(QuoteAboutRow.__table__, EntityRow.__table__)
        .where(_ids(_QA.quote_id, "quote", size))
        .order_by(_QA.quote_id, _E.id)
    )
    return sql.prepare(about, dialect)


def quote_page(
    store: Store, where: QuoteFilter, *, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    """One page of matching quotes, newest article first, and how many match in all.

    The quotes are JSON-ready dicts in the shape of :class:`api.schemas.QuotePublic`. The
    page, its total and its ``about`` entities come from one snapshot.
    """
    if where.empty():
        return [], 0
    dialect = store.engine.dialect
    shape, params = where.bound()
    page, count = _page_statements(dialect, shape)
    with sql.read_cursor(store) as cursor:
        cursor.execute(page.sql, page.args({**params, "limit": limit, "offset": offset}))
        rows = cursor.fetchall()
        total = _total(cursor, count, params, len(rows), limit=limit, offset=offset)
        about = _about(cursor, dialect, [r[0] for r in rows]) if rows else {}
    return [_quote(r, about.get(r[0], [])) for r in rows], total


def _total(
    cursor: Any, count: sql.Prepared, params: dict[str, Any], found: int, *, limit: int, offset: int
) -> int:
    """How many quotes match: known from the page when it is short and not past the end,
    else one count (over the filter's index entries, not a window over every matching row,
    which made a page cost in proportion to all of a speaker's quotes)."""
    if 0 < found < limit or (found == 0 and offset == 0 and limit > 0):
        return offset + found
    cursor.execute(count.sql, count.args(params))
    return int(cursor.fetchone()[0])


# SQLite builds a page's JSON itself (``json_object``, with the ``about`` list folded into the
# same statement): no per-row tuples, dicts or re-serialisation in Python. The inner statement
# (the filters of :func:`_conditions`) picks the page's rows, narrow (rowid and sort keys,
# read off ``ix_quotes_speaker_page`` in page order for a speaker), so only the page's own
# quotes become JSON, however many match. The keys and
# their order are those of :func:`_quote`; SQLite writes JSON as orjson does (compact, same
# escapes, a REAL as its shortest repr: ``1.0``, ``0.85``), so the bytes are the same.
#
# * ``about``: ``json_group_array`` takes the rows in the order the loop visits them, and the
#   only way to them is the ``quote_about`` primary key (quote_id, entity_id): entity id order,
#   as :func:`_about` sorts them (an ``ORDER BY`` inside the aggregate needs SQLite 3.44; a
#   sorted subquery costs a tenth of the page). The writer keeps that JSON in
#   ``quotes.about_json`` (:mod:`quotes.store.writes`, rewritten when an entity is renamed), so a
#   page reads it instead of 25 subqueries; a row without it gets the subquery.
# * ``confidence``: SQLite's ``round`` rounds halves away from zero (0.8125 -> 0.813, Python
#   0.812). A stored value is rounded already (to 3 places, by the engine), and then both agree
#   and it is kept as it is; any other goes through Python's ``round`` (a SQL function).
_SQLITE_PAGE_JSON = """\
SELECT json_object(
  'id', q.id, 'text', q.text, 'article_id', q.article_id, 'published', page.published,
  'start', q.start, 'end', q."end",
  'speaker', CASE WHEN q.speaker_id
    THEN json_object('id', q.speaker_id, 'name', s.name, 'kind', s.kind) END,
  'mention', CASE WHEN q.mention_text IS NOT NULL
    THEN json_object('text', q.mention_text, 'start', q.mention_start, 'end', q.mention_end) END,
  'cue', CASE WHEN q.cue_text IS NOT NULL
    THEN json_object('text', q.cue_text, 'start', q.cue_start, 'end', q.cue_end) END,
  'role', q.role, 'affiliation', q.affiliation,
  'about', CASE WHEN q.about_json IS NOT NULL THEN json(q.about_json) ELSE {about} END,
  'rule', q.rule,
  'confidence', CASE WHEN round(q.confidence, 3) = q.confidence
    THEN q.confidence ELSE {round3}(q.confidence) END,
  'kind', q.kind
)
FROM ({page}) AS page
CROSS JOIN quotes AS q ON q.rowid = page.rid
LEFT OUTER JOIN entities AS s ON s.id = q.speaker_id
ORDER BY page.published IS NULL, page.published DESC, page.article_id, page.start"""


@lru_cache(maxsize=256)
def _json_page_statement(dialect: Dialect, shape: _Shape) -> sql.Prepared:
    page = (
        select(
            literal_column("quotes.rowid").label("rid"), _Q.published.label("published"),
            _Q.article_id.label("article_id"), _Q.start.label("start"),
        )
        .select_from(QuoteRow.__table__)
        .where(*_conditions(shape))
        .order_by(_Q.published.desc().nulls_last(), _Q.article_id, _Q.start)
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
    )  # fmt: skip
    inner = sql.prepare(page, dialect)
    text = _SQLITE_PAGE_JSON.format(
        page=inner.sql, round3=sql.SQLITE_ROUND3, about=sqlite_about_json("q")
    )
    return sql.Prepared(text, inner.positions, inner.defaults)


def quote_page_json(
    store: Store, where: QuoteFilter, *, limit: int, offset: int
) -> tuple[bytes, int, int] | None:
    """One page of matching quotes as a JSON array, built by the database; None if it can't.

    Returns the array's UTF-8 bytes, how many quotes it holds and how many match in all:
    the same quotes, keys, values and order as :func:`quote_page` (serialised compactly, as
    orjson does). Only SQLite builds it; on other dialects this answers None and the caller
    uses :func:`quote_page`.
    """
    if store.dialect != "sqlite":
        return None
    if where.empty():
        return b"[]", 0, 0
    dialect = store.engine.dialect
    shape, params = where.bound()
    statement = _json_page_statement(dialect, shape)
    _, count = _page_statements(dialect, shape)
    with sql.read_cursor(store) as cursor:
        cursor.execute(statement.sql, statement.args({**params, "limit": limit, "offset": offset}))
        rows = cursor.fetchall()
        total = _total(cursor, count, params, len(rows), limit=limit, offset=offset)
    data = ",".join([quote for (quote,) in rows])
    return f"[{data}]".encode(), len(rows), total


def _about(cursor: Any, dialect: Dialect, quote_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    size = sql.bucket(len(quote_ids))
    prepared = _about_statement(dialect, size)
    params = {f"quote_{i}": v for i, v in enumerate(sql.padded(quote_ids, size))}
    cursor.execute(prepared.sql, prepared.args(params))
    about: dict[str, list[dict[str, Any]]] = {}
    for quote_id, entity_id, name, kind, how, start, end in cursor.fetchall():
        about.setdefault(quote_id, []).append(
            {"id": entity_id, "name": name, "kind": kind, "how": how, "start": start, "end": end}
        )
    return about


def _iso(day: dt.date | str | None) -> str | None:
    # SQLite hands back the stored ISO text, PostgreSQL a date.
    return day if day is None or isinstance(day, str) else day.isoformat()


def _span(text: str | None, start: int | None, end: int | None) -> dict[str, Any] | None:
    return {"text": text, "start": start, "end": end} if text is not None else None


def _quote(row: Sequence[Any], about: list[dict[str, Any]]) -> dict[str, Any]:
    (quote_id, article_id, start, end, text, speaker_id, mention, mention_start, mention_end,
     role, affiliation, cue, cue_start, cue_end, rule, confidence, published, quote_kind,
     name, kind) = row  # fmt: skip
    return {
        "id": quote_id, "text": text, "article_id": article_id,
        "published": _iso(published), "start": start, "end": end,
        "speaker": {"id": speaker_id, "name": name, "kind": kind} if speaker_id else None,
        "mention": _span(mention, mention_start, mention_end),
        "cue": _span(cue, cue_start, cue_end),
        "role": role, "affiliation": affiliation, "about": about, "rule": rule,
        "confidence": round(confidence, 3), "kind": quote_kind,
    }  # fmt: skip


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
