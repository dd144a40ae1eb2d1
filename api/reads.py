"""Read queries the API needs beyond :class:`quotes.store.Store`'s, in few round trips.

The store answers most questions; these are the ones it does not have yet, or not in the
shape a web request wants: a quote page filtered also by article and by words in the text,
with its total in the same query (a window count) and its ``about`` entities in one more;
a speaker list filtered by kind with its total; an article id by content hash; and the
closest names for an unknown one (rapidfuzz over every alias). A name resolves as in the
store: exact spellings (any alias, folded) first, spelling variants second. They use the
store's engine, read only, and raise :class:`~quotes.errors.StoreError` on database errors.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from sqlalchemy import ColumnElement, Connection, distinct, func, or_, select
from sqlalchemy.exc import SQLAlchemyError

from api.schemas import EntityRefPublic, QuotePublic, SpanPublic
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

    def conditions(self) -> list[ColumnElement[bool]]:
        conds: list[ColumnElement[bool]] = []
        if self.speakers is not None:
            conds.append(_Q.speaker_id.in_(self.speakers))
        if self.about is not None:
            conds.append(_Q.id.in_(select(_QA.quote_id).where(_QA.entity_id.in_(self.about))))
        if self.article is not None:
            conds.append(_Q.article_id == self.article)
        if self.text:
            conds.append(_Q.text.ilike(_like(self.text), escape="\\"))
        if self.since is not None:
            conds.append(_A.published >= self.since)
        if self.until is not None:
            conds.append(_A.published <= self.until)
        return conds


def quote_page(
    store: Store, where: QuoteFilter, *, limit: int, offset: int
) -> tuple[list[QuotePublic], int]:
    """One page of matching quotes, newest article first, and how many match in all."""
    speaker = EntityRow.__table__.alias("speaker")
    conds = where.conditions()
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
            speaker.c.name.label("speaker_name"),
            speaker.c.kind.label("speaker_kind"),
            func.count().over().label("total"),
        )  # fmt: skip
        .select_from(
            QuoteRow.__table__.join(ArticleRow.__table__).outerjoin(
                speaker, speaker.c.id == _Q.speaker_id
            )
        )
        .where(*conds)
        .order_by(_A.published.desc().nulls_last(), _Q.article_id, _Q.start)
        .limit(limit)
        .offset(offset)
    )
    with _connect(store) as conn:
        rows = conn.execute(page).all()
        if rows:
            total = int(rows[0].total)
        else:  # past the end (or nothing matches): the window count had no row to ride on
            count = select(func.count()).select_from(QuoteRow.__table__.join(ArticleRow.__table__))
            total = conn.scalar(count.where(*conds)) or 0
        about = _about(conn, [r.id for r in rows])
    return [_quote(r, about.get(r.id, [])) for r in rows], total


def _about(conn: Connection, quote_ids: list[str]) -> dict[str, list[EntityRefPublic]]:
    found: dict[str, list[EntityRefPublic]] = {}
    if not quote_ids:
        return found
    rows = conn.execute(
        select(_QA.quote_id, _E.id, _E.name, _E.kind)
        .join_from(QuoteAboutRow.__table__, EntityRow.__table__)
        .where(_QA.quote_id.in_(quote_ids))
        .order_by(_QA.quote_id, _E.id)
    )
    for quote_id, entity_id, name, kind in rows:
        found.setdefault(quote_id, []).append(EntityRefPublic(id=entity_id, name=name, kind=kind))
    return found


def _quote(r: object, about: list[EntityRefPublic]) -> QuotePublic:
    row = r._mapping  # type: ignore[attr-defined]
    speaker = None
    if row["speaker_id"] is not None:
        speaker = EntityRefPublic(
            id=row["speaker_id"], name=row["speaker_name"], kind=row["speaker_kind"]
        )
    return QuotePublic(
        id=row["id"], text=row["text"], article_id=row["article_id"],
        published=row["published"], start=row["start"], end=row["end"], speaker=speaker,
        mention=SpanPublic.maybe(row["mention_text"], row["mention_start"], row["mention_end"]),
        cue=SpanPublic.maybe(row["cue_text"], row["cue_start"], row["cue_end"]),
        role=row["role"], affiliation=row["affiliation"], about=about, rule=row["rule"],
        confidence=round(row["confidence"], 3),
    )  # fmt: skip


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
