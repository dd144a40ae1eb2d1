"""Selective parsing: character offsets into the original text, the plan of what gets
parsed and recognized, and the switch."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import numpy
import pytest
import spacy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc

from quotes.models import Quote
from quotes.nlp import selective
from quotes.nlp.extract import extract_many
from quotes.nlp.pipeline import full_parse_default, load_pipeline, load_selective
from quotes.nlp.selective import (
    AttributeTable,
    LemmaTable,
    SelectiveConfig,
    SelectiveParser,
    _hot_units,
    _joined,
    _sentence_starts,
    _Units,
    named_sentences,
    plan,
    receptive_field,
    supports_selective,
    triggers,
)
from quotes.text.marks import find_quotes

SAMPLES = sorted((Path(__file__).resolve().parents[2] / "data" / "articles").glob("*.txt"))


def test_the_default_model_can_run_its_recognizer_alone() -> None:
    assert supports_selective(load_pipeline())
    assert load_selective() is not None


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_offsets_point_into_the_original_text(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    [quotes] = extract_many([text], full_parse=False)
    [full] = extract_many([text], full_parse=True)
    assert isinstance(quotes, list) and isinstance(full, list)
    # The same quotations are found (marks decide), each a direct record or the fragment of a
    # mixed one.
    assert quotes and _quotations(quotes) == _quotations(full)
    for q in quotes:
        assert text[q.start : q.end] == q.text
        for span in (q.cue, q.speaker_mention):
            if span is not None:
                assert text[span.start : span.end] == span.text


def _quotations(quotes: list[Quote]) -> set[tuple[int, int]]:
    """The quote marks' spans: direct quotes, and the quoted stretches of mixed records."""
    found = {(q.start, q.end) for q in quotes if q.kind == "direct"}
    for q in quotes:
        if q.kind == "mixed":
            found |= {(q.start + s, q.start + e) for s, e in _marked(q.text)}
    return found


def _marked(text: str) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in find_quotes(text)]


LEDE = "Russian President Vladimir Putin met reporters in Moscow on Monday.\n\n"
FILLER = "The weather was cold. Trains ran late. Shops closed early.\n\n"


@pytest.mark.parametrize(
    "text, parsed_words, unparsed_words",
    [
        (LEDE + FILLER + "“We will not back down,” Putin said.", ["back", "Putin"], ["Trains"]),
        (LEDE + "“Never,” he said.", ["Never", "Vladimir"], []),  # "he": back to the name
        ("Vladimir Putin met reporters.\n\n" + FILLER, [], ["Putin", "Trains"]),  # nothing
        # reported speech needs no marks: a sentence with a possible cue is parsed
        (LEDE + FILLER + "Putin said the talks failed.", ["talks"], ["Trains"]),
        (LEDE + FILLER + "Peskov has admitted defeat.", ["defeat"], ["Trains"]),
        (LEDE + FILLER + "The plan failed, according to Peskov.", ["plan"], ["Trains"]),
        (FILLER + "Kremlin: the call was planned.", ["call"], ["Trains"]),
        (FILLER + "The Russian spokesman met him.", ["spokesman"], ["Trains"]),  # a role word
        (FILLER + "Two senators met him.", ["senators"], ["Trains"]),  # a role word's plural
        (FILLER + "Nobody ate anything.", [], ["Nobody", "Trains"]),  # no cue, no quote
    ],
)
def test_plan_parses_near_quotes_only(
    text: str, parsed_words: list[str], unparsed_words: list[str]
) -> None:
    nlp = load_pipeline()
    doc = nlp.make_doc(text)
    runner = SelectiveParser(nlp, SelectiveConfig(bridge=0))
    starts = [0] + [t.i + 1 for t in doc[:-1] if t.text in ".\n\n" or t.is_space]
    parsed, _ = plan(doc, sorted(set(starts)), runner.config, runner.window, runner.cues(doc))
    words = {t.text for start, end in parsed for t in doc[start:end]}
    assert all(w in words for w in parsed_words)
    assert not any(w in words for w in unparsed_words)


