"""Quote marks that are not speech: titles of works and outlets, nicknames, Title-Case
headlines, and scare quotes.

These decide from context, not from lists of names: a short run of capitalized words after a
preposition or next to a word like "newspaper" is a title ("said Borrell to “Welt”").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quotes.nlp.context import LocatedQuote, QuoteContext

__all__ = ["in_title_case_line", "is_fragment", "is_title"]

_FUNCTION_WORDS = {"of", "the", "and", "a", "an", "in", "on", "for", "de", "der", "die", "la", "le"}
_PREPOSITIONS = {"to", "in", "with", "by", "on", "from", "for", "at", "of", "into"}
_HEADLINE_CHARS = 1000  # a line longer than this is body text, not a headline


def is_title(q: LocatedQuote, ctx: QuoteContext) -> bool:
    """Marks around the name of a newspaper, book, film, show or ship, or around a nickname,
    not around speech.

    Decided from context: a short span of capitalized words (a name, not a sentence), standing
    after a preposition or possessive ("to “Welt”", "on CNN's “State of the Union”"), next to a
    word like "newspaper", "film" or "titled", or inside a name (Marcia "Cia" Price).
    """
    words = [t for t in q.tokens if not t.is_punct and not t.is_space]
    if not words or len(words) > 6 or not (words[0].is_title or words[0].is_upper):
        return False
    capitalized = [t for t in words if t.lower_ not in _FUNCTION_WORDS]
    if not all(t.is_title or t.is_upper or t.is_digit or t.like_num for t in capitalized):
        return False
    if len(capitalized) == 1 and capitalized[0].pos_ in ("VERB", "ADJ", "ADV"):
        return False  # "Convinced", "Unacceptable": a quoted word, capitalized by habit
    doc, start, end = ctx.doc, q.first.i, q.last.i + 1
    previous = doc[start - 1] if start > 0 else None
    following = doc[end] if end < len(doc) else None
    if previous is not None and following is not None and len(words) == 1:
        if previous.pos_ == "PROPN" and previous.is_title and following.is_title:
            return True  # a nickname inside a name: Marcia "Cia" Price
    near = doc[max(0, start - 3) : min(len(doc), end + 2)]
    if any(t.lower_ in ctx.lexicon.media_nouns for t in near if not ctx.in_quote[t.i]):
        return True
    return previous is not None and (previous.lower_ in _PREPOSITIONS or previous.tag_ == "POS")


def in_title_case_line(q: LocatedQuote, ctx: QuoteContext) -> bool:
    """Whether the quote stands in a headline written in Title Case.

    Such headlines put marks around fragments and titles ("Trump Was ‘Mocking’ Clinton
    Camp"), not around speech; the speech itself is quoted again in the article body.
    """
    text = ctx.text
    # Look for the line's ends only this far: a longer line is no headline, and an unbounded
    # search per quote is quadratic on a text without line breaks.
    lo, hi = max(0, q.span.outer_start - _HEADLINE_CHARS), q.span.outer_end + _HEADLINE_CHARS
    line_start = text.rfind("\n", lo, q.span.outer_start) + 1
    line_end = text.find("\n", q.span.outer_end, hi)
    if (line_start == 0 and lo > 0) or (line_end == -1 and hi < len(text)):
        return False
    line = text[line_start : line_end if line_end != -1 else len(text)]
    words = [w for w in line.split() if len(w.strip("\"'“”‘’.,:;!?()")) >= 3]
    if len(words) < 2 or len(line.split()) > 30:
        return False
    capitalized = sum(1 for w in words if w.strip("\"'“”‘’([")[:1].isupper())
    return capitalized / len(words) >= 0.8


def is_fragment(q: LocatedQuote) -> bool:
    """A few quoted words inside the narrator's own sentence ("called it a “disaster”")."""
    words = [t for t in q.tokens if t.is_alpha]
    return len(words) <= 3 and not q.tokens.text.rstrip("\"'”’» ").endswith((".", "!", "?"))
