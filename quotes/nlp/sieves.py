"""The attribution rules ("sieves"): each finds a quote's speaker mention and cue, or nothing.

Each sieve is a small function ``(quote, context) -> Found | None`` for one kind of evidence;
:data:`SIEVES` lists them in order of reliability, and :func:`quotes.nlp.attribution.attribute`
takes the first that fires. The table of rules is in :mod:`quotes.nlp.attribution`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import islice

from spacy.tokens import Span, Token

from quotes.nlp.context import Found, LocatedQuote, QuoteContext
from quotes.nlp.notspeech import is_fragment

__all__ = ["SIEVES", "Sieve", "speaker_of_cue"]

_SUBJECT_DEPS = ("nsubj", "nsubjpass")
# When a verb has no subject of its own, the mention is often parsed as one of these
# ("said Karen Donfried" with the subject after the verb).
_INVERTED_DEPS = ("dobj", "attr", "npadvmod", "appos", "oprd", "conj", "dep", "pobj")
_NEAR = 6  # tokens between a quote's mark and a cue that sits right next to it
# How far back within its sentence a quote or a cue looks for its speaker. A news sentence is
# far shorter; the bound keeps an input whose one "sentence" never ends (no full stops,
# thousands of quotes) linear in its length instead of quadratic (minutes to hours).
_REACH = 100
# How many heads up the parse a quote looks for the verb that governs it, for the same reason:
# a degenerate parse of a huge sentence can be a chain thousands of tokens deep.
_DEPTH = 40
# How a quote hangs from its reporting verb when the verb introduces it: as the said thing
# (ccomp, dobj...), not as a side clause ("While X was “satisfied”, Y said ...").
_NOT_COMPLEMENT = {"advcl", "nsubj", "nsubjpass", "csubj", "mark", "relcl", "acl", "appos"}


# -- mention finding ----------------------------------------------------------------------
def _subject(cue: Token, ctx: QuoteContext) -> Token | None:
    """The speaker of a reporting verb: its subject, or the subject it inherits."""
    for child in cue.children:
        if child.dep_ in _SUBJECT_DEPS and not ctx.in_quote[child.i]:
            if child.lower_ in ("who", "that", "which") and cue.dep_ == "relcl":
                return cue.head  # "Borrell, who ..., said": the relative clause's noun
            if _can_speak(child, ctx):
                return child
            # A misparse made a thing the subject ("A sign ..., Sergey Lavrov, has ruled
            # out"): the last person named before the verb, outside that subject, stands in;
            # without one, the noun is an unnamed voice ("the ad's narrator said").
            named = _person_before(cue, ctx, outside_of=child)
            return named if named is not None or child.pos_ != "NOUN" else child
    for child in cue.rights:  # inversion: "said Karen Donfried"
        if child.dep_ in _INVERTED_DEPS and _can_speak(child, ctx) and not ctx.in_quote[child.i]:
            if child.i - cue.i <= 6:
                return child
    if cue.dep_ in ("conj", "advcl", "xcomp", "ccomp") and cue.head.i != cue.i:
        if ctx.in_quote[cue.head.i]:
            # "“Q,” Tulsa police Chief Chuck Jordan said": the parser hung the verb on the
            # quote; the speaker is the phrase right before the verb.
            return _left_neighbour(cue, ctx)
        # "X arrived and said", "..., adding that": the subject of the governing verb
        if cue.dep_ == "ccomp" and not ctx.is_cue(cue.head):
            return None
        return _subject(cue.head, ctx) if cue.head.pos_ in ("VERB", "AUX") else None
    if cue.dep_ in ("relcl", "acl") and cue.head.pos_ in ("PROPN", "NOUN"):
        return cue.head  # "footage of Hillary Clinton asking, “Why ...?”"
    if cue.dep_ == "compound" and cue.head.i > cue.i and _can_speak(cue.head, ctx):
        return cue.head  # "Said Ellis: ...", parsed as if "Said" named Ellis
    return None


def speaker_of_cue(cue: Token, ctx: QuoteContext) -> Token | None:
    """The head of a reporting verb's speaker mention, as the cue sieves find it; reported
    speech (:mod:`quotes.nlp.reported`) finds its sources the same way."""
    return _subject(cue, ctx)


def _left_neighbour(cue: Token, ctx: QuoteContext) -> Token | None:
    """The head of the speaking phrase just before ``cue``, back to the closing mark."""
    candidates = []
    for t in reversed(ctx.doc[max(0, cue.i - 8) : cue.i]):
        if ctx.in_quote[t.i]:
            break
        if _can_speak(t, ctx) and t.dep_ not in ("compound", "poss"):
            candidates.append(t)
    return candidates[0] if candidates else None


_NOT_SPEAKERS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}


def _can_speak(token: Token, ctx: QuoteContext) -> bool:
    """Whether a noun can be a speaker: a name, a pronoun, or a person-like description."""
    if token.ent_type_ in _NOT_SPEAKERS:
        return False
    if token.pos_ == "PROPN" or token.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
        return True
    if token.pos_ == "PRON":
        return token.lower_ in ("he", "she", "they", "i", "we")
    lemma = token.lemma_.lower()
    lex = ctx.lexicon
    return (
        lemma in lex.anonymous_heads or lemma in lex.role_words or lemma in (lex.organization_heads)
    )


def _person_before(verb: Token, ctx: QuoteContext, outside_of: Token | None = None) -> Token | None:
    before = ctx.outside(ctx.doc[max(ctx.sent(verb).start, verb.i - _REACH) : verb.i])
    # the subject's own modifiers ("Obama's former campaign strategist") are not its speaker
    skip = {t.i for t in outside_of.subtree if t.i <= outside_of.i} if outside_of else set()
    named = [
        t for t in before
        if ctx.index.person_at(t) is not None and t.dep_ != "compound" and t.i not in skip
    ]  # fmt: skip
    return named[-1] if named else None


def _nearest_cue(tokens: list[Token], ctx: QuoteContext, from_end: bool) -> Token | None:
    ordered = reversed(tokens) if from_end else iter(tokens)
    return next((t for t in ordered if ctx.is_cue(t)), None)


def _before(q: LocatedQuote, ctx: QuoteContext) -> list[Token]:
    sent = ctx.sent(q.first)
    return ctx.outside(ctx.doc[max(sent.start, q.first.i - _REACH) : q.first.i])


def _after(q: LocatedQuote, ctx: QuoteContext) -> list[Token]:
    """The words after the quote up to the end of its sentence, or up to the next quote.

    When the quote ends its sentence ("“Why?” Clinton asked."), the parser often starts a new
    sentence right after it: a short following sentence is then the attribution's."""
    doc = ctx.doc
    sent = ctx.sent(q.last)
    end = sent.end
    if q.last.i + 1 >= end and end < len(doc):
        following = ctx.sent(doc[end])
        if len(following) <= 12 and "\n" not in doc[q.last.i : following.start].text:
            end = following.end
    tokens: list[Token] = []
    for t in doc[q.last.i + 1 : end]:
        if ctx.in_quote[t.i]:
            break
        tokens.append(t)
    return tokens


