"""The write path of the store: one article's quotes and their entities, in a session.

:func:`insert_quotes` runs inside the store's write transaction. It resolves every speaker and
every entity a quote is about to one stored entity (see :mod:`quotes.store.entities` for the rules),
records each spelling as an alias, upgrades a canonical name when a more complete one arrives,
and bulk-inserts the quotes with their about-links.

On PostgreSQL several transactions run it at once, holding the name locks of
:func:`entity_refs` (taken by the store, see :mod:`quotes.store.locks`); ``names`` says which:
under ``"shared"`` ones it raises :class:`~quotes.store.locks.NeedsExclusive` before any entity or
alias write, under ``"exclusive"`` ones it also locks the candidate entity rows. ``None``
(SQLite, one writer) locks nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal, NamedTuple

from sqlalchemy import ColumnElement, insert, literal_column, or_, select, update
from sqlalchemy.orm import Session

from quotes.models import AboutRef, EntityRef, Quote, about_how, about_mention
from quotes.store.entities import (
    Candidate,
    alias_key,
    blocking_keys,
    choose_entity,
    compatible_kinds,
    lookup_keys,
    merged_kind,
    preferred_name,
    spellings,
)
from quotes.store.locks import NeedsExclusive
from quotes.store.schema import (
    AliasRow,
    ArticleRow,
    EntityRow,
    QuoteAboutRow,
    QuoteRow,
    sqlite_about_json,
)
from quotes.text.names import resolve_alias, surname_key

__all__ = ["Inserted", "NameLocks", "entity_refs", "insert_quotes", "quote_id"]

# How the write path locks the names it resolves: see the module docstring.
NameLocks = Literal["shared", "exclusive"] | None


class Inserted(NamedTuple):
    """What :func:`insert_quotes` did: quotes inserted, and whether it wrote any entity or
    alias (created, renamed or a new spelling)."""

    quotes: int
    wrote_names: bool


def quote_id(article_id: str, start: int, end: int) -> str:
    """The stable id of a quote: the same article and span always give the same id."""
    return f"{article_id}:{start}-{end}"


def _key(name: str) -> str:
    # The key of the resolved name, so "EU" and "European Union" land in one block.
    return surname_key(resolve_alias(name))


class _Pool:
    """The stored entities an article's references might name, loaded in two queries.

    Resolving in memory against this pool, rather than querying per reference, keeps the
    write path at a handful of statements per article.
    """

    def __init__(self, session: Session, refs: Sequence[EntityRef], names: NameLocks) -> None:
        self.session = session
        # With shared name locks the pool is only read: any write asks for exclusive ones.
        self.read_only = names == "shared"
        self.wrote = False
        spelled = [n for ref in refs for n in spellings(ref)]
        keys = sorted(set().union(*(lookup_keys(n) for n in spelled)))
        by_alias = select(AliasRow.entity_id).where(AliasRow.alias_key.in_(keys))
        query = select(EntityRow.id, EntityRow.name, EntityRow.kind, EntityRow.surname_key).where(
            EntityRow.kind.in_(sorted(set().union(*(compatible_kinds(r.kind) for r in refs)))),
            or_(
                EntityRow.surname_key.in_(sorted(blocking_keys(spelled))),
                EntityRow.id.in_(by_alias),
            ),
        )
        if names == "exclusive":
            # FOR NO KEY UPDATE, in id order, read as they are once locked: a writer that
            # reached one of them through another name key cannot rename it under this one.
            query = query.order_by(EntityRow.id).with_for_update(key_share=True, of=EntityRow)
        rows = session.execute(query).all()
        self.entities: dict[int, tuple[str, str]] = {r.id: (r.name, r.kind) for r in rows}
        self.aliases: dict[int, set[str]] = {r.id: set() for r in rows}
        # Indexes of the pool, so each reference is compared with its few candidates only.
        self.by_surname: dict[str, set[int]] = {}
        self.by_alias: dict[str, set[int]] = {}
        for r in rows:
            self.by_surname.setdefault(r.surname_key, set()).add(r.id)
        aliases = select(AliasRow.entity_id, AliasRow.alias, AliasRow.alias_key)
        for entity_id, alias, key in session.execute(
            aliases.where(AliasRow.entity_id.in_(list(self.entities)))
        ):
            self.aliases[entity_id].add(alias)
            self.by_alias.setdefault(key, set()).add(entity_id)
        self.new_aliases: list[dict[str, Any]] = []

    def candidates(self, ref: EntityRef, names: list[str]) -> list[Candidate]:
        """Pool entities of the reference's kind that share a surname key or a spelling."""
        ids: set[int] = set()
        for key in blocking_keys(names):
            ids |= self.by_surname.get(key, set())
        for name in names:
            for key in lookup_keys(name):
                ids |= self.by_alias.get(key, set())
        return [
            Candidate(i, name, kind, frozenset(alias_key(a) for a in self.aliases[i]))
            for i in sorted(ids)
            for name, kind in [self.entities[i]]
            if kind in compatible_kinds(ref.kind)
        ]

    def _writes(self) -> None:
        """Called before any entity or alias write: refused under shared name locks."""
        if self.read_only:
            raise NeedsExclusive
        self.wrote = True

    def _index(self, entity_id: int, name: str) -> None:
        self.by_surname.setdefault(_key(name), set()).add(entity_id)

    def resolve(self, ref: EntityRef) -> int:
        """The id of the entity ``ref`` names, created or renamed as needed."""
        names = spellings(ref)
        best = names[0]
        for name in names[1:]:
            best = preferred_name(best, name)
        found = choose_entity(ref, self.candidates(ref, names))
        if found is None:
            self._writes()
            found = self.session.execute(
                insert(EntityRow).returning(EntityRow.id),
                [{"name": best, "kind": ref.kind, "surname_key": _key(best)}],
            ).scalar_one()
            self.entities[found], self.aliases[found] = (best, ref.kind), set()
            self._index(found, best)
        else:
            current, kind = self.entities[found]
            better = preferred_name(current, best)
            merged = merged_kind(kind, ref.kind)
            if better != current or merged != kind:
                self._writes()
                self.session.execute(
                    update(EntityRow)
                    .where(EntityRow.id == found)
                    .values(name=better, surname_key=_key(better), kind=merged)
                )
                _refresh_about_json(
                    self.session,
                    QuoteRow.id.in_(
                        select(QuoteAboutRow.quote_id).where(QuoteAboutRow.entity_id == found)
                    ),
                )
                self.entities[found] = (better, merged)
                self._index(found, better)
        for name in names:
            if name not in self.aliases[found]:
                self._writes()
                self.aliases[found].add(name)
                self.by_alias.setdefault(alias_key(name), set()).add(found)
                self.new_aliases.append(
                    {"entity_id": found, "alias": name, "alias_key": alias_key(name)}
                )
        return found

    def flush(self) -> None:
        """Insert the aliases seen for the first time."""
        if self.new_aliases:
            self.session.execute(insert(AliasRow), self.new_aliases)
            self.new_aliases = []


