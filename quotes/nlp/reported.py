"""Reported speech as records: "Peskov said the call was planned" is Peskov's, of kind indirect.

:mod:`quotes.nlp.statements` finds the statements; here each becomes a
:class:`~quotes.models.Quote` of kind ``indirect`` or ``mixed``, its source resolved by the
article's :class:`~quotes.nlp.speakers.ArticleIndex` exactly as a direct quote's speaker (no
record when nobody is named: never "he"), and merged with the article's direct quotes by
:func:`merge_reported`: a statement whose content is a direct quote set apart by its cue stays
that direct quote; one that holds quoted words as part of its clause becomes one ``mixed``
record that replaces them ("Lavrov ruled out any “concession”": one record, not two).
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Span, Token

from quotes.models import Quote, QuoteKind, TextSpan
from quotes.nlp.about import AboutFinder
from quotes.nlp.context import Found, LocatedQuote, QuoteContext
from quotes.nlp.statements import Statement, find_statements
from quotes.text.marks import ALL_MARKS, QuoteSpan

__all__ = ["merge_reported"]

# A quote covering this much of a statement's words is the statement: it stays direct.
_QUOTED_SHARE = 0.8
# Tokens beyond which a "clause" is a runaway parse (a text whose one sentence never ends), not
# reported speech; the bound also keeps such a text linear to attribute.
_MAX_CLAUSE = 250
# Words of its own before the quote a clause needs to be mixed reported speech rather than
# the quote's lead-in ("Still, golf clubs are “...,” he said").
_MIXED_LEAD_WORDS = 3


def _chars(ctx: QuoteContext, start: int, end: int) -> tuple[int, int]:
    last = ctx.doc[end - 1]
    return ctx.doc[start].idx, last.idx + len(last.text)


def _cue_span(cue: Token | Span) -> TextSpan:
    if isinstance(cue, Token):
        return TextSpan(cue.text, cue.idx, cue.idx + len(cue.text))
    return TextSpan(cue.text, cue.start_char, cue.end_char)


def _record(st: Statement, kind: QuoteKind, ctx: QuoteContext, finder: AboutFinder) -> Quote | None:
    if st.end <= st.start:
        return None  # "X said" with no content: no statement
    # a "Name:" label is a name even where the tagger took it for a common noun
    # an unnamed source is typed anonymous ("a new poll", "the report"), as a direct quote's
    resolved = ctx.index.resolve(st.source, as_name=st.rule == "reported_colon", unnamed=True)
    if resolved.entity is None:
        return None  # a pronoun nobody fits: no named speaker, no record (never "he")
    start, end = _chars(ctx, st.start, st.end)
    # Whom it is about, as for a direct quote: the content's words and the cue's frame
    # ("Biden told Putin that ...") through the same finder and resolver.
    content = ctx.doc[st.start : st.end]
    located = LocatedQuote(
        QuoteSpan(start, end, start, end, "reported"), content, content[0], content[-1]
    )
    found = Found(st.source, st.cue, st.rule, st.confidence)
    own = (resolved.affiliation, resolved.role)
    return Quote(
        start=start,
        end=end,
        text=ctx.text[start:end],
        speaker=resolved.entity,
        role=resolved.role,
        affiliation=resolved.affiliation,
        speaker_mention=resolved.mention,
        cue=_cue_span(st.cue),
        about=finder.about(located, found, resolved.entity, own),
        rule=st.rule,
        confidence=round(st.confidence * resolved.confidence, 3),
        kind=kind,
    )


def _quote_tokens(quote: Quote, ctx: QuoteContext) -> set[int]:
    span = ctx.doc.char_span(quote.start, quote.end, alignment_mode="expand")
    if span is None:
        return set()
    return {t.i for t in span if not t.is_punct and not t.is_space}


def _introduced(st: Statement, ctx: QuoteContext) -> bool:
    """Whether quoted content is set apart from its cue as a direct quote: it comes first
    ("“Q,” X said"), after a colon or comma ("X said: “Q”"), or opens a sentence of its own
    ("X declared “I think ...”"). Otherwise the quote is part of the reported clause ("X said
    that “Q”", "X says “the world is in tough shape”"): mixed."""
    cue_end = st.cue.i if isinstance(st.cue, Token) else st.cue.end - 1
    if cue_end > st.start:
        return True
    between = ctx.doc[cue_end + 1 : st.start]
    if any(t.lower_ == "that" for t in between):
        return False  # "X said that “Q”"
    first = next((t for t in ctx.doc[st.start : st.end] if not t.is_punct), None)
    return any(t.text in (":", ",") for t in between) or (
        first is not None and first.text[:1].isupper() and first.ent_type_ == ""
    )


# Words after a quote that are no clause of its own: "“Q,” he said", "“Q” again".
_NOT_A_LEAD = {"CCONJ", "ADV", "INTJ", "PUNCT", "SPACE", "SCONJ"}


def _clause_around(st: Statement, quoted: _Quoted, ctx: QuoteContext) -> bool:
    """Whether the content's quotes sit inside a clause of its own outside the marks, in
    their sentence: a subject or words before the first ("Mills “got an immunity
    agreement,” Jordan said"), or words after the last ("“a tax increase” for the top
    bracket"). Such a statement is mixed (the gold's mixed attribution), even when the
    quoted words are most of it; "But “Q,” he said" and "“Q,” he said" are not."""
    inside = [quoted.bounds[n] for n in quoted.touching(st.start, st.end)]
    spans = [b for b in inside if b is not None]
    if not spans:
        return False
    first = min(b[0] for b in spans)
    last = max(b[1] for b in spans)
    sent_start = ctx.doc[first].sent.start
    if _opens_clause(ctx.doc[max(st.start, sent_start) : first]):
        return True
    tail = ctx.doc[last + 1 : st.end]
    return any(t.pos_ not in _NOT_A_LEAD and not _is_mark(t) for t in tail)


def _opens_clause(lead: Span) -> bool:
    """Words before a quote that open its clause: a subject or a verb ("Farmers “lost
    everything”", "The plan is “dead”"); not a time or a link ("On Monday, “...”", "But")."""
    return any(t.dep_ in _CLAUSE_SUBJECTS or t.pos_ in ("VERB", "AUX") for t in lead)


_CLAUSE_SUBJECTS = {"nsubj", "nsubjpass", "expl", "csubj"}


def _is_mark(token: Token) -> bool:
    return all(ch in ALL_MARKS for ch in token.text)


def _with_closing_mark(record: Quote, inside: list[Quote], ctx: QuoteContext) -> Quote:
    """A mixed record ending with its quote keeps the closing mark, as it has the opening
    one: "the plan was “a disaster”", not "the plan was “a disaster"."""
    end = record.end
    text = ctx.text
    for q in inside:
        if q.end < end:
            continue
        close = q.end
        while close < len(text) and close - q.end < 2 and text[close] in ",.;:!?":
            close += 1  # the quote's own punctuation before its mark: “... a profit,”
        if close < len(text) and text[close] in ALL_MARKS:
            end = close + 1
    return (
        record if end == record.end else replace(record, end=end, text=ctx.text[record.start : end])
    )


class _Quoted:
    """Which direct quote each token's words belong to, and each quote's first and last word
    token, so a statement's overlaps cost the length of its content, not the number of
    quotes (an article can hold thousands)."""

    def __init__(self, direct: list[Quote], ctx: QuoteContext) -> None:
        self.of_token: dict[int, int] = {}
        self.bounds: list[tuple[int, int] | None] = []
        for n, quote in enumerate(direct):
            words = _quote_tokens(quote, ctx)
            self.bounds.append((min(words), max(words)) if words else None)
            self.of_token.update(dict.fromkeys(words, n))

    def touching(self, start: int, end: int) -> set[int]:
        return {n for i in range(start, end) if (n := self.of_token.get(i)) is not None}


def _ends_in_quote(st: Statement, quoted: _Quoted, ctx: QuoteContext) -> bool:
    """Whether the content comes before its cue and ends with a quote right before it: the
    cue attributes that direct quote, not the words before it."""
    cue_start = st.cue.i if isinstance(st.cue, Token) else st.cue.start
    if cue_start < st.start:
        return False
    last = next((t for t in reversed(ctx.doc[st.start : st.end]) if not t.is_punct), None)
    if last is None or last.i not in quoted.of_token:
        return False
    # The quote's clause opened outside it ("Still, golf clubs are “just scratching out a
    # profit,” Mr. Hedge said"): the words before the quote are part of what the cue
    # reports, one mixed statement. After a colon they are another cue's ("X scolded him:
    # “Q,” she said"), and a quote opening the content is the cue's direct quote.
    if st.rule != "reported":
        return True  # "The deal is “dead and buried”, according to X": the quote's source
    first = quoted.bounds[quoted.of_token[last.i]]
    opening = first[0] if first is not None else st.start
    before = [t for t in ctx.doc[st.start : opening] if not t.is_space]
    # words, not symbols: a run of "$" before the quote is no clause of its own
    words = [t for t in before if any(ch.isalnum() for ch in t.text)]
    if any(t.text in (":", ";") or t.is_sent_start for t in before[1:]):
        return True
    return len(words) < _MIXED_LEAD_WORDS and not _opens_clause(ctx.doc[st.start : opening])


def _through_quotes(st: Statement, quoted: _Quoted) -> Statement | None:
    """The statement with its content running on to the end of a quote it opens but does
    not close (the parse ends the clause at the quote's first sentence: "X said that “A. B.”"),
    or None when a quote opened before the content ends inside it."""
    end = st.end
    for n in quoted.touching(st.start, st.end):
        first, last = quoted.bounds[n] or (st.start, st.start)
        if first < st.start:
            return None
        end = max(end, last + 1)
    return st if end == st.end else replace(st, end=end)


# Rules of a direct quote with no cue of its own: the words go on from an attribution before.
_CONTINUING = {"continuation", "previous_sentence", "cue_far"}
# A quote continuing a statement opens a sentence of its own ("..., X said. “Q”"); one in
# the cue's sentence may have a cue of its own ("X said, calling it “serious”").
_SENTENCE_END = re.compile(r"[.!?][\u201d\u2019\"')]*\s*[\u201c\u2018\"'(]*$")
# How far after a statement a quote that continues it may open: the cue's phrase between.
_MAX_GAP = 250


def _cue_between(record: Quote, q: Quote) -> bool:
    """The statement's own cue comes after its content, before the quote ("Y, X said. “Q”"):
    the quote goes on after that cue. After a cue before the content ("X said Y, “A,” she
    said. “Q”") the quote continues whatever came last, not the statement."""
    return record.cue is not None and record.end <= record.cue.start < q.start


def _with_continuations(
    records: list[Quote], direct: list[Quote], taken: set[int], ctx: QuoteContext
) -> list[Quote]:
    """Each statement with the direct quotes that go on from it in its paragraph, without a
    cue of their own, as one mixed record ("The plan “failed,” X said. “It was doomed.”",
    "The plan failed, X said. “It was doomed.”"): one attribution, first to last part, as
    the gold's mixed attributions; the quotes are not also direct quotes of their own."""
    order = sorted(range(len(direct)), key=lambda i: direct[i].start)
    out: list[Quote] = []
    for record in records:
        for i in order:
            q = direct[i]
            if i in taken or q.start < record.end:
                continue
            gap = ctx.text[record.end : q.start]
            if (
                not _SENTENCE_END.search(gap)
                or q.rule not in _CONTINUING
                or not _cue_between(record, q)
                or len(gap) > _MAX_GAP
                or "\n" in gap
                or q.speaker is None
                or record.speaker is None
                or q.speaker.name != record.speaker.name
            ):
                break  # only the next quote can continue it, and only the same speaker's
            taken.add(i)
            about = record.about + tuple(a for a in q.about if a not in record.about)
            record = replace(
                record, end=q.end, text=ctx.text[record.start : q.end], about=about, kind="mixed"
            )
            record = _with_closing_mark(record, [q], ctx)
        out.append(record)
    return out


def merge_reported(direct: list[Quote], ctx: QuoteContext, finder: AboutFinder) -> list[Quote]:
    """The direct quotes and the article's reported statements as one list, by offset.

    A statement that is a direct quote set apart by its cue adds nothing; one holding quoted
    words as part of its clause is a ``mixed`` record that takes their place: one record,
    not two.
    """
    quoted = _Quoted(direct, ctx)
    records: list[Quote] = []
    taken: set[int] = set()  # indices of direct quotes folded into a mixed record
    for found in find_statements(ctx):
        if found.end - found.start > _MAX_CLAUSE:
            continue  # no reported clause is this long: a runaway parse
        st = _through_quotes(found, quoted)
        if st is None:
            continue  # the clause starts inside a quote: a misparse
        inside = sorted(quoted.touching(st.start, st.end))  # all inside, after _through_quotes
        words = [t.i for t in ctx.doc[st.start : st.end] if not t.is_punct and not t.is_space]
        share = sum(1 for i in words if i in quoted.of_token) / max(len(words), 1)
        if share >= _QUOTED_SHARE and _introduced(st, ctx) and not _clause_around(st, quoted, ctx):
            continue  # the direct quote is the statement
        if _ends_in_quote(st, quoted, ctx):
            continue  # "X scolded him: “Q,” she said": the cue is the quote's
        record = _record(st, "mixed" if inside else "indirect", ctx, finder)
        if record is None:
            continue
        if inside:
            record = _with_closing_mark(record, [direct[i] for i in inside], ctx)
        taken.update(inside)
        records.append(record)
    records = _with_continuations(records, direct, taken, ctx)
    kept = [q for i, q in enumerate(direct) if i not in taken] + records
    return sorted(kept, key=lambda q: (q.start, q.end))
