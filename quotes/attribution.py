"""Linking each quotation to its cue and speaker mention: one small rule ("sieve") per pattern.

The sieves run in order of reliability and the first that fires wins:

=================  ==================================================================
``transcript``     a speaker label opening the quote: ``"PENCE: Well, look, ..."``
``cue``            a reporting verb next to the quote and its subject:
                   ``"Q," said X`` / ``"Q," X said`` / ``X said: "Q"`` /
                   ``X said that ... "Q"`` / ``X, who ..., said``
``according_to``   ``according to X`` in the quote's sentence
``cue_far``        a reporting verb further away in the quote's sentence
``headline``       ``X: ... "Q"`` (a name, a colon, then the quote)
``dash``           ``"Q" — X``
``colon_intro``    the previous sentence ends ``X said:`` and the quote follows
``continuation``   no evidence of its own: the same speaker as the quote just before
``reported``       a quoted phrase inside a clause whose subject is a person
=================  ==================================================================

Each sieve returns the speaker mention's head token and the cue; :mod:`quotes.speakers` turns
the mention into a named entity. Quote marks around a title ("said Borrell to “Welt”") are
not speech and are dropped before the sieves run.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from quotes.about import about_entities
from quotes.lexicon import Lexicon
from quotes.marks import QuoteSpan
from quotes.models import Quote, TextSpan
from quotes.speakers import ArticleIndex, Resolved

__all__ = ["attribute", "SIEVES"]

_SUBJECT_DEPS = ("nsubj", "nsubjpass")
# When a verb has no subject of its own, the mention is often parsed as one of these
# ("said Karen Donfried" with the subject after the verb).
_INVERTED_DEPS = ("dobj", "attr", "npadvmod", "appos", "oprd", "conj", "dep", "pobj")
_DASHES = {"\u2014", "\u2013", "\u2015", "-", "--"}
_FUNCTION_WORDS = {"of", "the", "and", "a", "an", "in", "on", "for", "de", "der", "die", "la", "le"}
_NEAR = 6  # tokens between a quote's mark and a cue that sits right next to it
_PREPOSITIONS = {"to", "in", "with", "by", "on", "from", "for", "at", "of", "into"}
# How a quote hangs from its reporting verb when the verb introduces it: as the said thing
# (ccomp, dobj...), not as a side clause ("While X was “satisfied”, Y said ...").
_NOT_COMPLEMENT = {"advcl", "nsubj", "nsubjpass", "csubj", "mark", "relcl", "acl", "appos"}


@dataclass(frozen=True)
class Found:
    """What a sieve found: the speaker mention's head and the cue."""

    head: Token | None
    cue: Token | Span | None
    rule: str
    confidence: float


@dataclass
class _Quote:
    span: QuoteSpan
    tokens: Span  # with the marks
    first: Token  # the opening mark (or the first token)
    last: Token  # the closing mark (or the last token)


class _Context:
    """One article under attribution: its parse, its quotes, and which token is quoted."""

    def __init__(self, doc: Doc, quotes: list[_Quote], lexicon: Lexicon) -> None:
        self.doc = doc
        self.text = doc.text  # Doc.text joins every token: build it once
        self.lexicon = lexicon
        self.quotes = quotes
        # Token.sent rescans the document on every call: index sentences once.
        self.sentences = list(doc.sents)
        self._sentence_of = [0] * len(doc)
        for n, sent in enumerate(self.sentences):
            for i in range(sent.start, sent.end):
                self._sentence_of[i] = n
        self.in_quote = [False] * len(doc)
        for q in quotes:
            for t in q.tokens:
                self.in_quote[t.i] = True
        self.index = ArticleIndex(doc, self.in_quote, lexicon)

    def sent(self, token: Token) -> Span:
        """The sentence of ``token`` (as ``token.sent``, without rescanning the document)."""
        return self.sentences[self._sentence_of[token.i]]

    def outside(self, tokens: Span | list[Token]) -> list[Token]:
        return [t for t in tokens if not self.in_quote[t.i]]

    def is_cue(self, token: Token) -> bool:
        """A reporting verb ("said"), or a phrasal one from the table ("ruled out")."""
        if token.pos_ not in ("VERB", "AUX"):
            return False
        lemma = token.lemma_.lower()
        if lemma in self.lexicon.cue_verbs:
            return True
        particles = (c.lower_ for c in token.children if c.dep_ == "prt")
        return any(f"{lemma} {p}" in self.lexicon.cue_verbs for p in particles)