def entity_refs(quotes: Sequence[Quote]) -> list[EntityRef]:
    """The named speakers and targets of the quotes: what the write path resolves."""
    about = (_plain(a) for q in quotes for a in q.about)
    speakers = (q.speaker for q in quotes)
    return [r for r in (*speakers, *about) if r is not None and spellings(r)]


def _plain(ref: EntityRef) -> EntityRef:
    """The entity alone: how and where a target was found say nothing about who it is, and
    one entity found twice is resolved once."""
    return ref.entity() if isinstance(ref, AboutRef) else ref


def insert_quotes(
    session: Session, article_id: str, quotes: Sequence[Quote], *, names: NameLocks = None
) -> Inserted:
    """Insert an article's quotes (the article row exists, with its date: each quote gets a
    copy): how many, and whether entities or aliases were written.

    ``names``: the name locks the transaction holds (PostgreSQL);
    :class:`~quotes.store.locks.NeedsExclusive` when ``"shared"`` ones are not enough.
    """
    refs = entity_refs(quotes)
    pool = _Pool(session, refs, names) if refs else None
    resolved: dict[EntityRef, int] = {}

    def entity_id(ref: EntityRef) -> int:
        if ref not in resolved:
            assert pool is not None  # every named reference is in refs
            resolved[ref] = pool.resolve(ref)
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
        about.extend(_about_rows(qid, quote, entity_id))
    if pool is not None:
        pool.flush()
    if rows:
        # The article's date on every quote: a speaker's page then reads one index.
        published = session.scalar(select(ArticleRow.published).where(ArticleRow.id == article_id))
        for row in rows:
            row["published"] = published
        session.execute(insert(QuoteRow), rows)
    if about:
        session.execute(insert(QuoteAboutRow), about)
    if rows:
        _refresh_about_json(session, QuoteRow.article_id == article_id)
    return Inserted(len(rows), pool is not None and pool.wrote)


def _about_rows(qid: str, quote: Quote, entity_id: Any) -> list[dict[str, Any]]:
    """One row per entity the quote is about, with how it was found and where; two entries
    for one entity ("Putin" and "he") keep the first, the way the quote lists them."""
    rows: dict[int, dict[str, Any]] = {}
    for ref in quote.about:
        if not spellings(ref):
            continue
        target = entity_id(_plain(ref))
        if target not in rows:
            mention = about_mention(ref)
            rows[target] = {
                "quote_id": qid,
                "entity_id": target,
                "how": about_how(ref),
                "start": mention.start if mention else None,
                "end": mention.end if mention else None,
            }
    return [rows[t] for t in sorted(rows)]


def _refresh_about_json(session: Session, which: ColumnElement[bool]) -> None:
    """On SQLite, (re)write ``about_json`` of the quotes ``which`` selects, from their rows."""
    if session.get_bind().dialect.name != "sqlite":
        return
    session.execute(
        update(QuoteRow)
        .where(which)
        .values(about_json=literal_column(sqlite_about_json("quotes")))
        .execution_options(synchronize_session=False)
    )


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
        "kind": quote.kind,
    }
