"""Selective parsing: character offsets into the original text, the plan of what gets
parsed, and the switch."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import cast

import numpy
import pytest
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc

from quotes.extract import extract_many
from quotes.pipeline import load_pipeline, load_selective, selective_default
from quotes.selective import (
    AttributeTable,
    LemmaTable,
    SelectiveConfig,
    SelectiveParser,
    plan,
    supports_selective,
)

SAMPLES = sorted((Path(__file__).resolve().parents[2] / "data" / "articles").glob("*.txt"))


def test_the_default_model_can_run_its_recognizer_alone() -> None:
    assert supports_selective(load_pipeline())
    assert load_selective() is not None


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_offsets_point_into_the_original_text(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    [quotes] = extract_many([text], selective=True)
    [full] = extract_many([text], selective=False)
    assert quotes and len(quotes) == len(full)  # the same quotes are found: marks decide
    for q in quotes:
        assert text[q.start : q.end] == q.text
        for span in (q.cue, q.speaker_mention):
            if span is not None:
                assert text[span.start : span.end] == span.text


LEDE = "Russian President Vladimir Putin met reporters in Moscow on Monday.\n\n"
FILLER = "The weather was cold. Trains ran late. Shops closed early.\n\n"


@pytest.mark.parametrize(
    "text, parsed_words, unparsed_words",
    [
        (LEDE + FILLER + "“We will not back down,” Putin said.", ["back", "Putin"], ["Trains"]),
        (LEDE + "“Never,” he said.", ["Never", "Vladimir"], []),  # "he": back to the name
        (LEDE + FILLER, [], ["Putin", "Trains"]),  # no quote: nothing to parse
        ("Nobody said anything. " * 3, [], ["Nobody"]),  # a cue verb alone makes no quote
    ],
)
def test_plan_parses_near_quotes_only(
    text: str, parsed_words: list[str], unparsed_words: list[str]
) -> None:
    nlp = load_pipeline()
    doc = nlp.make_doc(text)
    runner = SelectiveParser(nlp, SelectiveConfig(bridge=0))
    starts = [0] + [t.i + 1 for t in doc[:-1] if t.text in ".\n\n" or t.is_space]
    parsed, _ = plan(doc, sorted(set(starts)), runner.config)
    words = {t.text for start, end in parsed for t in doc[start:end]}
    assert all(w in words for w in parsed_words)
    assert not any(w in words for w in unparsed_words)


@pytest.mark.parametrize("names", ["article", "join", "ner", "match"])
def test_names_away_from_quotes_still_resolve_speakers(names: str) -> None:
    text = LEDE + FILLER + FILLER + "“We will not back down,” Putin said."
    runner = SelectiveParser(load_pipeline(), SelectiveConfig(names=names))
    [doc] = runner.pipe([text])
    [quote] = doc._.quotes
    assert quote.speaker is not None and quote.speaker.name == "Vladimir Putin"
    assert text[quote.start : quote.end] == quote.text


@pytest.mark.parametrize("names", ["article", "named"])
def test_recognizer_once_per_article_gives_the_pipelines_names(names: str) -> None:
    nlp = load_pipeline()
    text = SAMPLES[0].read_text(encoding="utf-8")
    [doc] = SelectiveParser(nlp, SelectiveConfig(names=names)).pipe([text])
    full = nlp(text)

    def people(d: Doc) -> list[tuple[int, int, str]]:
        return [(e.start_char, e.end_char, e.label_) for e in d.ents if e.label_ == "PERSON"]

    assert people(doc) and people(doc) == people(full)


@pytest.mark.parametrize("path", SAMPLES[:3], ids=lambda p: p.stem)
def test_tables_give_the_rulers_and_lemmatizers_annotations(path: Path) -> None:
    nlp = load_pipeline()
    table = AttributeTable(cast(AttributeRuler, nlp.get_pipe("attribute_ruler")))
    lemmas = LemmaTable(cast(Lemmatizer, nlp.get_pipe("lemmatizer")))
    fast: dict[str, Callable[[Doc], Doc]] = {"attribute_ruler": table, "lemmatizer": lemmas}
    attrs = [POS, MORPH, LEMMA, TAG, DEP, HEAD]
    text = path.read_text(encoding="utf-8") + " We ain't gon na stop. "
    ruled = nlp.make_doc(text)
    tabled = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name in ("ner", "quote_attribution"):
            continue
        ruled = proc(ruled)
        tabled = fast.get(name, proc)(tabled)
    assert numpy.array_equal(ruled.to_array(attrs), tabled.to_array(attrs))


def test_marks_outside_the_parse() -> None:
    text = LEDE + FILLER + "He met Merkel later. " + FILLER + "“Never,” Putin said."
    [doc] = SelectiveParser(load_pipeline(), SelectiveConfig(reach=0, bridge=0)).pipe([text])
    he = next(t for t in doc if t.text == "He")
    merkel = next(t for t in doc if t.text == "Merkel")
    trains = next(t for t in doc if t.text == "Trains")
    assert (he.pos_, he.dep_) == ("PRON", "nsubj")
    assert merkel.pos_ == "PROPN" and merkel.dep_ == ""  # no invented dependency
    assert trains.pos_ == ""  # a sentence's first word: nothing known without the tagger


@pytest.mark.parametrize(
    "value, expected", [(None, False), ("1", True), ("true", True), ("0", False), ("off", False)]
)
def test_switch_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, value: str | None, expected: bool
) -> None:
    if value is None:
        monkeypatch.delenv("QUOTES_SELECTIVE", raising=False)
    else:
        monkeypatch.setenv("QUOTES_SELECTIVE", value)
    assert selective_default() is expected