# -- mention finding ----------------------------------------------------------------------
def _subject(cue: Token, ctx: _Context) -> Token | None:
    """The speaker of a reporting verb: its subject, or the subject it inherits."""
    for child in cue.children:
        if child.dep_ in _SUBJECT_DEPS and not ctx.in_quote[child.i]:
            if child.lower_ in ("who", "that", "which") and cue.dep_ == "relcl":
                return cue.head  # "Borrell, who ..., said": the relative clause's noun
            if _can_speak(child, ctx):
                return child
            # A misparse made a thing the subject ("A sign ..., Sergey Lavrov, has ruled
            # out"): the last person named before the verb in its sentence stands in.
            return _person_before(cue, ctx)
    for child in cue.rights:  # inversion: "said Karen Donfried"
        if child.dep_ in _INVERTED_DEPS and _can_speak(child, ctx) and not ctx.in_quote[child.i]:
            if child.i - cue.i <= 6:
                return child
    if cue.dep_ in ("conj", "advcl", "xcomp", "ccomp") and cue.head.i != cue.i:
        # "X arrived and said", "..., adding that": the subject of the governing verb
        if cue.dep_ == "ccomp" and not ctx.is_cue(cue.head):
            return None
        return _subject(cue.head, ctx) if cue.head.pos_ in ("VERB", "AUX") else None
    if cue.dep_ == "relcl" and cue.head.pos_ in ("PROPN", "NOUN"):
        return cue.head
    return None


_NOT_SPEAKERS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}


def _can_speak(token: Token, ctx: _Context) -> bool:
    """Whether a noun can be a speaker: a name, a pronoun, or a person-like description."""
    if token.ent_type_ in _NOT_SPEAKERS:
        return False
    if token.pos_ == "PROPN" or token.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
        return True
    if token.pos_ == "PRON":
        return token.lower_ in ("he", "she", "they", "i", "we")
    lemma = token.lemma_.lower()
    lex = ctx.lexicon
    return lemma in lex.anonymous_heads or lemma in lex.role_words or lemma in (
        lex.organization_heads
    )


def _person_before(verb: Token, ctx: _Context) -> Token | None:
    before = ctx.outside(ctx.doc[ctx.sent(verb).start : verb.i])
    named = [t for t in before if ctx.index.person_at(t) is not None and t.dep_ != "compound"]
    return named[-1] if named else None


def _nearest_cue(tokens: list[Token], ctx: _Context, from_end: bool) -> Token | None:
    ordered = reversed(tokens) if from_end else iter(tokens)
    return next((t for t in ordered if ctx.is_cue(t)), None)


def _before(q: _Quote, ctx: _Context) -> list[Token]:
    sent = ctx.sent(q.first)
    return ctx.outside(ctx.doc[sent.start : q.first.i])


def _after(q: _Quote, ctx: _Context) -> list[Token]:
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
def _governing_cue(q: _Quote, ctx: _Context) -> Token | None:
    """The reporting verb whose complement holds the quote ("X warned that ... 'Q'")."""
    child = q.tokens.root
    for ancestor in q.tokens.root.ancestors:
        if child.dep_ in _NOT_COMPLEMENT:
            return None
        if ctx.is_cue(ancestor) and not ctx.in_quote[ancestor.i]:
            return ancestor
        child = ancestor
    return None


def _first_with_subject(candidates: list[Token | None], ctx: _Context) -> tuple[Token, Token] | None:
    for cue in candidates:
        if cue is not None:
            head = _subject(cue, ctx)
            if head is not None:
                return cue, head
    return None


def sieve_cue(q: _Quote, ctx: _Context) -> Found | None:
    """A reporting verb right next to the quote, or one whose complement holds it."""
    after, before = _after(q, ctx), _before(q, ctx)
    near_after = _nearest_cue(after[:_NEAR], ctx, from_end=False)
    before_cue = _nearest_cue(before, ctx, from_end=True)
    introduces = before_cue is not None and any(t.text == ":" for t in before if t.i > before_cue.i)
    found = _first_with_subject(
        [near_after, _governing_cue(q, ctx), before_cue if introduces else None], ctx
    )
    return Found(found[1], found[0], "cue", 0.9) if found else None


def sieve_cue_far(q: _Quote, ctx: _Context) -> Found | None:
    """A reporting verb further away in the same sentence, before or after the quote."""
    after, before = _after(q, ctx), _before(q, ctx)
    found = _first_with_subject(
        [_nearest_cue(before, ctx, from_end=True), _nearest_cue(after, ctx, from_end=False)], ctx
    )
    return Found(found[1], found[0], "cue_far", 0.6) if found else None


