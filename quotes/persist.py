"""The write path of the store: one article's quotes and their entities, in a session.

:func:`insert_quotes` runs inside the store's write transaction. It resolves every speaker and
every entity a quote is about to one stored entity (see :mod:`quotes.entities` for the rules),
records each spelling as an alias, upgrades a canonical name when a more complete one arrives,
and bulk-inserts the quotes with their about-links.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert, or_, select
from sqlalchemy.orm import Session

from quotes.entities import (
    Candidate,
    alias_key,
    blocking_keys,
    choose_entity,
    lookup_keys,
    preferred_name,
    spellings,
)
from quotes.models import EntityRef, Quote
from quotes.names import resolve_alias, surname_key
from quotes.tables import AliasRow, EntityRow, QuoteAboutRow, QuoteRow

__all__ = ["insert_quotes", "quote_id"]


def quote_id(article_id: str, start: int, end: int) -> str:
    """The stable id of a quote: the same article and span always give the same id."""
    return f"{article_id}:{start}-{end}"


def _key(name: str) -> str:
    # The key of the resolved name, so "EU" and "European Union" land in one block.
    return surname_key(resolve_alias(name))


def _candidates(session: Session, ref: EntityRef, names: list[str]) -> list[Candidate]:
    keys = set().union(*(lookup_keys(n) for n in names))
    by_alias = select(AliasRow.entity_id).where(AliasRow.alias_key.in_(sorted(keys)))
    rows = session.execute(
        select(EntityRow.id, EntityRow.name, EntityRow.kind).where(
            EntityRow.kind == ref.kind,
            or_(
                EntityRow.surname_key.in_(sorted(blocking_keys(names))), EntityRow.id.in_(by_alias)
            ),
        )
    ).all()
    if not rows:
        return []
    alias_rows = session.execute(
        select(AliasRow.entity_id, AliasRow.alias_key).where(
            AliasRow.entity_id.in_([r.id for r in rows])
        )
    ).all()
    keys_of: dict[int, set[str]] = {}
    for entity_id, key in alias_rows:
        keys_of.setdefault(entity_id, set()).add(key)
    return [Candidate(r.id, r.name, r.kind, frozenset(keys_of.get(r.id, ()))) for r in rows]


def _add_aliases(session: Session, entity_id: int, names: list[str]) -> None:
    known = set(session.scalars(select(AliasRow.alias).where(AliasRow.entity_id == entity_id)))
    new = [n for n in names if n not in known]
    if new:
        session.execute(
            insert(AliasRow),
            [{"entity_id": entity_id, "alias": n, "alias_key": alias_key(n)} for n in new],
        )


def resolve_entity(session: Session, ref: EntityRef) -> int:
    """The id of the stored entity ``ref`` names, created or updated as needed."""
    names = spellings(ref)
    if not names:
        raise ValueError("an entity reference needs a name")
    best = names[0]
    for name in names[1:]:
        best = preferred_name(best, name)
    found = choose_entity(ref, _candidates(session, ref, names))
    if found is None:
        entity = EntityRow(name=best, kind=ref.kind, surname_key=_key(best))
        session.add(entity)
        session.flush()
        found = entity.id
    else:
        entity = session.get_one(EntityRow, found)
        better = preferred_name(entity.name, best)
        if better != entity.name:
            entity.name, entity.surname_key = better, _key(better)
    _add_aliases(session, found, names)
    return found


def insert_quotes(session: Session, article_id: str, quotes: Sequence[Quote]) -> int:
    """Insert an article's quotes (the article row exists); the number inserted."""
    resolved: dict[EntityRef, int] = {}

    def entity_id(ref: EntityRef) -> int:
        if ref not in resolved:
            resolved[ref] = resolve_entity(session, ref)
        return resolved[ref]

    rows: list[dict[str, Any]] = []
    about: list[dict[str, Any]] = []
    seen: set[str] = set()
    for quote in quotes:
        qid = quote_id(article_id, quote.start, quote.end)
        if qid in seen:  # one span, one quote: a repeat would break the primary key
            continue
        seen.add(qid)
        rows.append(_quote_row(qid, article_id, quote, entity_id))
        targets = {entity_id(ref) for ref in quote.about if spellings(ref)}
        about.extend({"quote_id": qid, "entity_id": t} for t in sorted(targets))
    if rows:
        session.execute(insert(QuoteRow), rows)
    if about:
        session.execute(insert(QuoteAboutRow), about)
    return len(rows)


def _quote_row(qid: str, article_id: str, quote: Quote, entity_id: Any) -> dict[str, Any]:
    speaker = quote.speaker if quote.speaker and spellings(quote.speaker) else None
    mention, cue = quote.speaker_mention, quote.cue
    return {
        "id": qid,
        "article_id": article_id,
        "start": quote.start,
        "end": quote.end,
        "text": quote.text,
        "speaker_id": entity_id(speaker) if speaker else None,
        "mention_text": mention.text if mention else None,
        "mention_start": mention.start if mention else None,
        "mention_end": mention.end if mention else None,
        "role": quote.role,
        "affiliation": quote.affiliation,
        "cue_text": cue.text if cue else None,
        "cue_start": cue.start if cue else None,
        "cue_end": cue.end if cue else None,
        "rule": quote.rule,
        "confidence": float(quote.confidence),
    }
