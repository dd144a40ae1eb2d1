"""Finding and pairing quotation marks in raw text.

News text mixes every style: “curly”, "straight", «guillemets», „German“, ‘single’ and
‹single guillemets›, and machine translation adds reversed marks (``” effective “``) and marks
glued to the next word (``us”Kremlin``). Pairing by glyph alone fails on all of these, so each
mark is first classified by what stands on its two sides (like CommonMark's flanking rules),
and the glyph only breaks ties.

Pairing is local: an opening mark that never closes is dropped at the end of its paragraph,
so one stray mark never costs the rest of the article. A quote that runs over several
paragraphs, each opening with a mark and only the last one closing, is one quote.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum

__all__ = ["QuoteSpan", "find_quotes", "DOUBLE_MARKS", "SINGLE_MARKS", "ALL_MARKS"]

DOUBLE_MARKS = '"\u201c\u201d\u201e\u201f\u00ab\u00bb\u301d\u301e\uff02'
SINGLE_MARKS = "'\u2018\u2019\u201a\u201b\u2039\u203a"
ALL_MARKS = DOUBLE_MARKS + SINGLE_MARKS
# Glyphs that usually open or close; only a tie-breaker, since German „…“ closes with “.
OPENING_GLYPHS = "\u201c\u201e\u201f\u00ab\u301d\u2018\u201a\u201b\u2039"
CLOSING_GLYPHS = "\u201d\u00bb\u301e\u2019\u203a"

# Characters that count as "space" on a mark's side: a quote may open after "(" or a dash
# and close before punctuation.
_LEFT_BOUNDARY = set(" \t\r\n\u00a0\u2009\u202f([{\u2014\u2013-/:") | set(ALL_MARKS)
_RIGHT_BOUNDARY = set(" \t\r\n\u00a0\u2009\u202f)]}.,;:!?\u2026\u2014\u2013-/") | set(ALL_MARKS)
_MAX_SINGLE_WORDS = 80  # a single-quoted stretch longer than this is apostrophes, not a quote


class Side(Enum):
    OPEN = "open"
    CLOSE = "close"
    ISOLATED = "isolated"  # space on both sides: reversed or detached marks
    GLUED = "glued"  # letters on both sides: us”Kremlin, or an apostrophe


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """A paired quotation: ``start``/``end`` hold the words, ``outer_*`` include the marks."""

    outer_start: int
    outer_end: int
    start: int
    end: int
    style: str  # "double" or "single"
    paragraphs: int = 1

    def contains(self, other: QuoteSpan) -> bool:
        return self.outer_start <= other.outer_start and other.outer_end <= self.outer_end


# Two single marks in a row stand for a double one ('' and ``), as in typewriter-style text.
_DOUBLED = re.compile(r"''|``|\u2018\u2018|\u2019\u2019")
_ANY_DOUBLE = re.compile(f"''|``|\u2018\u2018|\u2019\u2019|[{re.escape(DOUBLE_MARKS)}]")


def _side(text: str, i: int, width: int = 1) -> Side:
    left = i == 0 or text[i - 1] in _LEFT_BOUNDARY
    right = i + width >= len(text) or text[i + width] in _RIGHT_BOUNDARY
    if left and not right:
        return Side.OPEN
    if right and not left:
        return Side.CLOSE
    return Side.ISOLATED if left else Side.GLUED


def _acts_as_opener(text: str, i: int, side: Side) -> bool:
    if side is Side.OPEN:
        return True
    if side is Side.CLOSE:
        return False
    if side is Side.ISOLATED:
        return True  # a detached mark toggles: it opens when nothing is open
    return text[i] not in CLOSING_GLYPHS


def _acts_as_closer(text: str, i: int, side: Side) -> bool:
    if side is Side.CLOSE or side is Side.ISOLATED:
        return True
    if side is Side.OPEN:
        return text[i] in CLOSING_GLYPHS and text[i - 1 : i] not in ("", " ", "\n")
    return text[i] not in OPENING_GLYPHS


def _make_span(
    text: str, open_i: int, close_i: int, style: str, close_width: int = 1, open_width: int = 1
) -> QuoteSpan | None:
    start, end = open_i + open_width, close_i
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    if not any(ch.isalnum() for ch in text[start:end]):
        return None
    paragraphs = 1 + len(re.findall(r"\n\s*(?=\S)", text[start:end]))
    return QuoteSpan(open_i, close_i + close_width, start, end, style, paragraphs)


def _continues_quote(text: str, last_i: int, i: int) -> bool:
    """True when the mark at ``i`` reopens, at the head of the next paragraph, a quote whose
    previous paragraph (holding ``last_i``) never closed."""
    lines = text[last_i:i].split("\n")
    return len(lines) > 1 and all(not line.strip() for line in lines[1:])


# A transcript turn opens with its speaker's label: "WALLACE: Let's start ..."
_TURN = re.compile(r"[A-Z][A-Z'\-]+(?: [A-Z][A-Z'\-]+)?: ")


def _is_turn(text: str, i: int, width: int) -> bool:
    return _TURN.match(text, i + width) is not None


def _unclosed_turn(text: str, open_i: int, width: int, last_i: int) -> QuoteSpan | None:
    """A transcript turn that never closes ends with the paragraph it last ran through:
    each paragraph opening with a label is a turn of its own, not a continuation."""
    if not _is_turn(text, open_i, width):
        return None
    end = text.find("\n", last_i)
    return _make_span(text, open_i, len(text) if end == -1 else end, "double", 0, width)


def _pair_double(text: str) -> Iterator[QuoteSpan]:
    open_i: int | None = None
    open_width = 1
    last_i = 0  # the mark that opened the current paragraph of an open quote
    for match in _ANY_DOUBLE.finditer(text):
        i, width = match.start(), match.end() - match.start()
        side = _side(text, i, width)
        if open_i is not None and "\n" in text[last_i:i]:
            reopens = _acts_as_opener(text, i, side) and _continues_quote(text, last_i, i)
            if reopens and not (_is_turn(text, i, width) and _is_turn(text, open_i, open_width)):
                last_i = i
                continue
            turn = _unclosed_turn(text, open_i, open_width, last_i)
            if turn is not None:
                yield turn
            open_i = None  # it never closed: drop it, and read this mark afresh
        if open_i is None:
            if _acts_as_opener(text, i, side):
                open_i, open_width, last_i = i, width, i
            continue
        if _acts_as_closer(text, i, side):
            span = _make_span(text, open_i, i, "double", width, open_width)
            if span is not None:
                yield span
            open_i = None
        else:
            open_i, open_width, last_i = i, width, i  # the earlier opener never closed
    if open_i is not None:
        turn = _unclosed_turn(text, open_i, open_width, last_i)
        if turn is not None:
            yield turn


class _Covered:
    """Offsets covered by any of some ``[start, end)`` spans, looked up in log time.

    A scan of every span per mark made a text with thousands of quotes and apostrophes
    quadratic (hours for a megabyte)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for start, end in sorted(spans):
            if self.ends and start <= self.ends[-1]:
                self.ends[-1] = max(self.ends[-1], end)  # overlapping or touching: merge
            else:
                self.starts.append(start)
                self.ends.append(end)

    def __contains__(self, i: int) -> bool:
        k = bisect_right(self.starts, i) - 1
        return k >= 0 and i < self.ends[k]