def sieve_according_to(q: _Quote, ctx: _Context) -> Found | None:
    """``according to X`` in the quote's sentence (the nearest one wins)."""
    region = _after(q, ctx) + _before(q, ctx)
    for t in region:
        if t.lower_ == "according" and t.i + 1 < len(ctx.doc) and ctx.doc[t.i + 1].lower_ == "to":
            objects = [c for c in ctx.doc[t.i + 1].children if c.dep_ == "pobj"]
            if objects:
                cue = ctx.doc[t.i : t.i + 2]
                return Found(objects[0], cue, "according_to", 0.8)
    return None


def sieve_headline(q: _Quote, ctx: _Context) -> Found | None:
    """``Putin: sanctions would be "a big mistake"``: a short name, then a colon."""
    before = _before(q, ctx)
    colon = next((t for t in before if t.text == ":"), None)
    if colon is None or colon.i - ctx.sent(colon).start > 4 or colon.i == ctx.sent(colon).start:
        return None
    head = ctx.doc[colon.i - 1]
    if not (head.pos_ == "PROPN" or head.ent_type_ in ("PERSON", "ORG") or head.is_title):
        return None
    if any(ctx.is_cue(t) for t in ctx.doc[ctx.sent(colon).start : colon.i]):
        return None  # "X said: 'Q'" is the cue sieve's
    return Found(head, colon, "headline", 0.75)


_DASH_NAME = re.compile(
    r"[ \t\u00a0]*[\u2014\u2013\u2015-]{1,2}[ \t\u00a0]*"
    r"((?:[A-Z][\w.'\u2019-]*)(?:[ \t\u00a0]+(?:[A-Z][\w.'\u2019-]*|de|van|von|da|al|bin)){0,4})"
)


def sieve_dash(q: _Quote, ctx: _Context) -> Found | None:
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


def sieve_colon_intro(q: _Quote, ctx: _Context) -> Found | None:
    """The sentence before ends with ``X said:`` (or ``X continued:``) and the quote opens."""
    if _before(q, ctx):
        return None
    start = ctx.sent(q.first).start
    if start == 0:
        return None
    previous = ctx.doc[start - 1]
    while previous.is_space and previous.i > 0:
        previous = ctx.doc[previous.i - 1]
    if previous.text != ":":
        return None
    sent = ctx.sent(previous)
    cue = _nearest_cue(ctx.outside(ctx.doc[sent.start : previous.i]), ctx, from_end=True)
    if cue is None:
        return None
    head = _subject(cue, ctx)
    return Found(head, cue, "colon_intro", 0.8) if head is not None else None


_LABEL = re.compile(r"([A-Z][A-Z'\-]+(?: [A-Z][A-Z'\-]+)?):\s")


def sieve_transcript(q: _Quote, ctx: _Context) -> Found | None:
    """A transcript turn: the quote opens with a speaker label ("PENCE: Well, look, ...")."""
    match = _LABEL.match(ctx.text[q.span.start : q.span.start + 40])
    if match is None:
        return None
    start = q.span.start + match.start(1)
    label = ctx.doc.char_span(start, start + len(match.group(1)), alignment_mode="expand")
    if label is None:
        return None
    return Found(label[-1], label, "transcript", 0.8)


def sieve_reported(q: _Quote, ctx: _Context) -> Found | None:
    """A quoted phrase inside a clause whose subject is a person or organization
    ("Lavrov has ruled out any « concession »"). When the parse gives the clause no such
    subject, the last person named before the verb in the sentence stands in for it."""
    verb = q.tokens.root.head if q.tokens.root.head.i != q.tokens.root.i else None
    while verb is not None and verb.pos_ not in ("VERB", "AUX"):
        verb = verb.head if verb.head.i != verb.i else None
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


Sieve = Callable[[_Quote, _Context], Found | None]
SIEVES: tuple[Sieve, ...] = (
    sieve_transcript,
    sieve_cue,
    sieve_according_to,
    sieve_cue_far,
    sieve_headline,
    sieve_dash,
    sieve_colon_intro,
    sieve_reported,
)


# -- not speech ---------------------------------------------------------------------------
def is_title(q: _Quote, ctx: _Context) -> bool:
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
        if all(t.pos_ == "PROPN" and t.is_title for t in (previous, following)):
            return True  # a nickname inside a name: Marcia "Cia" Price
    near = doc[max(0, start - 3) : min(len(doc), end + 2)]
    if any(t.lower_ in ctx.lexicon.media_nouns for t in near if not ctx.in_quote[t.i]):
        return True
    return previous is not None and (previous.lower_ in _PREPOSITIONS or previous.tag_ == "POS")


