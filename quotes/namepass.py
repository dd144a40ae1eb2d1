"""The cheap name pass of selective parsing: names the recognizer found near quotes, found
again in the rest of the article by spelling alone.

Away from quotes the rules need names for one thing: to know a speaker in full ("Putin said"
is the "Russian President Vladimir Putin" of the lede: full name, given name for the gender,
aliases) and an organization under its longest name ("Peabody" is "Peabody Energy"). So
instead of running the statistical recognizer there, each run of capitalized words that
contains a word of an entity found near the quotes is labelled like that entity. Titles and
demonyms bound a run ("Russian President Vladimir Putin" gives "Vladimir Putin"), since the
rules take the name without them.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from quotes.lexicon import Lexicon

__all__ = ["NameKeys", "match_names"]

# word -> label of the entity it belongs to near the quotes; later entities win
NameKeys = dict[str, str]
_LABELS = ("PERSON", "ORG")
_JOINERS = {"de", "van", "von", "da", "al", "bin", "der", "la", "le", "du"}


def _capital(t: Token) -> bool:
    return t.is_alpha and (t.is_title or t.is_upper) and not t.is_stop


def _bound(t: Token, lexicon: Lexicon) -> bool:
    """A word that ends a name run: a title or a demonym ("President", "Russian")."""
    lowered = t.lower_
    return lexicon.is_title(lowered) or lowered in lexicon.demonyms


def _runs(doc: Doc, start: int, end: int, lexicon: Lexicon) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    i = start
    while i < end:
        j = i
        while j < end and (
            (_capital(doc[j]) and not _bound(doc[j], lexicon))
            or (j > i and doc[j].lower_ in _JOINERS and j + 1 < end and _capital(doc[j + 1]))
        ):
            j += 1
        if j > i:
            runs.append((i, j))
        i = j + 1
    return runs


def match_names(
    doc: Doc, ranges: list[tuple[int, int]], keys: NameKeys, lexicon: Lexicon
) -> list[tuple[int, int, str]]:
    """``(start, end, label)`` of the runs in ``ranges`` that hold a known name's word."""
    found: list[tuple[int, int, str]] = []
    for start, end in ranges:
        for run_start, run_end in _runs(doc, start, end, lexicon):
            labels = [keys[t.lower_] for t in doc[run_start:run_end] if t.lower_ in keys]
            if labels:
                found.append((run_start, run_end, labels[-1]))
    return found