# -- the sieves ---------------------------------------------------------------------------
def _governing_cue(q: LocatedQuote, ctx: QuoteContext) -> Token | None:
    """The reporting verb whose complement holds the quote ("X warned that ... 'Q'")."""
    child = q.tokens.root
    for ancestor in islice(q.tokens.root.ancestors, _DEPTH):
        if child.dep_ in _NOT_COMPLEMENT:
            return None
        if ctx.is_cue(ancestor) and not ctx.in_quote[ancestor.i]:
            return ancestor
        child = ancestor
    return None


def _first_with_subject(
    candidates: list[Token | None], ctx: QuoteContext
) -> tuple[Token, Token] | None:
    for cue in candidates:
        if cue is not None:
            head = _subject(cue, ctx)
            if head is not None:
                return cue, head
    return None


def sieve_cue(q: LocatedQuote, ctx: QuoteContext) -> Found | None:
    """A reporting verb right next to the quote, or one whose complement holds it."""
    after, before = _after(q, ctx), _before(q, ctx)
    near_after = _nearest_cue(after[:_NEAR], ctx, from_end=False)
    before_cue = _nearest_cue(before, ctx, from_end=True)
    # "X said: “Q”" and "X said, “Q”": the verb stands right before the opening mark
    introduces = before_cue is not None and (
        any(t.text == ":" for t in before if t.i > before_cue.i)
        or all(t.is_punct or t.is_space for t in ctx.doc[before_cue.i + 1 : q.first.i])
    )
    found = _first_with_subject(
        [near_after, _governing_cue(q, ctx), before_cue if introduces else None], ctx
    )
    return Found(found[1], found[0], "cue", 0.9) if found else None


def sieve_cue_far(q: LocatedQuote, ctx: QuoteContext) -> Found | None:
    """A reporting verb further away in the same sentence, before or after the quote."""
    after, before = _after(q, ctx), _before(q, ctx)
    found = _first_with_subject(
        [_nearest_cue(before, ctx, from_end=True), _nearest_cue(after, ctx, from_end=False)], ctx
    )
    return Found(found[1], found[0], "cue_far", 0.6) if found else None


