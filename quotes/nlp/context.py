"""The article under attribution: its parse, its quotes, and what the sieves report.

:class:`QuoteContext` is built once per article. It indexes sentences and quoted tokens up
front (``Token.sent`` and ``Doc.text`` rescan the whole document on every call) and holds the
:class:`~quotes.nlp.speakers.ArticleIndex` that resolves speaker mentions.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy
from spacy.attrs import SENT_START
from spacy.tokens import Doc, Span, Token

from quotes.nlp.speakers import ArticleIndex
from quotes.text.lexicon import Lexicon
from quotes.text.marks import QuoteSpan

__all__ = ["Found", "LocatedQuote", "QuoteContext"]

_INVERTED_FORMS = {"said", "says", "added", "adds", "asked", "asks", "wrote", "writes", "told"}


@dataclass(frozen=True)
class Found:
    """What a sieve found: the speaker mention's head and the cue."""

    head: Token | None
    cue: Token | Span | None
    rule: str
    confidence: float


@dataclass
class LocatedQuote:
    """A quote span and its tokens in the parse."""

    span: QuoteSpan
    tokens: Span  # with the marks
    first: Token  # the opening mark (or the first token)
    last: Token  # the closing mark (or the last token)


def _sentence_starts(doc: Doc) -> list[int]:
    """Where :attr:`Doc.sents` starts each sentence (``SENT_START`` 1; the first token always)."""
    if not len(doc):
        return []
    flags = doc.to_array(SENT_START)
    return sorted({0, *numpy.flatnonzero(flags == 1).tolist()})


class QuoteContext:
    """One article under attribution: its parse, its quotes, and which token is quoted."""

    def __init__(self, doc: Doc, quotes: list[LocatedQuote], lexicon: Lexicon) -> None:
        self.doc = doc
        self.text = doc.text  # Doc.text joins every token: build it once
        self.lexicon = lexicon
        self.quotes = quotes
        # Token.sent rescans the document on every call: index sentences once, from the
        # sentence-start array (Doc.sents and a loop over tokens make a Token object each).
        starts = _sentence_starts(doc)
        ends = [*starts[1:], len(doc)]
        self.sentences = [doc[s:e] for s, e in zip(starts, ends, strict=True)]
        self._sentence_of: list[int] = (
            numpy.searchsorted(numpy.asarray(starts), numpy.arange(len(doc)), "right") - 1
        ).tolist()
        quoted = numpy.zeros(len(doc), dtype=bool)
        for q in quotes:
            quoted[q.tokens.start : q.tokens.end] = True
        self.in_quote: list[bool] = quoted.tolist()
        self.index = ArticleIndex(doc, self.in_quote, lexicon)

    def sent(self, token: Token) -> Span:
        """The sentence of ``token`` (as ``token.sent``, without rescanning the document)."""
        return self.sentences[self._sentence_of[token.i]]

    def outside(self, tokens: Span | list[Token]) -> list[Token]:
        return [t for t in tokens if not self.in_quote[t.i]]

    def is_cue(self, token: Token) -> bool:
        """A reporting verb ("said"), or a phrasal one from the table ("ruled out")."""
        if token.pos_ not in ("VERB", "AUX"):
            # "Said Ellis: ..." opens a sentence, where the tagger may take "Said" for a name
            return (
                token.is_title
                and token.lower_ in _INVERTED_FORMS
                and (self.sent(token).start == token.i)
            )
        lemma = token.lemma_.lower()
        if lemma in self.lexicon.cue_verbs:
            return True
        particles = (c.lower_ for c in token.children if c.dep_ == "prt")
        return any(f"{lemma} {p}" in self.lexicon.cue_verbs for p in particles)
