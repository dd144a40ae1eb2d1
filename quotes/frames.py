"""The frame's targets: whom an attribution is addressed to or about, outside the quote marks.

Read off the parse around the cue and the quote, in the patterns of ``ABOUT.md``:

==========================  ==========================================================
object of the cue           "X warned Y that ...", "X accused Y", "X told Y: ..."
preposition after the cue   "X said of Y", "X spoke about Y", "X said to Y", "lashed out at Y"
a clause on cue or speaker  "asked about Y, X said", "X, responding to Y, said"
the quote's own clause      "Y, according to X, was 'satisfied'" (a quoted fragment whose
                            clause outside the marks has another subject or an object)
==========================  ==========================================================

Each target goes through the same resolution as a word inside the quote
(:meth:`quotes.about.AboutFinder.token_entity`, :meth:`~quotes.about.AboutFinder.named`), so
"warned him" is the person "him" refers to and "warned the president" the article's president.
The channel the words reach readers by is not a target: an organization told, or spoken to,
is a medium ("told CNN", "said to Reuters"); so are outlets after "in" or "on".
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from quotes.context import Found, LocatedQuote
from quotes.models import EntityRef

if TYPE_CHECKING:
    from quotes.about import AboutFinder, _Hit

__all__ = ["frame_targets"]

_OBJECTS = {"dobj", "dative", "iobj"}
_PREPOSITIONS = {"of", "about", "to", "at", "toward", "towards", "against"}
# Verbs of telling: an organization as their object is the channel, not a target.
_TELLING = {"tell", "say", "write", "add", "explain", "speak", "talk", "post", "tweet"}
# Verbs of a clause that frames the attribution: "asked about Y", "referring to Y".
_FRAMING = {
    "ask", "question", "speak", "talk", "comment", "respond", "refer", "react", "reply",
    "press", "address", "describe",
}  # fmt: skip
_SUBJECTS = {"nsubj", "nsubjpass"}


def frame_targets(
    finder: AboutFinder, q: LocatedQuote, found: Found | None, speaker: EntityRef | None
) -> Iterator[_Hit]:
    """The frame's targets of quote ``q``, as found by the sieve ``found`` (if any)."""
    in_quote = finder.ctx.in_quote
    cue = _cue_token(found)
    candidates: list[tuple[Token, bool]] = []  # (token, is the object of a verb of telling)
    if cue is not None and not in_quote[cue.i]:
        telling = cue.lemma_.lower() in _TELLING
        candidates += [(t, telling) for t in _objects(cue)]
        for clause in _framing_clauses(cue, found.head if found else None):
            candidates += [(t, False) for t in _objects(clause)]
    candidates += [(t, False) for t in _own_clause(q, cue, in_quote)]
    seen: set[int] = set()
    for token, telling in candidates:
        if token.i in seen or in_quote[token.i]:
            continue
        seen.add(token.i)
        hit = _resolve(finder, token, speaker)
        if hit is None or (telling and hit.ref.kind == "organization"):
            continue
        yield type(hit)(hit.ref, "frame", hit.mention, hit.gender)


def _cue_token(found: Found | None) -> Token | None:
    if found is None or found.cue is None:
        return None
    cue = found.cue
    return cue if isinstance(cue, Token) else cue.root


def _objects(verb: Token) -> Iterator[Token]:
    """The verb's objects, and the objects of its prepositions ("said of Y")."""
    for child in verb.children:
        if child.dep_ in _OBJECTS:
            yield from _with_conjuncts(child)
        elif child.dep_ == "prep" and child.lower_ in _PREPOSITIONS:
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    yield from _with_conjuncts(pobj)


def _with_conjuncts(token: Token) -> Iterator[Token]:
    yield token
    for c in token.conjuncts:
        if c.i > token.i:
            yield c


def _framing_clauses(cue: Token, speaker: Token | None) -> Iterator[Token]:
    """Participle and adverbial clauses on the cue or the speaker: "asked about Y"."""
    for head in (cue, speaker):
        if head is None:
            continue
        for child in head.children:
            if child.dep_ in ("advcl", "acl", "relcl") and child.lemma_.lower() in _FRAMING:
                yield child


def _own_clause(q: LocatedQuote, cue: Token | None, in_quote: list[bool]) -> Iterator[Token]:
    """Subject and object of the clause a quoted fragment belongs to, when that clause is
    not the cue's: "Putin, according to Ushakov, was 'satisfied'" is about Putin."""
    inner = [t for t in q.tokens if not t.is_punct]
    if not inner or len(inner) > 12:
        return  # a whole statement is about what it says, not about its clause's subject
    heads = {t.head for t in inner if not in_quote[t.head.i]}
    for head in heads:
        if head == cue or head.pos_ not in ("VERB", "AUX"):
            continue
        for child in head.children:
            if child.dep_ in _SUBJECTS or child.dep_ in _OBJECTS:
                yield child


def _resolve(finder: AboutFinder, token: Token, speaker: EntityRef | None) -> _Hit | None:
    """A frame word as an entity: within a recognized name, or as a word of its own."""
    ent = _ent_of(token)
    if ent is not None:
        return finder.named(ent)
    for t in (token, *(c for c in token.children if c.dep_ in ("compound", "appos"))):
        hit = finder.token_entity(t, speaker)
        if hit is not None:
            return hit
    return None


def _ent_of(token: Token) -> Span | None:
    if not token.ent_type_:
        return None
    return next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
