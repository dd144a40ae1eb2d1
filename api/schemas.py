"""What the API reads and writes: pydantic models, named as in the FastAPI template.

``XPublic`` is what a client gets, ``XsPublic`` a page of them (``data``, ``total`` = how many
match across all pages, ``next_offset`` = the offset of the next page or null on the last),
``XCreate`` what a client sends. The ``from_record`` constructors turn the store's plain
records (:mod:`quotes.store.records`) into these; nothing here touches the database. A quote's
shape, :class:`~quotes.store.reads.QuotePublic`, is defined once, with the read path that builds it.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from quotes.store.reads import QuotePublic
from quotes.store.records import ArticleRecord, EntityDetail, EntityRecord, SpeakerCount

__all__ = [
    "ArticleCreate",
    "ArticlePublic",
    "EntityKind",
    "QuoteKind",
    "EntityPublic",
    "EntityQuotesPublic",
    "EntityRefPublic",
    "HealthPublic",
    "ProblemPublic",
    "QuotePublic",
    "QuotesPublic",
    "SpeakerDetailPublic",
    "SpeakerPublic",
    "SpeakersPublic",
    "TargetPublic",
    "next_offset",
]

EntityKind = Literal["person", "organization", "place", "anonymous"]
# As quotes.models.QuoteKind: a quotation, reported speech, reported speech with a fragment.
QuoteKind = Literal["direct", "indirect", "mixed"]
# Article ids travel in URL paths: URL-safe characters only, no "/".
# At least one character that is not a dot: "." and ".." are path segments to every client
# (the WHATWG URL parser resolves even %2E%2E), so such an article could never be read back
# by its URL. The length (1-128) is ARTICLE_ID_MAX_LENGTH; pydantic's regex has no look-ahead.
ARTICLE_ID_PATTERN = r"^[A-Za-z0-9._~:-]*[A-Za-z0-9_~:-][A-Za-z0-9._~:-]*$"
ARTICLE_ID_MAX_LENGTH = 128


def next_offset(offset: int, returned: int, total: int) -> int | None:
    """The offset of the next page, or None when this page reaches the end."""
    following = offset + returned
    return following if returned and following < total else None


class ProblemPublic(BaseModel):
    """An RFC 9457 problem document (``application/problem+json``)."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    instance: str | None = None
    suggestions: list[str] | None = Field(None, description="Closest known names (404).")
    errors: list[dict[str, str]] | None = Field(None, description="Invalid fields (422).")


class EntityRefPublic(BaseModel):
    """An entity by id, canonical name and kind."""

    id: int
    name: str
    kind: str


class QuotesPublic(BaseModel):
    """A page of quotes."""

    data: list[QuotePublic]
    total: int = Field(description="Quotes matching, across all pages.")
    next_offset: int | None = Field(description="Offset of the next page; null on the last.")


class EntityPublic(EntityRefPublic):
    """An entity with every spelling it was seen under."""

    aliases: list[str]

    @classmethod
    def from_record(cls, entity: EntityRecord) -> EntityPublic:
        return cls(id=entity.id, name=entity.name, kind=entity.kind, aliases=list(entity.aliases))


class SpeakerPublic(EntityPublic):
    """A speaker and how many quotes they have."""

    quotes: int

    @classmethod
    def from_count(cls, found: SpeakerCount) -> SpeakerPublic:
        e = found.entity
        return cls(id=e.id, name=e.name, kind=e.kind, aliases=list(e.aliases), quotes=found.quotes)


class SpeakersPublic(BaseModel):
    """A page of speakers, most quoted first."""

    data: list[SpeakerPublic]
    total: int = Field(description="Speakers matching, across all pages.")
    next_offset: int | None = Field(description="Offset of the next page; null on the last.")


class TargetPublic(EntityRefPublic):
    """An entity a speaker talks about, and in how many of their quotes."""

    quotes: int


class SpeakerDetailPublic(EntityPublic):
    """A speaker: names, roles, counts, and whom they talk about most."""

    quotes: int = Field(description="Quotes this speaker said.")
    quoted_about: int = Field(description="Quotes about this entity, by anyone.")
    roles: list[str] = Field(description="Roles the articles gave them, most frequent first.")
    top_entities: list[TargetPublic] = Field(description="Whom they talk about most.")

    @classmethod
    def from_detail(cls, d: EntityDetail) -> SpeakerDetailPublic:
        e = d.entity
        return cls(
            id=e.id, name=e.name, kind=e.kind, aliases=list(e.aliases), quotes=d.quotes_said,
            quoted_about=d.quotes_about, roles=list(d.roles),
            top_entities=[
                TargetPublic(id=t.id, name=t.name, kind=t.kind, quotes=n)
                for t, n in d.top_targets
            ],
        )  # fmt: skip


class EntityQuotesPublic(QuotesPublic):
    """Who said what about one entity: the entity, then a page of quotes about it."""

    entity: EntityPublic


class ArticleCreate(BaseModel):
    """An article to extract and store. Only ``text`` is required."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, description="The article's full text (UTF-8).")
    id: str | None = Field(
        None,
        pattern=ARTICLE_ID_PATTERN,
        max_length=ARTICLE_ID_MAX_LENGTH,
        description="Your id; default: from the text's hash.",
    )
    title: str | None = Field(None, max_length=1000)
    source: str | None = Field(None, max_length=2000, description="URL or outlet.")
    published: dt.date | None = Field(None, description="Publication date, YYYY-MM-DD.")

    @field_validator("text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("text is empty (only whitespace)")
        return value


class ArticlePublic(BaseModel):
    """A stored article with its quotes in text order."""

    id: str
    title: str | None
    source: str | None
    published: dt.date | None
    content_hash: str = Field(description="SHA-256 of the text: the same text is one article.")
    text: str
    quotes: list[QuotePublic]
    count: int = Field(description="Number of quotes.")

    @classmethod
    def from_records(cls, article: ArticleRecord, quotes: list[QuotePublic]) -> ArticlePublic:
        return cls(
            id=article.id, title=article.title, source=article.source,
            published=dt.date.fromisoformat(article.published) if article.published else None,
            content_hash=article.content_hash, text=article.text or "",
            quotes=quotes, count=len(quotes),
        )  # fmt: skip


class HealthPublic(BaseModel):
    """The server is up; the model and the store were opened at start-up."""

    status: Literal["ok"] = "ok"
