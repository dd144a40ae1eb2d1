"""The spaCy internals selective parsing relies on: this file fails on a spaCy upgrade until
someone checks :mod:`quotes.nlp.spacy_internals` against the new version."""

from __future__ import annotations

from typing import Any, cast

import pytest
import spacy
from spacy.attrs import HEAD

from quotes.nlp.pipeline import load_pipeline
from quotes.nlp.spacy_internals import CHECKED, array_head_attrs, is_checked, leaf_layers


def test_the_installed_spacy_is_one_the_adapter_was_checked_on() -> None:
    assert is_checked(), f"spaCy {spacy.__version__} is not in CHECKED {CHECKED}"


@pytest.mark.parametrize(
    "version, expected", [("3.8.18", True), ("3.8.0", True), ("3.9.0", False), ("4.0.0", False)]
)
def test_versions(version: str, expected: bool) -> None:
    assert is_checked(version) is expected


def test_array_head_is_what_as_doc_copies() -> None:
    nlp = load_pipeline()
    doc = nlp("Putin called Biden. Biden answered.")
    heads = array_head_attrs(nlp.vocab)
    assert HEAD in heads or "HEAD" in heads
    array = doc.to_array(heads)
    # Span.as_doc's array arguments are in spaCy's .pyx, not in its type stubs.
    sub = doc[4:].as_doc(array_head=heads, array=array)  # type: ignore[call-arg]
    assert [t.dep_ for t in sub] == [t.dep_ for t in doc[4:]]
    assert [t.head.i for t in sub] == [t.head.i - 4 for t in doc[4:]]


def test_leaf_layers_of_the_recognizers_tok2vec() -> None:
    model = cast(Any, load_pipeline().get_pipe("ner")).model.get_ref("tok2vec")
    names = {layer.name for layer in leaf_layers(model)}
    assert "expand_window" in names and "hashembed" in names
    assert all(not layer.layers for layer in leaf_layers(model))


def test_unchecked_spacy_turns_selective_parsing_off(monkeypatch: pytest.MonkeyPatch) -> None:
    from quotes.nlp import selective

    assert selective.supports_selective(load_pipeline())
    monkeypatch.setattr(selective, "is_checked", lambda: False)
    assert not selective.supports_selective(load_pipeline())
