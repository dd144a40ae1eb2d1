"""Plain records the store yields: what the graph, the exports, the CLI and the API consume.

They are frozen dataclasses with str/int/float fields only, so the modules that read them
(:mod:`quotes.graph.build`, :mod:`quotes.graph.graphml`, :mod:`quotes.graph.exports`) need no
SQL and no SQLAlchemy, and a test can build them by hand.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, NamedTuple

from quotes.errors import InputError
from quotes.models import ABOUT_HOWS, QUOTE_KINDS

if TYPE_CHECKING:
    from quotes.store.reads import QuotePublic

__all__ = [
    "AddResult",
    "ArticleRecord",
    "EntityDetail",
    "EntityRecord",
    "ExportFilter",
    "GraphRecords",
    "Page",
    "PairRecord",
    "QUOTE_KINDS",
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
    url: str | None = None
    outlet: str | None = None


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
    # parallel to about_ids: how each target was found, and the mention's offsets (or None)
    about_hows: tuple[str, ...] = ()
    about_starts: tuple[int | None, ...] = ()
    about_ends: tuple[int | None, ...] = ()


@dataclass(frozen=True, slots=True)
class GraphRecords:
    """Everything :func:`quotes.graph.build.build_graph` needs, as iterables of records."""

    entities: list[EntityRecord]
    articles: list[ArticleRecord]
    quotes: list[QuoteRecord]


@dataclass(frozen=True, slots=True)
class Page:
    """One page of quotes (the API's shape) and the total number matching the query."""

    data: list[QuotePublic]
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


@dataclass(frozen=True, slots=True)
class ExportFilter:
    """Which quotes an export holds (every export, CLI and API); the defaults keep all.

    ``since``/``until``: the article's date, inclusive; ``speaker``/``about``: an entity id
    or any name; ``kind``: one of :data:`QUOTE_KINDS`; ``how``: keep only the about-links
    found these ways (of :data:`~quotes.models.ABOUT_HOWS`; a quote left with none is about
    nobody); ``min_weight``: the speaker network's fewest quotes per edge. Checked when made:
    a bad value is an :class:`InputError`.
    """

    since: dt.date | None = None
    until: dt.date | None = None
    speaker: int | str | None = None
    about: int | str | None = None
    min_confidence: float | None = None
    kind: str | None = None
    min_weight: int = 1
    how: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        if self.how is not None:
            unknown = sorted(set(self.how) - set(ABOUT_HOWS))
            if unknown or not self.how:
                given = ", ".join(unknown) or "none"
                raise InputError(f"how must be some of {', '.join(ABOUT_HOWS)}, not {given}")
        if self.since and self.until and self.since > self.until:
            raise InputError(f"since ({self.since}) is after until ({self.until})")
        if self.min_confidence is not None and not 0.0 <= self.min_confidence <= 1.0:
            raise InputError(f"min_confidence must be between 0 and 1, not {self.min_confidence}")
        if self.kind is not None and self.kind not in QUOTE_KINDS:
            raise InputError(f"kind must be one of {', '.join(QUOTE_KINDS)}, not {self.kind!r}")
        if self.min_weight < 1:
            raise InputError(f"min_weight must be at least 1, not {self.min_weight}")

    def describe(self) -> dict[str, str | int | float]:
        """The fields that filter something, as plain values (the exported graph's own data)."""
        values = {
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "speaker": self.speaker, "about": self.about,
            "min_confidence": self.min_confidence, "kind": self.kind,
            "min_weight": self.min_weight if self.min_weight > 1 else None,
            "how": ",".join(self.how) if self.how else None,
        }  # fmt: skip
        return {k: v for k, v in values.items() if v is not None}


class NetworkRow(NamedTuple):
    """One quote with one of its targets (``target_id`` None: the quote is about nobody)."""

    quote_id: str
    article_id: str
    published: str | None
    speaker_id: int
    target_id: int | None
    text: str
    role: str | None = None
    affiliation: str | None = None
    kind: str = "direct"
    how: str | None = None  # how the target was found (quotes.models.ABOUT_HOWS)
