"""Plain data records that the extractor returns and the store keeps.

They are frozen dataclasses with plain fields only (no spaCy objects), so they pickle small,
cross process boundaries cheaply, and turn into JSON with :func:`Quote.to_dict`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

EntityKind = Literal["person", "organization", "place", "anonymous"]
ENTITY_KINDS: tuple[str, ...] = ("person", "organization", "place", "anonymous")
# What a quote is: quoted words ("direct"), reported speech without quote marks ("indirect":
# Peskov said the call was planned for the evening), or reported speech holding a quoted
# fragment ("mixed": Lavrov ruled out any "concession"), one record with its fragment.
QuoteKind = Literal["direct", "indirect", "mixed"]
QUOTE_KINDS: tuple[str, ...] = ("direct", "indirect", "mixed")


@dataclass(frozen=True, slots=True)
class TextSpan:
    """A stretch of the article: its text and character offsets (end exclusive)."""

    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class EntityRef:
    """An entity by its canonical name within one article, and its kind.

    ``aliases`` are the other surface names the article used for it ("Psaki", "Peskow").
    """

    name: str
    kind: EntityKind
    aliases: tuple[str, ...] = ()


AboutHow = Literal["name", "pronoun", "description", "frame"]
ABOUT_HOWS: tuple[str, ...] = ("name", "pronoun", "description", "frame")


@dataclass(frozen=True, slots=True)
class AboutRef(EntityRef):
    """An entity a quote is about, and how the extractor found it.

    ``how`` is ``name`` (named inside the quote, a demonym included: "Russian" is Russia),
    ``pronoun`` ("she" inside the quote), ``description`` ("the mayor"), or ``frame`` (the
    attribution's target outside the marks: "X warned Y that ..."). ``mention`` is the words
    that refer to it, with their offsets in the article, as ``Quote.speaker_mention`` is for
    the speaker. A plain :class:`EntityRef` in ``Quote.about`` counts as found by name, with
    no mention.
    """

    how: AboutHow = "name"
    mention: TextSpan | None = None

    def entity(self) -> EntityRef:
        """The entity without how it was found."""
        return EntityRef(self.name, self.kind, self.aliases)


def about_how(ref: EntityRef) -> AboutHow:
    """How an ``about`` entry was found (``name`` for a plain entity reference)."""
    return ref.how if isinstance(ref, AboutRef) else "name"


def about_mention(ref: EntityRef) -> TextSpan | None:
    return ref.mention if isinstance(ref, AboutRef) else None


@dataclass(frozen=True, slots=True)
class Quote:
    """One quotation or reported statement, with who said it and whom it is about.

    ``start``/``end`` delimit the quoted words without the quote marks, or for reported
    speech the reported content ("the call was planned" in "Peskov said the call was
    planned"), so ``text == article[start:end]``. ``kind`` says which (:data:`QuoteKind`).
    ``about`` lists each entity once, in order of first
    mention; the extractor gives :class:`AboutRef` entries (how each was found, and where).
    """

    start: int
    end: int
    text: str
    speaker: EntityRef | None = None
    role: str | None = None
    affiliation: str | None = None
    speaker_mention: TextSpan | None = None
    cue: TextSpan | None = None
    about: tuple[EntityRef, ...] = ()
    rule: str = "none"
    confidence: float = 0.0
    kind: QuoteKind = "direct"

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of the CLI contract (without the ``article`` key)."""
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "speaker": self.speaker.name if self.speaker else None,
            "speaker_kind": self.speaker.kind if self.speaker else None,
            "role": self.role,
            "affiliation": self.affiliation,
            "speaker_mention": self.speaker_mention.to_dict() if self.speaker_mention else None,
            "cue": self.cue.to_dict() if self.cue else None,
            "about": [ref.name for ref in self.about],
            "about_mentions": [_about_dict(ref) for ref in self.about],
            "rule": self.rule,
            "confidence": round(self.confidence, 3),
            "kind": self.kind,
        }


def _about_dict(ref: EntityRef) -> dict[str, Any]:
    mention = about_mention(ref)
    return {
        "name": ref.name,
        "kind": ref.kind,
        "how": about_how(ref),
        "text": mention.text if mention else None,
        "start": mention.start if mention else None,
        "end": mention.end if mention else None,
    }


@dataclass(frozen=True, slots=True)
class Article:
    """An article to ingest. ``id`` defaults to the content hash when a source has none."""

    text: str
    id: str | None = None
    title: str | None = None
    source: str | None = None
    published: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    url: str | None = None
    outlet: str | None = None