def sieve_according_to(q: LocatedQuote, ctx: QuoteContext) -> Found | None:
    """``according to X`` in the quote's sentence (the nearest one wins)."""
    region = _after(q, ctx) + _before(q, ctx)
    for t in region:
        if t.lower_ == "according" and t.i + 1 < len(ctx.doc) and ctx.doc[t.i + 1].lower_ == "to":
            objects = [c for c in ctx.doc[t.i + 1].children if c.dep_ == "pobj"]
            if objects:
                cue = ctx.doc[t.i : t.i + 2]
                return Found(objects[0], cue, "according_to", 0.8)
    return None


# Labels of the outlet's own notes, never a source: "CORRECTION:", "Editor's Note:" (the
# headline sieve and reported speech's colon labels, quotes.nlp.statements).
OUTLET_NOTE_LABELS = frozenset({
    "correction", "corrections", "update", "updated", "previously", "note", "reminder",
    "editor", "related", "also", "advertisement", "watch", "read", "photo", "video", "source",
})  # fmt: skip


def sieve_headline(q: LocatedQuote, ctx: QuoteContext) -> Found | None:
    """``Putin: sanctions would be "a big mistake"``: a short name, then a colon; in a list of
    reactions, ``Ann Lee, Daily Planet: "..."``, the name before the comma."""
    before = _before(q, ctx)
    colon = next((t for t in before if t.text == ":"), None)
    start = ctx.sent(colon).start if colon is not None else 0
    if colon is None or colon.i - start > 8 or colon.i == start:
        return None
    comma = next((t for t in ctx.doc[start : colon.i] if t.text == ","), None)
    if colon.i - start > 4 and (comma is None or comma.i == start):
        return None
    head = ctx.doc[(comma.i if comma is not None else colon.i) - 1]
    if not (head.pos_ == "PROPN" or head.ent_type_ in ("PERSON", "ORG") or head.is_title):
        return None
    if any(t.lower_ in OUTLET_NOTE_LABELS for t in ctx.doc[start : colon.i]):
        return None  # "CORRECTION: ... “Title”": the outlet's note, nobody's quote
    if any(ctx.is_cue(t) for t in ctx.doc[ctx.sent(colon).start : colon.i]):
        return None  # "X said: 'Q'" is the cue sieve's
    return Found(head, colon, "headline", 0.75)


_DASH_NAME = re.compile(
    r"[ \t\u00a0]*[\u2014\u2013\u2015-]{1,2}[ \t\u00a0]*"
    r"((?:[A-Z][\w.'\u2019-]*)(?:[ \t\u00a0]+(?:[A-Z][\w.'\u2019-]*|de|van|von|da|al|bin)){0,4})"
)


def sieve_dash(q: LocatedQuote, ctx: QuoteContext) -> Found | None:
    """``"Q" — X``: a dash right after the closing mark, then a capitalized name."""
    match = _DASH_NAME.match(ctx.text, q.span.outer_end)
    if match is None:
        return None
    end = match.end(1) - (match.group(1).endswith(".") and not match.group(1)[-3:-2] == " ")
    name = ctx.doc.char_span(match.start(1), end, alignment_mode="contract")
    if name is None or not len(name):
        return None
    if ctx.in_quote[name[-1].i]:
        return None
    dash = ctx.doc.char_span(q.span.outer_end, match.start(1), alignment_mode="expand")
    return Found(name[-1].head if name[-1].dep_ == "compound" else name[-1], dash, "dash", 0.75)


def _sentence_before(q: LocatedQuote, ctx: QuoteContext) -> tuple[Token, Span] | None:
    """The last token and the sentence right before a quote that opens its own sentence,
    within the same paragraph or the one before."""
    if any(not t.is_space for t in _before(q, ctx)):
        return None
    start = ctx.sent(q.first).start
    if start == 0:
        return None
    previous = ctx.doc[start - 1]
    while previous.is_space and previous.i > 0:
        if previous.text.count("\n") > 2:
            return None
        previous = ctx.doc[previous.i - 1]
    return previous, ctx.sent(previous)


def sieve_colon_intro(q: LocatedQuote, ctx: QuoteContext) -> Found | None:
    """The sentence before ends with ``X said:`` (or ``X continued:``) and the quote opens.

    Without a reporting verb, a person as the subject will do: "Sanders made the following
    comment:".
    """
    found = _sentence_before(q, ctx)
    if found is None or found[0].text != ":":
        return None
    colon, sent = found
    words = ctx.outside(ctx.doc[sent.start : colon.i])
    cue = _nearest_cue(words, ctx, from_end=True)
    if cue is not None:
        head = _subject(cue, ctx)
        return Found(head, cue, "colon_intro", 0.8) if head is not None else None
    subjects = [t for t in words if t.dep_ in _SUBJECT_DEPS and _can_speak(t, ctx)]
    return Found(subjects[0], colon, "colon_intro", 0.6) if subjects else None


