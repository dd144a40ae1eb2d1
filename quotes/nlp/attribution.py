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
``previous_sentence`` ``X said the talks failed. "Q"``: the speaker of the sentence before
``continuation``   no evidence of its own: the same speaker as the quote just before
``reported``       a quoted phrase inside a clause whose subject is a person
``ranker``         the speaker model (:mod:`quotes.nlp.ranker`) chose another candidate than
                   the rules did: a pronoun's or description's referent, a continuation
=================  ==================================================================

The sieves live in :mod:`quotes.nlp.sieves`; each returns the speaker mention's head token and
the cue, and :mod:`quotes.nlp.speakers` turns the mention into a named entity. Quote marks around
a title ("said Borrell to “Welt”") are not speech (:mod:`quotes.nlp.notspeech`) and are dropped
before the sieves run.

Reported speech without quote marks ("Peskov said the call was planned") is found after the
quotes (:mod:`quotes.nlp.statements`) and merged with them
(:func:`quotes.nlp.reported.merge_reported`):
a quoted fragment inside reported speech is part of its ``mixed`` record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from spacy.tokens import Doc, Token

from quotes.models import Quote, TextSpan
from quotes.nlp.about import AboutFinder
from quotes.nlp.context import Found, LocatedQuote, QuoteContext
from quotes.nlp.notspeech import in_title_case_line, is_fragment, is_title
from quotes.nlp.ranker import Candidate, SpeakerModel, apply, candidates
from quotes.nlp.reported import merge_reported
from quotes.nlp.sieves import SIEVES
from quotes.nlp.speakers import Resolved
from quotes.text.lexicon import Lexicon
from quotes.text.marks import QuoteSpan

__all__ = ["Observer", "attribute"]

# The rules whose mention is a name by its place: a headline's "Merkel:", a transcript's "PENCE:"
_NAME_LABELS = ("headline", "transcript")
# Called with each quote as the rules attributed it and its candidate speakers (training).
Observer = Callable[[LocatedQuote, Quote, list[Candidate]], None]


def _locate(doc: Doc, span: QuoteSpan) -> LocatedQuote | None:
    tokens = doc.char_span(span.outer_start, span.outer_end, alignment_mode="expand")
    if tokens is None or len(tokens) == 0:
        return None
    return LocatedQuote(span, tokens, tokens[0], tokens[-1])


def _continuation(
    q: LocatedQuote, previous: tuple[LocatedQuote, Quote] | None, ctx: QuoteContext
) -> bool:
    """Whether ``q`` goes on with the previous quote's speaker: nothing but text without a
    new speaker between them, within the same or the next paragraph."""
    if previous is None or previous[1].speaker is None:
        return False
    gap = ctx.doc[previous[0].last.i + 1 : q.first.i]
    if gap.text.count("\n") > 2 or len(gap) > 60:
        return False
    speaker = previous[1].speaker
    for t in gap:
        # a new speaker is the subject of a main clause ("Mrs. Clinton also spoke" in a
        # relative clause does not interrupt Mr. Obama)
        if t.head.dep_ not in ("ROOT", "conj", "ccomp", "parataxis"):
            continue
        if t.dep_ in ("nsubj", "nsubjpass") and not ctx.in_quote[t.i]:
            other = ctx.index.resolve(t).entity
            if other is not None and other != speaker and t.pos_ != "PRON":
                return False
    return True


def _make_quote(
    q: LocatedQuote, found: Found | None, resolved: Resolved | None, ctx: QuoteContext
) -> Quote:
    cue = None
    if found is not None and found.cue is not None:
        c = found.cue
        cue = (
            TextSpan(c.text, c.idx, c.idx + len(c.text))
            if isinstance(c, Token)
            else TextSpan(c.text, c.start_char, c.end_char)
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
        rule=found.rule if found else "none",
        confidence=round(confidence, 3),
    )


def attribute(
    doc: Doc,
    spans: list[QuoteSpan],
    lexicon: Lexicon,
    model: SpeakerModel | None = None,
    observe: Observer | None = None,
) -> list[Quote]:
    """One :class:`Quote` per quotation in ``spans``, attributed on the parse in ``doc``,
    and one per reported statement (:mod:`quotes.nlp.reported`), in reading order.

    With ``model``, the rules' speaker is one candidate among those :mod:`quotes.nlp.ranker`
    lists, and the model picks the speaker and gives its calibrated confidence; ``observe``
    sees every quote's candidates (how ``quotes train`` collects its examples).
    """
    located = [q for q in (_locate(doc, s) for s in spans) if q is not None]
    ctx = QuoteContext(doc, located, lexicon)
    results: list[Quote] = []
    framed: list[tuple[LocatedQuote, Found | None]] = []
    previous: tuple[LocatedQuote, Quote] | None = None
    for q in located:
        if is_title(q, ctx) or in_title_case_line(q, ctx):
            continue
        found = next((f for f in (sieve(q, ctx) for sieve in SIEVES) if f is not None), None)
        fragment = is_fragment(q)
        if found is not None and found.head is not None:
            resolved = ctx.index.resolve(found.head, as_name=found.rule in _NAME_LABELS)
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
        if model is not None or observe is not None:
            evidence = found if found is not None and found.head is not None else None
            cands = candidates(q, quote, evidence, previous, ctx)
            if observe is not None:
                observe(q, quote, cands)
            if model is not None:
                quote = apply(model, quote, cands, previous[1] if previous else None)
        results.append(quote)
        # a continuation shares its opening's frame: '"A," he said of Y, "B."'
        framed.append((q, found if quote.rule != "continuation" else framed[-1][1]))
        previous = (q, quote)
    # Whom each quote is about, once every speaker is known: resolving speakers teaches the
    # index names the recognizer missed ("Nowak said"), which quotes before may use.
    finder = AboutFinder(ctx)
    finder.sources = {q.speaker.name for q in results if q.speaker is not None}
    finder.voices = [
        (q.first.i, q.last.i, quote.speaker) for quote, (q, _) in zip(results, framed, strict=True)
    ]
    direct = [
        replace(quote, about=finder.about(q, found, quote.speaker, (quote.affiliation, quote.role)))
        for quote, (q, found) in zip(results, framed, strict=True)
    ]
    return merge_reported(direct, ctx, finder)


def _with_speaker_of(quote: Quote, prior: Quote) -> Quote:
    return replace(
        quote,
        speaker=prior.speaker,
        role=prior.role,
        affiliation=prior.affiliation,
        speaker_mention=prior.speaker_mention,
        cue=prior.cue,
        confidence=round(0.75 * prior.confidence, 3),
    )