def _pair_single(text: str, taken: list[QuoteSpan]) -> Iterator[QuoteSpan]:
    """Single-quoted stretches outside double quotes (headlines, British style).

    A single mark with letters on both sides is an apostrophe (don't, Putin's) and is skipped.
    Singles never run over a paragraph end.
    """
    inside = _Covered([(q.outer_start, q.outer_end) for q in taken])
    open_i: int | None = None
    for i, ch in enumerate(text):
        if ch == "\n":
            open_i = None
            continue
        if ch not in SINGLE_MARKS or i in inside:
            continue
        if text[i - 1 : i] == ch or text[i + 1 : i + 2] == ch:
            continue  # half of a doubled mark that did not pair
        side = _side(text, i)
        if side is Side.GLUED or side is Side.ISOLATED:
            continue
        if open_i is None:
            if side is Side.OPEN:
                open_i = i
            continue
        if side is Side.CLOSE:
            if len(text[open_i:i].split()) <= _MAX_SINGLE_WORDS:
                span = _make_span(text, open_i, i, "single")
                if span is not None:
                    yield span
            open_i = None
        else:
            open_i = i


_TAG = re.compile(r"<[A-Za-z/!][^<>]{0,2000}>")


def _blank_markup(text: str) -> str:
    """The text with HTML/XML tags blanked out, offsets kept: attribute values such as
    ``<tweet id="123">`` are markup, not quotes."""
    if "<" not in text:
        return text
    return _TAG.sub(lambda m: " " * len(m.group()), text)


def find_quotes(text: str) -> list[QuoteSpan]:
    """Every paired quotation in ``text``, in order of position.

    Single quotes nested inside double ones belong to the outer quote and are not listed.
    Marks inside HTML or XML tags are ignored.
    """
    text = _blank_markup(text)
    doubles = list(_pair_double(text))
    singles = list(_pair_single(text, doubles))
    return sorted(doubles + singles, key=lambda q: q.outer_start)