def test_names_away_from_quotes_still_resolve_speakers() -> None:
    text = LEDE + FILLER + FILLER + "“We will not back down,” Putin said."
    runner = SelectiveParser(load_pipeline())
    [doc] = runner.pipe([text])
    [quote] = doc._.quotes
    assert quote.speaker is not None and quote.speaker.name == "Vladimir Putin"
    assert text[quote.start : quote.end] == quote.text


def test_recognizer_once_per_article_gives_the_pipelines_names() -> None:
    nlp = load_pipeline()
    text = SAMPLES[0].read_text(encoding="utf-8")
    [doc] = SelectiveParser(nlp).pipe([text])
    full = nlp(text)

    def people(d: Doc) -> list[tuple[int, int, str]]:
        return [(e.start_char, e.end_char, e.label_) for e in d.ents if e.label_ == "PERSON"]

    assert people(doc) and people(doc) == people(full)


def test_receptive_field_is_the_recognizers_convolution_width(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert receptive_field(load_pipeline()) == 4  # depth 4, window 1
    assert receptive_field(spacy.blank("en")) is None  # no recognizer
    nlp = spacy.blank("en")
    tok2vec = {
        "@architectures": "spacy.HashEmbedCNN.v2",
        "width": 32,
        "depth": 3,
        "embed_size": 500,
        "window_size": 2,
        "maxout_pieces": 3,
        "subword_features": True,
        "pretrained_vectors": None,
    }
    nlp.add_pipe("ner", config={"model": {**NER_MODEL, "tok2vec": tok2vec}})
    assert receptive_field(nlp) == 6
    # a layer not known to read its own token only: no window can be trusted
    monkeypatch.setattr(selective, "_PER_TOKEN", selective._PER_TOKEN - {"maxout"})
    assert receptive_field(nlp) is None


NER_MODEL: dict[str, Any] = {
    "@architectures": "spacy.TransitionBasedParser.v2",
    "state_type": "ner",
    "extra_state_tokens": False,
    "hidden_width": 16,
    "maxout_pieces": 2,
    "use_upper": True,
    "nO": None,
}


def test_triggers_are_capitals_digits_and_currency_but_not_an_initial_stop_word() -> None:
    doc = load_pipeline().make_doc(
        "The U.S. paid $5 on Monday. US aid fell. He said The Hague won."
    )
    starts = [t.i for t in doc if t.i == 0 or doc[t.i - 1].text == "."]
    assert [doc[i].text for i in starts] == ["The", "US", "He"]  # "us" is a stop word too
    marked = [
        t.text for t, is_trigger in zip(doc, triggers(doc, starts), strict=True) if is_trigger
    ]
    assert marked == ["U.S.", "$", "5", "Monday", "US", "The", "Hague"]


def test_window_plan_recognizes_only_near_capitals() -> None:
    nlp = load_pipeline()
    text = (
        LEDE + "Putin met the man who had been waiting at the old station for a long time in "
        "the cold rain.\n\n" + FILLER + "“Never,” Putin said."
    )
    doc = nlp.make_doc(text)
    starts = _sentence_starts(doc, SelectiveParser(nlp).splitter.predict([doc])[0])

    units = _Units.of(doc, starts)
    _, names = plan(doc, starts, SelectiveConfig(), 4)
    windows = {i for start, end in names for i in range(start, end)}
    named = named_sentences(units, _hot_units(units, SelectiveConfig()))
    sentences = {
        i for (start, end), take in zip(units.bounds, named, strict=True) if take
        for i in range(start, end)
    }  # fmt: skip
    putin = next(t.i for t in doc if t.text == "Putin" and t.i > 10)
    rain = next(t.i for t in doc if t.text == "rain")
    assert set(range(putin - 4, putin + 5)) <= windows  # the recognizer's whole field
    assert putin + 5 not in windows and rain not in windows  # "had", "rain": no capital near
    assert {putin + 5, rain} <= sentences  # their sentences may name someone
    assert len(windows) < len(sentences)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_windows_give_each_trigger_its_whole_article_vector(path: Path) -> None:
    nlp = load_pipeline()
    runner = SelectiveParser(nlp)
    assert runner.window == 4
    doc = nlp.make_doc(path.read_text(encoding="utf-8"))
    starts = _sentence_starts(doc, runner.splitter.predict([doc])[0])
    tok2vec = cast(Any, nlp.get_pipe("ner")).model.get_ref("tok2vec")
    whole = tok2vec.predict([doc])  # one row per token
    units = _Units.of(doc, starts)
    named = named_sentences(units, _hot_units(units, runner.config))
    source = numpy.zeros(len(doc), dtype=bool)
    for (start, end), take in zip(units.bounds, named, strict=True):
        source[start:end] = take
    at = numpy.flatnonzero(triggers(doc, starts) & source)
    assert len(at) > 20

    def differing(width: int) -> int:
        _, windows = plan(doc, starts, runner.config, width)
        joined, positions = _joined(doc, windows, doc.text)
        part = tok2vec.predict([joined])
        where = {int(p): n for n, p in enumerate(positions) if p >= 0}
        return sum(not numpy.allclose(part[where[i]], whole[i], atol=1e-6) for i in at.tolist())

    assert differing(4) == 0
    assert differing(2) > 0  # a narrower window changes what the recognizer reads


def test_joined_stretches_keep_the_tokenizers_norms() -> None:
    doc = load_pipeline().make_doc("It was a concession\xa0». He said “Never” and left.")
    assert [t.norm_ for t in doc][4:6] == ["  ", '"']  # special cases, not the lexemes' norms
    joined, positions = _joined(doc, [(0, 3), (4, len(doc))], doc.text)
    kept = [i for i in positions.tolist() if i >= 0]
    assert kept == [0, 1, 2, *range(4, len(doc))]
    assert [t.norm_ for t in joined if t.text != "\n\n"] == [doc[i].norm_ for i in kept]


def test_an_article_with_nothing_to_recognize() -> None:
    [doc] = SelectiveParser(load_pipeline()).pipe(["nothing to see here, and nothing said."])
    assert doc._.quotes == [] and not doc.ents


def test_tokens_the_recognizer_skips_carry_no_entity_type() -> None:
    text = (
        LEDE + "Talks dragged on for many long hours without any sign of progress at all.\n\n"
        "“We will not back down,” Putin said."
    )
    [doc] = SelectiveParser(load_pipeline()).pipe([text])
    progress = next(t for t in doc if t.text == "progress")  # no capital near: not recognized
    assert (progress.ent_iob_, progress.ent_type_) == ("O", "")
    assert [e.text for e in doc.ents if e.label_ == "PERSON"][-1] == "Putin"


def test_a_quotes_first_sentence_is_parsed_when_the_splitter_leaves_its_mark_behind() -> None:
    text = LEDE + (
        '"My name may not be on the ballot," Mr. Obama said at the gala in Washington, '
        'where Mrs. Clinton also spoke. "Tolerance is on the ballot. Democracy is on the '
        'ballot. Justice is on the ballot."'
    )
    nlp = load_pipeline()
    runner = SelectiveParser(nlp)
    doc = nlp.make_doc(text)
    starts = _sentence_starts(doc, runner.splitter.predict([doc])[0])
    tolerance = next(t.i for t in doc if t.text == "Tolerance")
    assert tolerance in starts and doc[tolerance - 1].text == '"'  # the mark stayed behind
    parsed, _ = plan(doc, starts, runner.config, runner.window)
    words = {t.text for start, end in parsed for t in doc[start:end]}
    assert {"Tolerance", "Democracy"} <= words  # the interior is parsed: about reads it
    [_, second] = runner(text)._.quotes
    [_, expected] = nlp(text)._.quotes
    assert second.speaker is not None and expected.speaker is not None
    assert second.speaker.name == expected.speaker.name == "Obama"


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
def test_full_parse_switch_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, value: str | None, expected: bool
) -> None:
    if value is None:
        monkeypatch.delenv("QUOTES_FULL_PARSE", raising=False)
    else:
        monkeypatch.setenv("QUOTES_FULL_PARSE", value)
    assert full_parse_default() is expected