def in_title_case_line(q: _Quote, ctx: _Context) -> bool:
    """Whether the quote stands in a headline written in Title Case.

    Such headlines put marks around fragments and titles ("Trump Was ‘Mocking’ Clinton
    Camp"), not around speech; the speech itself is quoted again in the article body.
    """
    text = ctx.text
    line_start = text.rfind("\n", 0, q.span.outer_start) + 1
    line_end = text.find("\n", q.span.outer_end)
    line = text[line_start : line_end if line_end != -1 else len(text)]
    words = [w for w in line.split() if len(w.strip("\"'“”‘’.,:;!?()")) >= 4]
    if len(words) < 2 or len(line.split()) > 30:
        return False
    capitalized = sum(1 for w in words if w.strip("\"'“”‘’([")[:1].isupper())
    return capitalized / len(words) >= 0.8


def is_fragment(q: _Quote) -> bool:
    """A few quoted words inside the narrator's own sentence ("called it a “disaster”")."""
    words = [t for t in q.tokens if t.is_alpha]
    return len(words) <= 3 and not q.tokens.text.rstrip("\"'”’» ").endswith((".", "!", "?"))


# -- putting it together ------------------------------------------------------------------
def _locate(doc: Doc, span: QuoteSpan) -> _Quote | None:
    tokens = doc.char_span(span.outer_start, span.outer_end, alignment_mode="expand")
    if tokens is None or len(tokens) == 0:
        return None
    return _Quote(span, tokens, tokens[0], tokens[-1])


def _continuation(q: _Quote, previous: tuple[_Quote, Quote] | None, ctx: _Context) -> bool:
    """Whether ``q`` goes on with the previous quote's speaker: nothing but text without a
    new speaker between them, within the same or the next paragraph."""
    if previous is None or previous[1].speaker is None:
        return False
    gap = ctx.doc[previous[0].last.i + 1 : q.first.i]
    if gap.text.count("\n") > 2 or len(gap) > 60:
        return False
    speaker = previous[1].speaker
    for t in gap:
        if t.dep_ in ("nsubj", "nsubjpass") and not ctx.in_quote[t.i]:
            other = ctx.index.resolve(t).entity
            if other is not None and other != speaker and t.pos_ != "PRON":
                return False
    return True


def _make_quote(q: _Quote, found: Found | None, resolved: Resolved | None, ctx: _Context) -> Quote:
    cue = None
    if found is not None and found.cue is not None:
        c = found.cue
        cue = TextSpan(c.text, c.idx, c.idx + len(c.text)) if isinstance(c, Token) else TextSpan(
            c.text, c.start_char, c.end_char
        )
    speaker = resolved.entity if resolved else None
    confidence = found.confidence * (resolved.confidence if resolved else 1.0) if found else 0.0
    return Quote(
        start=q.span.start,
        end=q.span.end,
        text=ctx.text[q.span.start : q.span.end],
        speaker=speaker,
        role=resolved.role if resolved else None,
        affiliation=resolved.affiliation if resolved else None,
        speaker_mention=resolved.mention if resolved else None,
        cue=cue,
        about=about_entities(q.tokens, ctx.index, ctx.lexicon, exclude=speaker),
        rule=found.rule if found else "none",
        confidence=round(confidence, 3),
    )


def attribute(doc: Doc, spans: list[QuoteSpan], lexicon: Lexicon) -> list[Quote]:
    """One :class:`Quote` per quotation in ``spans``, attributed on the parse in ``doc``."""
    located = [q for q in (_locate(doc, s) for s in spans) if q is not None]
    ctx = _Context(doc, located, lexicon)
    results: list[Quote] = []
    previous: tuple[_Quote, Quote] | None = None
    for q in located:
        if is_title(q, ctx) or in_title_case_line(q, ctx):
            continue
        found = next((f for f in (sieve(q, ctx) for sieve in SIEVES) if f is not None), None)
        fragment = is_fragment(q)
        if found is not None and found.head is not None:
            resolved = ctx.index.resolve(found.head, as_name=found.rule == "headline")
            quote = _make_quote(q, found, resolved, ctx)
        elif fragment:
            continue  # a scare quote: quoted words that nobody is said to have said
        elif _continuation(q, previous, ctx):
            assert previous is not None
            prior = previous[1]
            quote = _make_quote(q, Found(None, None, "continuation", 0.75), None, ctx)
            quote = _with_speaker_of(quote, prior)
        else:
            quote = _make_quote(q, None, None, ctx)
        results.append(quote)
        previous = (q, quote)
    return results


def _with_speaker_of(quote: Quote, prior: Quote) -> Quote:
    from dataclasses import replace

    about = tuple(a for a in quote.about if a != prior.speaker)
    return replace(
        quote,
        speaker=prior.speaker,
        role=prior.role,
        affiliation=prior.affiliation,
        speaker_mention=prior.speaker_mention,
        cue=prior.cue,
        about=about,
        confidence=round(0.75 * prior.confidence, 3),
    )
