"""The one default parse path (selective) against the full parse kept for comparison: the
same records on made-up articles, the switch, and the fallback for an unchecked model."""

from __future__ import annotations

import logging

import pytest

from quotes.models import Quote
from quotes.nlp import pipeline
from quotes.nlp.extract import extract, extract_many
from quotes.nlp.selective import SelectiveParser

FILLER = "The weather was cold. Trains ran late. Shops closed early.\n\n"

# Made-up articles: direct quotes, reported speech far from any quote mark, "according to",
# a title given once and read for a later quote, a pronoun speaker, a headline label.
ARTICLES = [
    "Russian President Vladimir Putin met reporters in Moscow on Monday.\n\n"
    + FILLER
    + "“We will not back down,” Putin said.",
    "Kremlin spokesman Dmitry Peskov spoke on Tuesday.\n\n"
    + FILLER
    + "He said the talks with Kyiv had failed.\n\n"
    + FILLER
    + "“There is no progress,” he added.",
    "The plan was dropped, according to officials in Brussels.\n\n"
    + FILLER
    + "EU foreign policy chief Josep Borrell warned that sanctions would follow.",
    "Kremlin: the call was planned for the evening\n\n"
    + "Yuri Ushakov, a foreign policy adviser, told reporters the call would be long. "
    + FILLER
    + "“It will be a frank conversation,” Ushakov said. “We are ready.”",
    FILLER + "Nobody ate anything. The shops stayed closed.",  # nothing to attribute
]


def _records(quotes: list[Quote] | Exception) -> list[dict[str, object]]:
    assert not isinstance(quotes, Exception)
    return [q.to_dict() for q in quotes]


@pytest.mark.parametrize("text", ARTICLES, ids=range(len(ARTICLES)))
def test_selective_gives_the_full_parses_records(text: str) -> None:
    [selective] = extract_many([text], full_parse=False)
    [full] = extract_many([text], full_parse=True)
    assert _records(selective) == _records(full)


def test_the_made_up_articles_hold_what_the_comparison_is_about() -> None:
    # the comparison above must not pass vacuously: every kind is there
    kinds = {q.kind for text in ARTICLES for q in extract(text, full_parse=True)}
    assert {"direct", "indirect"} <= kinds
    assert extract(ARTICLES[-1], full_parse=True) == []


@pytest.mark.parametrize(
    "value, selective", [(None, True), ("0", True), ("1", False), ("yes", False)]
)
def test_the_default_is_selective_unless_quotes_full_parse(
    monkeypatch: pytest.MonkeyPatch, value: str | None, selective: bool
) -> None:
    if value is None:
        monkeypatch.delenv("QUOTES_FULL_PARSE", raising=False)
    else:
        monkeypatch.setenv("QUOTES_FULL_PARSE", value)
    runner = pipeline.load_selective()
    assert runner is not None
    runner.total_tokens = 0
    extract(ARTICLES[0])
    assert (runner.total_tokens > 0) is selective


def test_quotes_selective_is_gone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QUOTES_FULL_PARSE", raising=False)
    monkeypatch.setenv("QUOTES_SELECTIVE", "0")  # the old switch turns nothing off
    runner = pipeline.load_selective()
    assert runner is not None
    runner.total_tokens = 0
    extract(ARTICLES[0])
    assert runner.total_tokens > 0
    assert not hasattr(pipeline, "selective_default")


def test_an_unchecked_model_gets_the_full_parse_with_one_notice(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delenv("QUOTES_FULL_PARSE", raising=False)
    monkeypatch.setattr(pipeline, "_selective", {})
    monkeypatch.setattr(pipeline, "supports_selective", lambda nlp: False)
    ran: list[int] = []
    monkeypatch.setattr(SelectiveParser, "pipe", lambda self, *a, **k: ran.append(1))
    with caplog.at_level(logging.WARNING, logger="quotes.nlp.pipeline"):
        first = extract(ARTICLES[0])
        second = extract(ARTICLES[0])
    notices = [r for r in caplog.records if "full parse" in r.getMessage()]
    assert len(notices) == 1 and "\n" not in notices[0].getMessage()
    assert not ran and first == second and first[0].speaker is not None


@pytest.mark.parametrize(
    "word, expected",
    [
        ("said", True),  # the lemmatizer's exceptions
        ("says", True),
        ("admitted", True),  # a doubled consonant
        ("noted", True),
        ("told", True),
        ("Announcing", True),  # any case
        ("according", True),
        (":", True),
        ("spokesman", True),  # a role word
        ("senators", True),  # its plural
        ("ate", False),
        ("table", False),
        ("the", False),
        ("running", False),
        ("sayings", False),
    ],
)
def test_cue_words_before_the_parse(word: str, expected: bool) -> None:
    runner = pipeline.load_selective()
    assert runner is not None
    doc = runner.nlp.make_doc(f"x {word} x")
    assert [t.text for t in doc] == ["x", word, "x"]
    assert runner.cues(doc).tolist() == [False, expected, False]
