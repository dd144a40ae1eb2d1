"""Tests for quotes.evaluation.matching: when spans and speaker names match.

Each table has negative cases; together with the comparison against the reference scorer in
test_evaluation.py they pin the scorer's rules down one by one.
"""

from __future__ import annotations

import pytest

from quotes.evaluation import GoldQuote
from quotes.evaluation.matching import (
    NOWHERE,
    make_span,
    match_spans,
    mention_group,
    names_match,
    normalize_speaker,
    speaker_kind,
    speaker_matches,
    trim_span,
)
from quotes.evaluation.scoring import reliability


@pytest.mark.parametrize(
    "text, expected",
    [
        ("\u201cYes,\u201d", "Yes"),
        ("  'no.' ", "no"),
        ("\u00abnon\u00bb", "non"),
        ("plain", "plain"),
        ("\u201c\u201d", ""),  # nothing but marks: an empty span
    ],
)
def test_trim_span(text: str, expected: str) -> None:
    start, end = trim_span(text, 0, len(text))
    assert text[start:end] == expected


@pytest.mark.parametrize(
    "text, gold, pred, level, matched",
    [
        ("one two three four", "one two three four", "one two three four", "exact", True),
        (
            "\u201cone two three four,\u201d",
            "\u201cone two three four,\u201d",
            "one two three four",
            "exact",
            True,
        ),
        ("one two three four", "one two three four", "one two three", "exact", False),
        ("one two three four", "one two three four", "one two", "overlap", True),  # half
        ("one two three four", "one two three four", "one", "overlap", False),  # a quarter
        ("a b c d e", "a b c d e", "a b", "overlap", False),  # 2 of 5: under half
        ("one two three four", "one two three four", "one", "any", True),
        ("one two three four five six", "one two three four", "five six", "any", False),
        # Words are compared by position: the same word elsewhere is another word.
        ("one two | one two", "one two", "| one two", "any", False),
    ],
)
def test_span_levels(text: str, gold: str, pred: str, level: str, matched: bool) -> None:
    g = make_span(text, text.index(gold), text.index(gold) + len(gold))
    p = make_span(text, text.rindex(pred), text.rindex(pred) + len(pred))
    assert bool(match_spans([g], [p], level)) is matched


def test_unlocated_prediction_matches_nothing() -> None:
    g = make_span("a b c", 0, 5)
    assert match_spans([g], [NOWHERE], "any") == []


def test_greedy_matching_is_one_to_one() -> None:
    text = "alpha beta gamma delta"
    gold = [make_span(text, 0, 10), make_span(text, 11, 22)]
    pred = [make_span(text, 0, 22)]  # covers both: half of each... at most one may match
    assert match_spans(gold, pred, "overlap") == [(0, 0)]


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("Jen Psaki", "Psaki", True),
        ("Mr. Anthony Weiner", "Anthony Weiner", True),
        ("Joseph R. Biden Jr.", "Joe Biden", True),
        ("the spokesman", "spokesman", True),
        ("Trump's", "Donald Trump", True),
        ("Jen Psaki", "Jen Smith", False),
        ("Psaki", "Jen", False),
        ("Joe Biden", "Hunter Biden", False),
        ("Joe Biden", "Jane Biden", False),
        ("", "Psaki", False),
    ],
)
def test_names_match(a: str, b: str, same: bool) -> None:
    assert names_match(normalize_speaker(a), normalize_speaker(b)) is same


@pytest.mark.parametrize(
    "quote, predicted, mode, ok",
    [
        (GoldQuote(NOWHERE, "Chris Low at FTN Financial"), "Low", "strict", True),
        (GoldQuote(NOWHERE, "he"), "he", "strict", True),
        (GoldQuote(NOWHERE, "he", resolved="Donald Trump"), "he", "resolved", False),
        (GoldQuote(NOWHERE, "he", resolved="Donald Trump"), "Trump", "resolved", True),
        (GoldQuote(NOWHERE, "he", ("Trump",)), "Trump", "strict", False),
        (GoldQuote(NOWHERE, "he", ("Trump",)), "Trump", "lenient", True),
        (GoldQuote(NOWHERE, "an aide", resolved="an aide", named=False), "aide", "resolved", True),
        (
            GoldQuote(NOWHERE, "X", resolved="Ann Lee", corrected_speaker="Bo Kim"),
            "Kim",
            "resolved",
            True,
        ),
        (GoldQuote(NOWHERE, None), None, "strict", True),
        (GoldQuote(NOWHERE, None), "", "resolved", True),
        (GoldQuote(NOWHERE, None), "Jen Psaki", "strict", False),
        (GoldQuote(NOWHERE, "Jen Psaki"), None, "strict", False),
    ],
)
def test_speaker_matches(quote: GoldQuote, predicted: str | None, mode: str, ok: bool) -> None:
    assert speaker_matches(quote, predicted, mode) is ok


@pytest.mark.parametrize(
    "speaker, kind",
    [
        ("Jen Psaki", "name"),
        ("The Post", "name"),
        ("WALLACE", "name"),
        ("she", "pronoun"),
        ("the company", "nominal"),
        (None, "none"),
    ],
)
def test_speaker_kind(speaker: str | None, kind: str) -> None:
    assert speaker_kind(speaker) == kind


_ARTICLE = (
    "Ann Lee spoke first. \u201cWe will build it,\u201d she said. "
    "\u201cAnd soon.\u201d\nThe mayor, Bo Kim, agreed: \u201cYes.\u201d"
)


def _gold_at(quote: str, mention: str | None, cls: str | None = None, nth: int = 0) -> GoldQuote:
    start = _ARTICLE.index(quote)
    span = make_span(_ARTICLE, start, start + len(quote))
    if mention is None:
        return GoldQuote(span, None)
    where = [i for i in range(len(_ARTICLE)) if _ARTICLE.startswith(mention, i)][nth]
    return GoldQuote(
        span, mention, speaker_start=where, speaker_end=where + len(mention), mention_class=cls
    )


@pytest.mark.parametrize(
    "gold, group",
    [
        (_gold_at("\u201cWe will build it,\u201d", "she", "pron"), "pronoun"),
        # the mention is in the sentence before: a continuation whatever its form
        (_gold_at("\u201cAnd soon.\u201d", "she", "pron"), "continuation"),
        (_gold_at("\u201cYes.\u201d", "Bo Kim", "named"), "name"),
        (_gold_at("\u201cYes.\u201d", "The mayor", "nominal"), "description"),
        (_gold_at("\u201cYes.\u201d", "Ann Lee", "named"), "continuation"),
        # no mention class: the mention's shape decides
        (_gold_at("\u201cYes.\u201d", "The mayor"), "description"),
        (_gold_at("\u201cYes.\u201d", None), None),
    ],
)
def test_mention_group(gold: GoldQuote, group: str | None) -> None:
    assert mention_group(_ARTICLE, gold) == group


@pytest.mark.parametrize(
    "pairs, ece, n_bins",
    [
        ([(0.95, True), (0.95, True)], 0.05, 1),
        ([(0.9, True), (0.1, False)], 0.1, 2),
        ([(0.5, True), (0.5, False)], 0.0, 1),
        ([(1.0, False)], 1.0, 1),  # confidence 1.0 falls in the top bin
        ([], None, 0),
    ],
)
def test_reliability(pairs: list[tuple[float, bool]], ece: float | None, n_bins: int) -> None:
    table = reliability(pairs)
    assert table.ece == (pytest.approx(ece) if ece is not None else None)
    assert len(table.bins) == n_bins and table.n == len(pairs)
