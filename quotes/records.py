"""Plain records the store yields: what the graph, the exports, the CLI and the API consume.

They are frozen dataclasses with str/int/float fields only, so the modules that read them
(:mod:`quotes.graph`, :mod:`quotes.graphml`, :mod:`quotes.exports`) need no SQL and no
SQLAlchemy, and a test can build them by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = [
    "AddResult",
    "ArticleRecord",
    "EntityDetail",
    "EntityRecord",
    "GraphRecords",
    "Page",
    "PairRecord",
    "QuoteRecord",
    "SpeakerCount",
]


@dataclass(frozen=True, slots=True)
class EntityRecord:
    """One entity across all articles: its canonical name, kind and every spelling seen."""

    id: int
    name: str
    kind: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    """An article without its text (``text`` is filled only by :meth:`Store.get_article`)."""

    id: str
    content_hash: str
    title: str | None = None
    source: str | None = None
    published: str | None = None  # ISO date, YYYY-MM-DD
    text: str | None = None


@dataclass(frozen=True, slots=True)
class QuoteRecord:
    """One stored quote. Entities are referenced by id; names ride along for display."""

    id: str
    article_id: str
    start: int
    end: int
    text: str
    speaker_id: int | None = None
    speaker_name: str | None = None
    speaker_kind: str | None = None
    mention_text: str | None = None
    mention_start: int | None = None
    mention_end: int | None = None
    role: str | None = None
    affiliation: str | None = None
    cue_text: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    rule: str = "none"
    confidence: float = 0.0
    published: str | None = None
    kind: str = "direct"
    about_ids: tuple[int, ...] = ()
    about_names: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class GraphRecords:
    """Everything :func:`quotes.graph.build_graph` needs, as iterables of records."""

    entities: list[EntityRecord]
    articles: list[ArticleRecord]
    quotes: list[QuoteRecord]


@dataclass(frozen=True, slots=True)
class Page:
    """One page of quotes and the total number matching the query."""

    data: list[QuoteRecord]
    total: int


@dataclass(frozen=True, slots=True)
class SpeakerCount:
    """A speaker found by a name search, with how many quotes they have."""

    entity: EntityRecord
    quotes: int


@dataclass(frozen=True, slots=True)
class PairRecord:
    """A speaker → target pair and the number of quotes that speaker said about the target."""

    speaker: EntityRecord
    target: EntityRecord
    quotes: int


@dataclass(frozen=True, slots=True)
class EntityDetail:
    """An entity with its quote counts, the roles it was given, and whom it talks about most."""

    entity: EntityRecord
    quotes_said: int
    quotes_about: int
    roles: tuple[str, ...]
    top_targets: tuple[tuple[EntityRecord, int], ...]


@dataclass(frozen=True, slots=True)
class AddResult:
    """What :meth:`Store.add_article` did with one article."""

    article_id: str
    status: Literal["created", "existing", "replaced"]
    quotes: int
