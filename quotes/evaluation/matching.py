"""When a predicted quote matches a gold one: span trimming and overlap, and speaker names.

These are the matching rules of the reference scorer (``../shared/eval/score.py``), written
as small pure functions so :mod:`quotes.evaluation` can count with them. Spans are compared
after trimming quote marks, whitespace and ``, . ; :``, by the start offsets of their words.
Speaker names are compared after dropping case, possessives, leading titles and determiners,
generational suffixes and middle initials: they match when one is a word-suffix of the other
("Psaki" ~ "Jen Psaki"), or share the surname and the first two letters of the given name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "HEADLINE_LEVEL",
    "KINDS",
    "LEVELS",
    "MENTION_GROUPS",
    "MODES",
    "NOWHERE",
    "GoldDoc",
    "GoldQuote",
    "Predicted",
    "Span",
    "gold_candidates",
    "locate",
    "locate_predictions",
    "make_span",
    "mention_group",
    "match_spans",
    "names_match",
    "normalize_speaker",
    "speaker_kind",
    "speaker_matches",
    "trim_span",
]

LEVELS = ("exact", "overlap", "any")
MODES = ("strict", "lenient", "resolved")
KINDS = ("name", "pronoun", "nominal")
# The kinds of gold mention the per-mention breakdown reports: a continuation is a quote whose
# gold mention lies outside the quote's own sentence (it goes on with an earlier speaker).
MENTION_GROUPS = ("name", "pronoun", "description", "continuation")
_MENTION_CLASSES = {"named": "name", "pron": "pronoun", "nominal": "description"}
# Where a sentence ends in raw text: a line break, or . ! ? (and any closing marks) then space.
_SENTENCE_END = re.compile(r"\n|[.!?][\"'\u201d\u2019)]*\s")
# The level whose figures are the headline and the per-rule breakdown.
HEADLINE_LEVEL = "overlap"

QUOTE_MARKS = "\"\u201c\u201d\u201e\u00ab\u00bb\u2018\u2019'`"
_TRIM = frozenset(QUOTE_MARKS + " \t\r\n\u00a0,.;:")
_WORD = re.compile(r"\w+")
PRONOUNS = frozenset(
    "he she they it we i you him her them his hers their its our my "
    "who which that whom whose one".split()
)
LEADING_TITLES = frozenset(
    "the a an mr mrs ms miss dr prof sir sen senator rep gov governor president gen rev lord "
    "lady dame judge justice secretary mayor chairman chairwoman ceo".split()
)
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
# Where the head of a gold source mention ends: "Chris Low at FTN Financial" -> "Chris Low".
_APPOSITION = re.compile(r",|\(|\s(?:of|at|from|who|with|for|in|on)\s|\s[\u2014\u2013-]\s")
_CAPITALISED = re.compile(r"^[A-Z][a-z]")
_UPPER_RUN = re.compile(r"[A-Z]{2,}")

Name = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Span:
    """A trimmed span and the start offsets of its words (what overlap is counted in)."""

    start: int
    end: int
    words: frozenset[int]


# A prediction given by text that does not occur in the article: it can match nothing.
NOWHERE = Span(-1, -1, frozenset())


@dataclass(frozen=True, slots=True)
class GoldQuote:
    """A gold quote: its span, the verbatim source mention, and what can stand for it.

    ``resolved`` is the hand-resolved name ("he" -> "Donald Trump"); ``named`` is False when
    the source is unnamed, and then the verbatim mention stays acceptable in resolved mode.
    """

    span: Span
    speaker: str | None
    silver_aliases: tuple[str, ...] = ()
    resolved: str | None = None
    named: bool = True
    corrected_speaker: str | None = None
    # The record's own start offset, untrimmed: annotations of the quote are keyed by it.
    record_start: int = -1
    # The gold mention's character offsets and the resolved file's mention class, when known:
    # what the per-mention breakdown (:func:`mention_group`) reads.
    speaker_start: int | None = None
    speaker_end: int | None = None
    mention_class: str | None = None


@dataclass(frozen=True, slots=True)
class GoldDoc:
    """One gold article: its text, its direct quotes, and its mixed (don't-care) quotes."""

    id: str
    text: str
    quotes: tuple[GoldQuote, ...]
    mixed: tuple[GoldQuote, ...] = ()


@dataclass(frozen=True, slots=True)
class Predicted:
    """One predicted quote, located in the gold text (:data:`NOWHERE` if it could not be)."""

    span: Span
    speaker: str | None
    rule: str
    confidence: float | None = None


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Clip to the text, then drop quote marks, whitespace and ``, . ; :`` at both ends."""
    start, end = max(0, start), min(len(text), end)
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def make_span(text: str, start: int, end: int) -> Span:
    start, end = trim_span(text, start, end)
    words = frozenset(m.start() for m in _WORD.finditer(text, start, end))
    return Span(start, end, words)


def locate(text: str, quote_text: str, used: set[tuple[int, int]]) -> tuple[int, int] | None:
    """The first occurrence of ``quote_text`` not already used: verbatim, then without marks."""
    for needle in (quote_text, quote_text.strip(QUOTE_MARKS + " ,.")):
        if not needle:
            continue
        i = text.find(needle)
        while i != -1:
            if (i, i + len(needle)) not in used:
                return i, i + len(needle)
            i = text.find(needle, i + 1)
    return None


def _agreement(gold: Span, pred: Span, level: str) -> float | None:
    """How well two spans agree at ``level`` (higher is better), or None if they do not."""
    if level == "exact":
        return 1.0 if (gold.start, gold.end) == (pred.start, pred.end) else None
    shared = len(gold.words & pred.words)
    if not shared:
        return None
    ratio = shared / max(len(gold.words), len(pred.words))
    if level == "overlap" and ratio < 0.5:
        return None
    return ratio


def match_spans(gold: Sequence[Span], pred: Sequence[Span], level: str) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs, greedily by best agreement.

    Ties go to the earlier gold quote, then the earlier prediction, as in the scorer.
    """
    candidates = [
        (score, gi, pi)
        for gi, g in enumerate(gold)
        for pi, p in enumerate(pred)
        if (score := _agreement(g, p, level)) is not None
    ]
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, gi, pi in candidates:
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        pairs.append((gi, pi))
    return pairs


def normalize_speaker(name: str) -> Name:
    """The words of a name that say who it is: "Mr. Joseph R. Biden Jr.'s" -> (joseph, biden)."""
    name = re.sub(r"'s\b", "", name.lower().replace("\u2019", "'"))
    words = _WORD.findall(name)
    while len(words) > 1 and words[0] in LEADING_TITLES:
        words = words[1:]
    while len(words) > 1 and words[-1] in NAME_SUFFIXES:
        words = words[:-1]
    if len(words) > 2:
        # Middle initials say nothing about who it is: "Donald J. Trump" ~ "Donald Trump".
        words = [words[0], *(w for w in words[1:-1] if len(w) > 1), words[-1]]
    return tuple(words)


def names_match(a: Name, b: Name) -> bool:
    """One is a word-suffix of the other, or same surname and compatible given names."""
    if not a or not b:
        return False
    n = min(len(a), len(b))
    if a[-n:] == b[-n:]:
        return True
    # "Joe Biden" ~ "Joseph Biden"
    return len(a) >= 2 and len(b) >= 2 and a[-1] == b[-1] and a[0][:2] == b[0][:2]


def gold_candidates(quote: GoldQuote, mode: str) -> list[Name] | None:
    """The normalised names a prediction may give in ``mode``; None: the source is not in
    the text, and only "no speaker" is right."""
    names: list[str]
    if mode == "resolved" and quote.resolved:
        names = [quote.resolved]
        if quote.corrected_speaker:
            names.append(quote.corrected_speaker)
        if not quote.named and quote.speaker is not None:
            names.append(quote.speaker)
    elif quote.speaker is None:
        return None
    else:
        names = [quote.speaker]
        head = _APPOSITION.search(quote.speaker)
        if head and head.start() > 0:
            names.append(quote.speaker[: head.start()])
        if mode == "lenient":
            names.extend(quote.silver_aliases)
    return [norm for norm in map(normalize_speaker, names) if norm]


def speaker_matches(quote: GoldQuote, predicted: str | None, mode: str) -> bool:
    candidates = gold_candidates(quote, mode)
    pred = normalize_speaker(predicted) if predicted else ()
    if candidates is None:
        return not pred
    return bool(pred) and any(names_match(pred, c) for c in candidates)


def speaker_kind(speaker: str | None) -> str:
    """What the verbatim gold mention is: name, pronoun, nominal ("the company") or none."""
    if speaker is None:
        return "none"
    if speaker.strip().lower() in PRONOUNS:
        return "pronoun"
    words = speaker.split()
    while words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    if any(_CAPITALISED.match(w) for w in words):
        return "name"  # "Jen Psaki", "The Post"
    if words and speaker.upper() == speaker and _UPPER_RUN.search(speaker):
        return "name"  # transcript labels: "WALLACE"
    return "nominal"


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around ``text[start:end]``: back to the last sentence end before
    ``start``, on to the first one after ``end`` (the quote's own full stops do not count)."""
    begin = 0
    for m in _SENTENCE_END.finditer(text, max(0, start - 2000), start):
        begin = m.end()
    after = _SENTENCE_END.search(text, end)
    return begin, after.start() + 1 if after else len(text)


def mention_group(text: str, quote: GoldQuote) -> str | None:
    """Which :data:`MENTION_GROUPS` entry a gold quote belongs to, or None (no mention).

    A gold mention outside the quote's sentence makes a continuation whatever its form; else
    the resolved file's ``mention_class`` says name, pronoun or description, and without it
    the verbatim mention's shape does (:func:`speaker_kind`).
    """
    if quote.speaker is None:
        return None
    if quote.speaker_start is not None and quote.speaker_end is not None:
        begin, end = _sentence_bounds(text, quote.span.start, quote.span.end)
        if quote.speaker_end <= begin or quote.speaker_start >= end:
            return "continuation"
    if quote.mention_class in _MENTION_CLASSES:
        return _MENTION_CLASSES[quote.mention_class]
    kind = speaker_kind(quote.speaker)
    return "description" if kind == "nominal" else kind


def locate_predictions(text: str, raw: Sequence[Mapping[str, Any]]) -> tuple[list[Predicted], int]:
    """Predicted quotes as spans; a quote given only by its text is found in ``text``."""
    used: set[tuple[int, int]] = set()
    located, missing = [], 0
    for q in raw:
        speaker, rule = q.get("speaker"), str(q.get("rule") or "none")
        raw_confidence = q.get("confidence")
        confidence = float(raw_confidence) if isinstance(raw_confidence, int | float) else None
        start, end = q.get("start"), q.get("end")
        if start is None or end is None:
            found = locate(text, q.get("text") or "", used)
            if found is None:
                missing += 1
                located.append(Predicted(NOWHERE, speaker, rule, confidence))  # a false positive
                continue
            start, end = found
        used.add((start, end))
        span = make_span(text, int(start), int(end))
        located.append(Predicted(span, speaker, rule, confidence))
    return located, missing
