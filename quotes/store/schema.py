"""The database schema as SQLAlchemy 2 declarative models, shared by the store and Alembic.

The same models serve SQLite and PostgreSQL. Alembic migrations under
``quotes/store/migrations/versions`` create and change these tables; a test checks that the
migrations and these models agree, so the two never drift apart.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    func,
    literal,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.sql import ColumnElement

from quotes.models import ENTITY_KINDS

__all__ = [
    "AliasRow",
    "ArticleRow",
    "Base",
    "EntityRow",
    "QuoteAboutRow",
    "QuoteRow",
    "quote_kind",
    "sqlite_about_json",
]

# Named constraints, so a migration can drop or alter them the same way on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
_KINDS_SQL = ", ".join(f"'{kind}'" for kind in ENTITY_KINDS)


class Base(DeclarativeBase):
    """Declarative base holding the schema's metadata."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class ArticleRow(Base):
    """One article. ``content_hash`` (SHA-256 of the text) makes re-ingesting a no-op."""

    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(String, primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date, index=True)
    text: Mapped[str] = mapped_column(Text)
    # Where the article was published (migration 0006): its address and the outlet's name.
    url: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(Text)


class EntityRow(Base):
    """A person, organization, place or anonymous source, one row across all articles."""

    __tablename__ = "entities"
    __table_args__ = (
        CheckConstraint(f"kind IN ({_KINDS_SQL})", name="kind"),
        Index("ix_entities_kind_surname_key", "kind", "surname_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String)
    kind: Mapped[str] = mapped_column(String(20))
    # quotes.text.names.surname_key of the canonical name: the blocking key for candidate matches.
    surname_key: Mapped[str] = mapped_column(String)


class AliasRow(Base):
    """Every spelling an entity was seen under; ``alias_key`` is its folded form for lookup."""

    __tablename__ = "aliases"
    __table_args__ = (UniqueConstraint("entity_id", "alias"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), index=True
    )
    alias: Mapped[str] = mapped_column(String)
    alias_key: Mapped[str] = mapped_column(String, index=True)


class QuoteRow(Base):
    """One quotation. The id is ``"{article_id}:{start}-{end}"``: stable across re-ingests.

    ``published`` is the article's date, copied when the quote is written (an article's
    quotes are always written with it, so the copy never goes stale): a speaker's page is
    then read from the index ``ix_quotes_speaker_page`` alone, without the articles table,
    in page order.
    """

    __tablename__ = "quotes"

    id: Mapped[str] = mapped_column(String, primary_key=True)
    article_id: Mapped[str] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    speaker_id: Mapped[int | None] = mapped_column(
        ForeignKey("entities.id", ondelete="SET NULL"), index=True
    )
    mention_text: Mapped[str | None] = mapped_column(Text)
    mention_start: Mapped[int | None] = mapped_column(Integer)
    mention_end: Mapped[int | None] = mapped_column(Integer)
    role: Mapped[str | None] = mapped_column(Text)
    affiliation: Mapped[str | None] = mapped_column(Text)
    cue_text: Mapped[str | None] = mapped_column(Text)
    cue_start: Mapped[int | None] = mapped_column(Integer)
    cue_end: Mapped[int | None] = mapped_column(Integer)
    rule: Mapped[str] = mapped_column(String(50))
    confidence: Mapped[float] = mapped_column(Float)
    # direct | indirect | mixed (quotes.models.QuoteKind); rows from before 0004 are direct
    kind: Mapped[str] = mapped_column(String(10), default="direct", server_default="direct")
    published: Mapped[dt.date | None] = mapped_column(Date)
    # SQLite: the quote's ``about`` list as JSON (:func:`sqlite_about_json`), written with the
    # quote and rewritten when one of its entities is renamed; NULL elsewhere (not used).
    about_json: Mapped[str | None] = mapped_column(Text)


# In page order, newest first (migration 0007): a speaker's page is read off the index, never
# a sort of all their quotes (at ten times the quotes a speaker, that sort was the page's cost).
Index(
    "ix_quotes_speaker_page",
    QuoteRow.speaker_id,
    QuoteRow.published.desc(),
    QuoteRow.article_id,
    QuoteRow.start,
)


class QuoteAboutRow(Base):
    """A quote is about an entity: how the extractor found it, and where (migration 0005).

    ``how`` is one of :data:`quotes.models.ABOUT_HOWS` (``name``, ``pronoun``,
    ``description``, ``frame``); ``start``/``end`` are the mention's offsets in the article,
    NULL when unknown (rows stored before 0005 are ``name`` with no offsets).
    """

    __tablename__ = "quote_about"

    quote_id: Mapped[str] = mapped_column(
        ForeignKey("quotes.id", ondelete="CASCADE"), primary_key=True
    )
    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    how: Mapped[str] = mapped_column(String(20), server_default="name")
    start: Mapped[int | None] = mapped_column(Integer)
    end: Mapped[int | None] = mapped_column(Integer)


def sqlite_about_json(quote: str) -> str:
    """SQLite expression: the ``about`` list of the quote row ``quote`` (a table alias) as JSON.

    ``[{"id", "name", "kind", "how", "start", "end"}, ...]`` in entity id order (the
    ``quote_about`` primary key is the only way to the rows), the bytes the API's JSON pages
    carry.
    """
    return (
        "(SELECT json_group_array(json_object('id', e.id, 'name', e.name, 'kind', e.kind, "
        "'how', qa.how, 'start', qa.start, 'end', qa.\"end\")) "
        f"FROM quote_about AS qa JOIN entities AS e ON e.id = qa.entity_id "
        f"WHERE qa.quote_id = {quote}.id)"
    )


def quote_kind() -> ColumnElement[str]:
    """The quote's kind as SQL, the one place it is read: ``quotes.kind`` when the table has
    that column (NULL read as ``'direct'``), else ``'direct'`` for every quote."""
    column = getattr(QuoteRow, "kind", None)
    if column is None:
        return literal("direct")
    return func.coalesce(column, "direct")
