"""Read queries the API needs beyond :class:`quotes.store.Store`'s, in few round trips.

The store answers most questions; these are the ones it does not have yet, or not in the
shape a web request wants: a quote page filtered also by article and by words in the text,
with its total in the same query (a window count) and its ``about`` entities in one more,
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
    Select,
    bindparam,
    distinct,
    func,
    or_,
    select,
)
from sqlalchemy.exc import SQLAlchemyError

from quotes.entities import alias_key, lookup_keys
from quotes.errors import StoreError
from quotes.names import fold
from quotes.records import EntityRecord, SpeakerCount
from quotes.store import Store
from quotes.tables import AliasRow, ArticleRow, EntityRow, QuoteAboutRow, QuoteRow

__all__ = [
    "QuoteFilter",
    "article_exists",
    "article_id_by_hash",
    "quote_page",
    "resolve",
    "speaker_page",
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
    with _connect(store) as conn:
        ids = conn.scalars(
            select(_AL.entity_id).distinct().where(_AL.alias_key.in_(sorted(lookup_keys(name))))
        ).all()
    return list(ids) or [e.id for e in store.find_entities(name)]


@dataclass(frozen=True, slots=True)
class QuoteFilter:
    """Which quotes: by these speakers, about these entities, in an article, with words."""

    speakers: Sequence[int] | None = None
    about: Sequence[int] | None = None
    article: str | None = None
    text: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None

    def params(self) -> dict[str, Any]:
        """The bound values of the filters that are set."""
        values = {
            "speakers": list(self.speakers) if self.speakers is not None else None,
            "about": list(self.about) if self.about is not None else None,
            "article": self.article,
            "text": _like(self.text) if self.text else None,
            "since": self.since,
            "until": self.until,
        }
        return {name: value for name, value in values.items() if value is not None}


def _conditions(names: frozenset[str]) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    if "speakers" in names:
        conds.append(_Q.speaker_id.in_(bindparam("speakers", expanding=True)))
    if "about" in names:
        about = select(_QA.quote_id).where(_QA.entity_id.in_(bindparam("about", expanding=True)))
        conds.append(_Q.id.in_(about))
    if "article" in names:
        conds.append(_Q.article_id == bindparam("article"))
    if "text" in names:
        conds.append(_Q.text.ilike(bindparam("text"), escape="\\"))
    if "since" in names:
        conds.append(_A.published >= bindparam("since"))
    if "until" in names:
        conds.append(_A.published <= bindparam("until"))
    return conds


# Statements are built once per combination of filters, with bound parameters: building
# SQLAlchemy constructs per request costs more than SQLite takes to answer them.
@lru_cache(maxsize=128)
def _page_statements(names: frozenset[str]) -> tuple[Select[Any], Select[Any]]:
    speaker = EntityRow.__table__.alias("speaker")
    joined = QuoteRow.__table__.join(ArticleRow.__table__)
    conds = _conditions(names)
    page = (
        select(
            _Q.id,
            _Q.article_id,
            _Q.start,
            _Q.end,
            _Q.text,
            _Q.speaker_id,
            _Q.mention_text,
            _Q.mention_start,
            _Q.mention_end,
            _Q.role,
            _Q.affiliation,
            _Q.cue_text,
            _Q.cue_start,
            _Q.cue_end,
            _Q.rule,
            _Q.confidence,
            _A.published,
            speaker.c.name,
            speaker.c.kind,
            func.count().over(),
        )  # fmt: skip
        .select_from(joined.outerjoin(speaker, speaker.c.id == _Q.speaker_id))
        .where(*conds)
        .order_by(_A.published.desc().nulls_last(), _Q.article_id, _Q.start)
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
    )
    count = select(func.count()).select_from(joined).where(*conds)
    return page, count


_ABOUT = (
    select(_QA.quote_id, _E.id, _E.name, _E.kind)
    .join_from(QuoteAboutRow.__table__, EntityRow.__table__)
    .where(_QA.quote_id.in_(bindparam("ids", expanding=True)))
    .order_by(_QA.quote_id, _E.id)
)


def quote_page(
    store: Store, where: QuoteFilter, *, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    """One page of matching quotes, newest article first, and how many match in all.

    The quotes are JSON-ready dicts in the shape of :class:`api.schemas.QuotePublic`.
    """
    params = where.params()
    page, count = _page_statements(frozenset(params))
    with _connect(store) as conn:
        rows = conn.execute(page, {**params, "limit": limit, "offset": offset}).all()
        if rows:
            total = int(rows[0][-1])
        else:  # past the end (or nothing matches): the window count had no row to ride on
            total = conn.scalar(count, params) or 0
        about: dict[str, list[dict[str, Any]]] = {}
        if rows:
            for quote_id, entity_id, name, kind in conn.execute(
                _ABOUT, {"ids": [r[0] for r in rows]}
            ):
                about.setdefault(quote_id, []).append({"id": entity_id, "name": name, "kind": kind})
    return [_quote(r, about.get(r[0], [])) for r in rows], total


def _span(text: str | None, start: int | None, end: int | None) -> dict[str, Any] | None:
    return {"text": text, "start": start, "end": end} if text is not None else None


def _quote(row: Sequence[Any], about: list[dict[str, Any]]) -> dict[str, Any]:
    (quote_id, article_id, start, end, text, speaker_id, mention, mention_start, mention_end,
     role, affiliation, cue, cue_start, cue_end, rule, confidence, published, name, kind,
     _total) = row  # fmt: skip
    return {
        "id": quote_id, "text": text, "article_id": article_id,
        "published": published.isoformat() if published else None, "start": start, "end": end,
        "speaker": {"id": speaker_id, "name": name, "kind": kind} if speaker_id else None,
        "mention": _span(mention, mention_start, mention_end),
        "cue": _span(cue, cue_start, cue_end),
        "role": role, "affiliation": affiliation, "about": about, "rule": rule,
        "confidence": round(confidence, 3),
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
