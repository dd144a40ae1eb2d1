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
(:meth:`quotes.nlp.about.AboutFinder.token_entity`, :meth:`~quotes.nlp.about.AboutFinder.named`), so
"warned him" is the person "him" refers to and "warned the president" the article's president.
The channel the words reach readers by is not a target: an organization told, or spoken to,
is a medium ("told CNN", "said to Reuters"); so are outlets after "in" or "on".
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from spacy.tokens import Token

from quotes.models import EntityRef
from quotes.nlp.context import Found, LocatedQuote

if TYPE_CHECKING:
    from quotes.nlp.about import AboutFinder, _Hit

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
# Verbs whose object the words are aimed at, cue or not: "X accused Y of '...'".
_ADDRESSING = {
    "accuse", "criticize", "criticise", "scold", "chide", "rebuke", "admonish", "blast",
    "slam", "attack", "praise", "thank", "congratulate", "mock", "taunt", "challenge", "urge",
    "warn", "tell", "ask", "assure", "remind", "call", "sing", "dub", "label", "brand",
}  # fmt: skip


def frame_targets(
    finder: AboutFinder,
    q: LocatedQuote,
    found: Found | None,
    speaker: EntityRef | None,
    opening: LocatedQuote | None = None,
) -> Iterator[_Hit]:
    """The frame's targets of quote ``q``, as found by the sieve ``found`` (if any);
    ``opening`` is the first quote of the attribution ``q`` continues (its colon's clause
    frames the whole: "X scolded him: 'A,' she said. 'B.'")."""
    in_quote = finder.ctx.in_quote
    cue = _cue_token(found)
    candidates: list[tuple[Token, bool]] = []  # (token, is the object of a verb of telling)
    if cue is not None and not in_quote[cue.i]:
        telling = cue.lemma_.lower() in _TELLING
        candidates += [(t, telling) for t in _objects(cue)]
        for clause in _framing_clauses(cue, found.head if found else None):
            candidates += [(t, False) for t in _objects(clause)]
    candidates += [(t, False) for t in _own_clause(q, cue, in_quote)]
    addressing = _colon_clause(opening or q, in_quote)
    if addressing is not None and addressing != cue:  # "McCaskill scolded him: '...'"
        telling = addressing.lemma_.lower() in _TELLING
        candidates += [(t, telling) for t in _objects(addressing)]
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


def _colon_clause(q: LocatedQuote, in_quote: list[bool]) -> Token | None:
    """The verb of the clause that a colon right before the quote ends, when it addresses
    someone or tells: "X scolded him:", "X told the senator:"."""
    i = q.first.i - 1
    doc = q.first.doc
    if i < 0 or doc[i].text != ":" or in_quote[i]:
        return None
    verb = doc[i].head
    if verb.i > i or in_quote[verb.i] or verb.pos_ not in ("VERB", "AUX"):
        return None
    lemma = verb.lemma_.lower()
    return verb if lemma in _ADDRESSING or lemma in _TELLING else None


def _own_clause(q: LocatedQuote, cue: Token | None, in_quote: list[bool]) -> Iterator[Token]:
    """The clause outside the marks that the quote hangs on, when it is not the cue's: its
    objects when its verb addresses someone ("McCaskill scolded him: '...'", "X accused Y
    of '...'"), and for a quoted fragment its subject and objects too ("Putin, according to
    Ushakov, was 'satisfied'" is about Putin)."""
    inner = [t for t in q.tokens if not t.is_punct]
    if not inner:
        return
    # a whole statement is about what it says, not about its clause's subject
    fragment = len(inner) <= 12
    heads = {t.head for t in inner if not in_quote[t.head.i]}
    for head in heads:
        if head == cue or head.pos_ not in ("VERB", "AUX"):
            continue
        if head.lemma_.lower() in _ADDRESSING:
            yield from _objects(head)
        if fragment:
            for child in head.children:
                if child.dep_ in _SUBJECTS or child.dep_ in _OBJECTS:
                    yield child


def _resolve(finder: AboutFinder, token: Token, speaker: EntityRef | None) -> _Hit | None:
    """A frame word as an entity: within a recognized name, or as a word of its own, or the
    possessor of what it names ("asked about Trump's declaration")."""
    ent = finder.index.ent_at(token)
    if ent is not None:
        return finder.named(ent)
    near = (c for c in token.children if c.dep_ in ("compound", "appos", "poss"))
    for t in (token, *near):
        ent = finder.index.ent_at(t)
        if ent is not None and t is not token:
            hit = finder.named(ent)
            if hit is not None:
                return hit
            continue
        hit = finder.token_entity(t, speaker)
        if hit is not None:
            return hit
    return None
