"""The read side of the store: queries over a session, answered with plain records.

Each function takes an open :class:`~sqlalchemy.orm.Session` and returns records from
:mod:`quotes.store.records`; :class:`quotes.store.database.Store` wraps them in a transaction.
An entity is named by its id or by any name: every spelling seen is an alias, and a spelling variant
("Peskow" for "Peskov") is found through the surname key and :func:`quotes.text.names.same_name`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, and_, func, select
from sqlalchemy.orm import Session

from quotes.errors import NotFoundError
from quotes.store.entities import Candidate, blocking_keys, lookup_keys, matches
from quotes.store.records import (
    ArticleRecord,
    EntityDetail,
    EntityRecord,
    ExportFilter,
    GraphRecords,
    NetworkRow,
    PairRecord,
    QuoteRecord,
    SpeakerCount,
)
from quotes.store.schema import AliasRow, ArticleRow, EntityRow, QuoteAboutRow, QuoteRow, quote_kind
from quotes.text.names import fold

__all__ = [
    "counts",
    "entity_detail",
    "entity_ids",
    "entity_records",
    "find_entities",
    "get_article",
    "get_entity",
    "graph_records",
    "iter_quotes",
    "network_rows",
    "search_speakers",
    "top_pairs",
]

_CHUNK = 1000
_Q = TypeVar("_Q", bound=Select[*tuple[Any, ...]])


def counts(session: Session) -> dict[str, int]:
    """Rows per table."""
    tables = {
        "articles": ArticleRow, "entities": EntityRow, "aliases": AliasRow,
        "quotes": QuoteRow, "quote_about": QuoteAboutRow,
    }  # fmt: skip
    return {
        name: session.scalar(select(func.count()).select_from(table)) or 0
        for name, table in tables.items()
    }


def get_article(session: Session, article_id: str) -> ArticleRecord:
    """The article with its text."""
    row = session.get(ArticleRow, article_id)
    if row is None:
        raise NotFoundError(f"no article {article_id!r}")
    return _article(row, with_text=True)


def _article(row: ArticleRow, *, with_text: bool = False) -> ArticleRecord:
    return ArticleRecord(
        id=row.id,
        content_hash=row.content_hash,
        title=row.title,
        source=row.source,
        published=row.published.isoformat() if row.published else None,
        text=row.text if with_text else None,
        url=row.url,
        outlet=row.outlet,
    )


def _entities(session: Session, ids: Iterable[int]) -> dict[int, EntityRecord]:
    wanted = sorted(set(ids))
    found: dict[int, EntityRecord] = {}
    for i in range(0, len(wanted), _CHUNK):
        chunk = wanted[i : i + _CHUNK]
        aliases: dict[int, list[str]] = {}
        for entity_id, alias in session.execute(
            select(AliasRow.entity_id, AliasRow.alias)
            .where(AliasRow.entity_id.in_(chunk))
            .order_by(AliasRow.id)
        ):
            aliases.setdefault(entity_id, []).append(alias)
        for row in session.scalars(select(EntityRow).where(EntityRow.id.in_(chunk))):
            found[row.id] = EntityRecord(row.id, row.name, row.kind, tuple(aliases.get(row.id, ())))
    return found


def entity_records(session: Session, ids: Iterable[int]) -> dict[int, EntityRecord]:
    """The entities with these ids, with their aliases, by id."""
    return _entities(session, ids)


def get_entity(session: Session, entity_id: int) -> EntityRecord:
    """The entity with its aliases."""
    found = _entities(session, [entity_id])
    if entity_id not in found:
        raise NotFoundError(f"no entity with id {entity_id}")
    return found[entity_id]


def find_entities(session: Session, name: str, *, kind: str | None = None) -> list[EntityRecord]:
    """Entities ``name`` names: exact spellings if any match, else spelling variants.

    Most quoted first, then oldest first.
    """
    kinds = [kind] if kind else []
    exact = select(AliasRow.entity_id).where(AliasRow.alias_key.in_(sorted(lookup_keys(name))))
    ids = set(session.scalars(_of_kind(select(EntityRow.id).where(EntityRow.id.in_(exact)), kinds)))
    if not ids:
        rows = session.execute(
            _of_kind(
                select(EntityRow.id, EntityRow.name, EntityRow.kind).where(
                    EntityRow.surname_key.in_(sorted(blocking_keys([name])))
                ),
                kinds,
            )
        ).all()
        ids = {r.id for r in rows if matches(name, Candidate(r.id, r.name, r.kind))}
    said: dict[int | None, int] = dict(
        session.execute(
            select(QuoteRow.speaker_id, func.count())
            .where(QuoteRow.speaker_id.in_(sorted(ids)))
            .group_by(QuoteRow.speaker_id)
        ).all()
    )
    records = _entities(session, ids)
    return sorted(records.values(), key=lambda e: (-said.get(e.id, 0), e.id))


def _of_kind(query: _Q, kinds: list[str]) -> _Q:
    return query.where(EntityRow.kind.in_(kinds)) if kinds else query


def entity_ids(session: Session, entity: int | str) -> list[int]:
    """Ids of the entity (by id) or of the entities a name names; NotFoundError if none."""
    if isinstance(entity, int):
        return [get_entity(session, entity).id]
    found = find_entities(session, entity)
    if not found:
        raise NotFoundError(f"no entity named {entity!r}")
    return [e.id for e in found]


def narrowed(query: _Q, session: Session, selection: ExportFilter) -> _Q:
    """``query`` (a SELECT over ``quotes``) narrowed to the quotes ``selection`` keeps.

    Dates compare the quote's copy of its article's date (``quotes.published``).
    """
    if selection.speaker is not None:
        query = query.where(QuoteRow.speaker_id.in_(entity_ids(session, selection.speaker)))
    if selection.about is not None:
        targets = select(QuoteAboutRow.quote_id).where(
            QuoteAboutRow.entity_id.in_(entity_ids(session, selection.about))
        )
        query = query.where(QuoteRow.id.in_(targets))
    if selection.since is not None:
        query = query.where(QuoteRow.published >= selection.since)
    if selection.until is not None:
        query = query.where(QuoteRow.published <= selection.until)
    if selection.min_confidence is not None:
        query = query.where(QuoteRow.confidence >= selection.min_confidence)
    if selection.kind is not None:
        query = query.where(quote_kind() == selection.kind)
    return query


def iter_quotes(
    session: Session,
    *,
    speaker: str | None = None,
    about: str | None = None,
    selection: ExportFilter | None = None,
) -> Iterator[QuoteRecord]:
    """Every matching quote in article order, fetched in chunks.

    ``selection`` narrows further (every export's filters); its ``min_weight`` is the
    speaker network's and does not apply to single quotes.
    """
    query = select(QuoteRow).order_by(QuoteRow.article_id, QuoteRow.start)
    for narrowing in (ExportFilter(speaker=speaker, about=about), selection):
        if narrowing is not None:
            query = narrowed(query, session, narrowing)
    for chunk in session.scalars(query.execution_options(yield_per=_CHUNK)).partitions():
        yield from _quote_records(session, chunk)


def _quote_records(session: Session, rows: Sequence[QuoteRow]) -> list[QuoteRecord]:
    quote_ids = [row.id for row in rows]
    about: dict[str, list[_About]] = {}
    qa = QuoteAboutRow
    for quote_id, entity_id, how, start, end in session.execute(
        select(qa.quote_id, qa.entity_id, qa.how, qa.start, qa.end)
        .where(qa.quote_id.in_(quote_ids))
        .order_by(qa.quote_id, qa.entity_id)
    ):
        about.setdefault(quote_id, []).append((entity_id, how, start, end))
    speakers = {row.speaker_id for row in rows if row.speaker_id is not None}
    names = _names(session, speakers | {a[0] for targets in about.values() for a in targets})
    return [_quote(row, about.get(row.id, []), names) for row in rows]


_About = tuple[int, str, int | None, int | None]  # entity id, how, start, end


def _names(session: Session, ids: set[int]) -> dict[int, tuple[str, str]]:
    wanted, names = sorted(ids), {}
    for i in range(0, len(wanted), _CHUNK):
        query = select(EntityRow.id, EntityRow.name, EntityRow.kind).where(
            EntityRow.id.in_(wanted[i : i + _CHUNK])
        )
        names.update({r.id: (r.name, r.kind) for r in session.execute(query)})
    return names


def _quote(row: QuoteRow, about: list[_About], names: dict[int, tuple[str, str]]) -> QuoteRecord:
    speaker = names.get(row.speaker_id) if row.speaker_id is not None else None
    return QuoteRecord(
        id=row.id, article_id=row.article_id, start=row.start, end=row.end, text=row.text,
        speaker_id=row.speaker_id,
        speaker_name=speaker[0] if speaker else None,
        speaker_kind=speaker[1] if speaker else None,
        mention_text=row.mention_text, mention_start=row.mention_start,
        mention_end=row.mention_end, role=row.role, affiliation=row.affiliation,
        cue_text=row.cue_text, cue_start=row.cue_start, cue_end=row.cue_end,
        rule=row.rule, confidence=row.confidence,
        published=row.published.isoformat() if row.published else None, kind=row.kind,
        about_ids=tuple(a[0] for a in about), about_names=tuple(names[a[0]][0] for a in about),
        about_hows=tuple(a[1] for a in about), about_starts=tuple(a[2] for a in about),
        about_ends=tuple(a[3] for a in about),
    )  # fmt: skip


def top_pairs(
    session: Session, *, limit: int = 20, speaker_id: int | None = None
) -> list[PairRecord]:
    """Speaker → target pairs by number of quotes, most first."""
    count = func.count().label("n")
    query = (
        select(QuoteRow.speaker_id, QuoteAboutRow.entity_id, count)
        .join(QuoteAboutRow, QuoteAboutRow.quote_id == QuoteRow.id)
        .where(QuoteRow.speaker_id.is_not(None))
        .group_by(QuoteRow.speaker_id, QuoteAboutRow.entity_id)
        .order_by(count.desc(), QuoteRow.speaker_id, QuoteAboutRow.entity_id)
    )
    if speaker_id is not None:
        query = query.where(QuoteRow.speaker_id == speaker_id)
    rows = [(s, t, n) for s, t, n in session.execute(query.limit(limit)) if s is not None]
    entities = _entities(session, {r[0] for r in rows} | {r[1] for r in rows})
    return [PairRecord(entities[s], entities[t], n) for s, t, n in rows]


def search_speakers(
    session: Session, query: str, *, limit: int = 20, offset: int = 0
) -> list[SpeakerCount]:
    """Speakers with a spelling containing ``query`` (folded), most quoted first."""
    pattern = f"%{fold(query)}%"
    matching = select(AliasRow.entity_id).where(AliasRow.alias_key.like(pattern))
    count = func.count().label("n")
    found = session.execute(
        select(QuoteRow.speaker_id, count)
        .where(QuoteRow.speaker_id.in_(matching))
        .group_by(QuoteRow.speaker_id)
        .order_by(count.desc(), QuoteRow.speaker_id)
        .limit(limit)
        .offset(offset)
    )
    rows = [(entity_id, n) for entity_id, n in found if entity_id is not None]
    entities = _entities(session, [r[0] for r in rows])
    return [SpeakerCount(entities[entity_id], n) for entity_id, n in rows]


def entity_detail(session: Session, entity: int | str, *, top: int = 10) -> EntityDetail:
    """An entity (the most quoted one a name names) with counts, roles and top targets."""
    entity_id = entity_ids(session, entity)[0]
    said = session.scalar(select(func.count()).where(QuoteRow.speaker_id == entity_id)) or 0
    about = session.scalar(select(func.count()).where(QuoteAboutRow.entity_id == entity_id)) or 0
    n = func.count().label("n")
    roles = session.execute(
        select(QuoteRow.role, n)
        .where(QuoteRow.speaker_id == entity_id, QuoteRow.role.is_not(None))
        .group_by(QuoteRow.role)
        .order_by(n.desc(), QuoteRow.role)
    ).all()
    pairs = top_pairs(session, limit=top, speaker_id=entity_id)
    return EntityDetail(
        entity=get_entity(session, entity_id),
        quotes_said=said,
        quotes_about=about,
        roles=tuple(r[0] for r in roles if r[0] is not None),
        top_targets=tuple((p.target, p.quotes) for p in pairs),
    )


def network_rows(session: Session, selection: ExportFilter) -> Iterator[NetworkRow]:
    """One row per attributed quote and target (target None: about nobody), the rows of one
    article together, oldest article first: what
    :func:`quotes.graph.network.build_network` folds."""
    query = (
        select(
            QuoteRow.id,
            QuoteRow.article_id,
            QuoteRow.published,
            QuoteRow.speaker_id,
            QuoteAboutRow.entity_id,
            QuoteRow.text,
            QuoteRow.role,
            QuoteRow.affiliation,
            quote_kind(),
            QuoteAboutRow.how,
        )  # fmt: skip
        .outerjoin(QuoteAboutRow, _about_join(selection))
        .where(QuoteRow.speaker_id.is_not(None))
        .order_by(
            QuoteRow.published,
            QuoteRow.article_id,
            QuoteRow.start,
            QuoteRow.id,
            QuoteAboutRow.entity_id,
        )  # fmt: skip
    )
    query = narrowed(query, session, selection)
    for chunk in session.execute(query.execution_options(yield_per=_CHUNK)).partitions():
        for qid, article, published, speaker, target, text, role, affiliation, kind, how in chunk:
            assert speaker is not None  # the query keeps attributed quotes only
            yield NetworkRow(
                qid, article, published.isoformat() if published else None, speaker, target,
                text, role, affiliation, kind, how,
            )  # fmt: skip


def _about_join(selection: ExportFilter) -> ColumnElement[bool]:
    """A quote's about-links, only those found in one of ``selection.how`` when it is set:
    a quote left with none stays, about nobody."""
    joined = QuoteAboutRow.quote_id == QuoteRow.id
    return and_(joined, QuoteAboutRow.how.in_(selection.how)) if selection.how else joined


def graph_records(
    session: Session,
    *,
    speaker: str | None = None,
    about: str | None = None,
    selection: ExportFilter | None = None,
) -> GraphRecords:
    """Quotes (all, or filtered), and the entities and articles they refer to."""
    quotes = list(iter_quotes(session, speaker=speaker, about=about, selection=selection))
    entity_ids = {q.speaker_id for q in quotes if q.speaker_id is not None}
    entity_ids.update(e for q in quotes for e in q.about_ids)
    article_ids = sorted({q.article_id for q in quotes})
    articles: list[ArticleRecord] = []
    for i in range(0, len(article_ids), _CHUNK):
        chunk = article_ids[i : i + _CHUNK]
        rows = session.scalars(select(ArticleRow).where(ArticleRow.id.in_(chunk)))
        articles.extend(_article(row) for row in rows)
    entities = _entities(session, entity_ids)
    return GraphRecords(
        entities=[entities[i] for i in sorted(entities)],
        articles=sorted(articles, key=lambda a: a.id),
        quotes=quotes,
    )