def sieve_previous_sentence(q: LocatedQuote, ctx: QuoteContext) -> Found | None:
    """``X said the talks failed. “Q”``: a quote opening its own sentence right after a
    sentence of reported speech without quotes takes that sentence's speaker."""
    found = _sentence_before(q, ctx)
    if found is None:
        return None
    _, sent = found
    if any(ctx.in_quote[t.i] for t in sent):
        return None  # a quote there: the continuation rule decides
    cue = _nearest_cue(list(sent), ctx, from_end=False)
    if cue is None:
        return None
    head = _subject(cue, ctx)
    return Found(head, cue, "previous_sentence", 0.6) if head is not None else None


# A transcript's speaker label: "PENCE:", "MR. SMITH:", "SEN. ANN LEE:" (an honorific with
# its full stop, then up to three upper-case words).
_LABEL_WORDS = r"(?:[A-Z]{1,4}\.[ \t]+)?[A-Z][A-Z'\u2019\-]+(?:[ \t]+[A-Z][A-Z'\u2019\-]+){0,2}"
_LABEL = re.compile(rf"({_LABEL_WORDS}):\s")
# The same label opening the line before the quote's mark: 'MR. SMITH: "I was there."'
_NOT_LABELS = frozenset(
    "UPDATE UPDATED BREAKING NOTE CORRECTION WATCH READ RELATED MORE ALSO QUOTE VIDEO PHOTO "
    "PHOTOS AUDIO LISTEN TRANSCRIPT SOURCE SOURCES CREDIT WARNING ALERT EXCLUSIVE".split()
)
_LINE_LABEL = re.compile(rf"(?:^|\n)[ \t]*({_LABEL_WORDS})[ \t]*:[ \t]*$")


def sieve_transcript(q: LocatedQuote, ctx: QuoteContext) -> Found | None:
    """A transcript turn: the quote opens with a speaker label ("PENCE: Well, look, ..."), or
    the label opens its line and the quote follows it ('MR. SMITH: "I was there."')."""
    match = _LABEL.match(ctx.text[q.span.start : q.span.start + 40])
    if match is not None:
        start = q.span.start + match.start(1)
    else:
        opening = q.span.outer_start
        match = _LINE_LABEL.search(ctx.text, max(0, opening - 40), opening)
        if match is None:
            return None
        start = match.start(1)
    if match.group(1).split()[-1].strip("'\u2019") in _NOT_LABELS:
        return None  # "UPDATE: ...", "EDITOR'S NOTE:": a heading, nobody's turn
    label = ctx.doc.char_span(start, start + len(match.group(1)), alignment_mode="expand")
    if label is None or ctx.in_quote[label[-1].i] and match.re is _LINE_LABEL:
        return None
    return Found(label[-1], label, "transcript", 0.8)


def sieve_reported(q: LocatedQuote, ctx: QuoteContext) -> Found | None:
    """A quoted phrase inside a clause whose subject is a person or organization
    ("Lavrov has ruled out any « concession »"). When the parse gives the clause no such
    subject, the last person named before the verb in the sentence stands in for it."""
    verb = q.tokens.root.head if q.tokens.root.head.i != q.tokens.root.i else None
    for _ in range(_DEPTH):
        if verb is None or verb.pos_ in ("VERB", "AUX"):
            break
        verb = verb.head if verb.head.i != verb.i else None
    else:
        return None
    if verb is None or ctx.in_quote[verb.i]:
        return None
    if is_fragment(q):
        return None  # a few quoted words in the narrator's sentence: a scare quote
    subject = next((c for c in verb.children if c.dep_ in _SUBJECT_DEPS), None)
    if subject is not None and not ctx.in_quote[subject.i]:
        resolved = ctx.index.resolve(subject)
        if resolved.entity is not None and resolved.entity.kind in ("person", "organization"):
            return Found(subject, None, "reported", 0.4)
    named = _person_before(verb, ctx)
    return Found(named, None, "reported", 0.3) if named is not None else None


Sieve = Callable[[LocatedQuote, QuoteContext], Found | None]
SIEVES: tuple[Sieve, ...] = (
    sieve_transcript,
    sieve_cue,
    sieve_according_to,
    sieve_cue_far,
    sieve_headline,
    sieve_dash,
    sieve_colon_intro,
    sieve_previous_sentence,
    sieve_reported,
)