@pytest.mark.parametrize(
    "text, ranges",
    [
        ("It was a concession\xa0». He said “Never” and left.\n\nThen he went.", [(0, 4), (5, 12)]),
        ("One.\n\nTwo words here.\nThree\n", [(0, 2), (2, 9)]),
        ("Putin spoke.", [(0, 3)]),
    ],
)
def test_copies_are_what_as_doc_gives(text: str, ranges: list[tuple[int, int]]) -> None:
    nlp = load_pipeline()
    runner = SelectiveParser(nlp)
    doc = nlp.make_doc(text)
    heads = runner.heads
    array = doc.to_array(heads)
    for (start, end), copy in zip(ranges, runner._copies(doc, ranges, text), strict=True):
        # Span.as_doc's array arguments are in spaCy's .pyx, not in its type stubs.
        expected = doc[start:end].as_doc(array_head=heads, array=array)  # type: ignore[call-arg]
        assert [t.text_with_ws for t in copy] == [t.text_with_ws for t in expected]
        assert [t.norm_ for t in copy] == [t.norm_ for t in expected]
        assert numpy.array_equal(copy.to_array(heads), expected.to_array(heads))


def _paragraph_sentences_by_token(doc: Doc) -> Doc:
    """The token loop ``paragraph_sentences`` replaced, to compare with."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if previous.is_space and "\n" in previous.text and not token.is_space:
            token.is_sent_start = True
    return doc


@pytest.mark.parametrize(
    "text",
    [
        "Headline here\n\nThe body starts. It goes on.\nA line\n \n\nLast",
        "No break at all, just words.",
        "\n\nStarts with breaks\n",
        "Two  spaces  are not a break.\t Nor a tab.",
        "x",
    ],
)
def test_paragraph_sentences_on_arrays_gives_the_token_loops_starts(text: str) -> None:
    from quotes.nlp.pipeline import paragraph_sentences

    nlp = load_pipeline()
    fast, slow = (
        paragraph_sentences(nlp.make_doc(text)),
        _paragraph_sentences_by_token(nlp.make_doc(text)),
    )
    assert [t.is_sent_start for t in fast] == [t.is_sent_start for t in slow]


@pytest.mark.parametrize(
    "text, runs",
    [
        ("We are gon na stop it.", True),  # "gon na"
        ("They ai n't here.", True),
        ("There is a problem.", True),  # "there" (expl) + "is"
        ("The plan is good and the talks were long.", False),  # "is", but no "there"
        ("Nobody ate anything.", False),
        ("We all went home.", False),  # "all", but not after "y'"
        ("y'all come back now.", True),  # "y'" + "all"
    ],
)
def test_two_token_rules_run_only_when_they_can_match(text: str, runs: bool) -> None:
    nlp = load_pipeline()
    table = AttributeTable(cast(AttributeRuler, nlp.get_pipe("attribute_ruler")))
    calls: list[Doc] = []
    multi = table.multi

    def counted(d: Doc) -> Any:
        calls.append(d)
        return multi(d)

    table.multi = cast(Any, counted)
    ruled, tabled = nlp.make_doc(text), nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name in ("ner", "quote_attribution"):
            continue
        ruled = proc(ruled)
        tabled = table(tabled) if name == "attribute_ruler" else proc(tabled)
    assert bool(calls) is runs
    attrs = [POS, MORPH, LEMMA, TAG, DEP, HEAD]
    assert numpy.array_equal(ruled.to_array(attrs), tabled.to_array(attrs))
