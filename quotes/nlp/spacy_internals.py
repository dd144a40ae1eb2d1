"""The two places where selective parsing reaches below spaCy's public API, in one adapter.

:mod:`quotes.nlp.selective` copies a Doc's stretches into sub-Docs with the attributes
``Span.as_doc`` would copy (the list ``Doc._get_array_attrs`` computes), and
reads the recognizer's tok2vec layer by layer (thinc's ``Model.walk``) to know how far each
side of a word it reads. Both are private or undocumented in spaCy 3.8, so they sit here,
checked against the spaCy versions they were verified with: on any other version
:func:`is_checked` says no, so :func:`quotes.nlp.selective.supports_selective` turns selective
parsing off (the full parse runs, with a one-line notice), and
``tests/quotes/test_spacy_internals.py`` fails until someone checks the new version.
"""

from __future__ import annotations

from typing import Any

import spacy
from spacy.tokens import Doc
from spacy.vocab import Vocab

__all__ = ["CHECKED", "array_head_attrs", "is_checked", "leaf_layers"]

# spaCy minor versions whose private Doc and thinc layer APIs this module was checked on.
CHECKED = ("3.8",)


def is_checked(version: str = spacy.__version__) -> bool:
    """Whether ``version`` is a spaCy release whose internals this module was checked on."""
    return ".".join(version.split(".")[:2]) in CHECKED


def array_head_attrs(vocab: Vocab) -> list[int | str]:
    """The attribute list ``Span.as_doc`` copies (its ``array_head``), computed once."""
    return list(Doc(vocab, words=["a"])._get_array_attrs())


def leaf_layers(model: Any) -> list[Any]:
    """Every thinc layer of ``model`` that has no sub-layers, in walk order."""
    return [layer for layer in model.walk() if not layer.layers]
