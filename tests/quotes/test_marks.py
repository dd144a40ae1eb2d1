"""Quote-mark pairing on raw text: every style, broken pairs, and what is not a quote."""

from __future__ import annotations

import pytest

from quotes.text.marks import find_quotes


def quoted(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quotes(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("He said “we will win” today.", ["we will win"]),
        ('He said "we will win" today.', ["we will win"]),
        ("Il a dit «nous gagnerons» hier.", ["nous gagnerons"]),
        ("Il a dit « nous gagnerons » hier.", ["nous gagnerons"]),
        ("Er sagte „wir gewinnen“ heute.", ["wir gewinnen"]),
        ("Il a dit ‹oui› hier.", ["oui"]),
        ("The headline: ‘Putin warns West’", ["Putin warns West"]),
        ("“He told me ‘no’ twice,” she said.", ["He told me ‘no’ twice"]),
        ("a dialogue ” effective “ and “mutual respect” was", ["effective", "mutual respect"]),
        ("“the problems between us”Kremlin spokesman", ["the problems between us"]),
        ("''We're America,'' he said. ''Yes.''", ["We're America", "Yes."]),
        ("Russia is “satisfied” now.", ["satisfied"]),
        # negative cases: apostrophes, possessives and lone marks are not quotes
        ("Putin’s aide didn’t call.", []),
        ("the countries’ leaders met", []),
        ("A lone “ mark.", []),
        ("“ ”", []),
        ('<tweet id="123" author="x">text</tweet>', []),
    ],
)
def test_pairs(text: str, expected: list[str]) -> None:
    assert quoted(text) == expected


def test_quote_over_several_paragraphs_is_one_quote() -> None:
    text = "He said:\n\n“First part.\n\n“Second part.\n\n“Last part.” Then he left."
    spans = find_quotes(text)
    assert len(spans) == 1
    assert text[spans[0].start : spans[0].end].startswith("First part.")
    assert text[spans[0].start : spans[0].end].endswith("Last part.")
    assert spans[0].paragraphs == 3


def test_unclosed_mark_does_not_cost_the_rest_of_the_article() -> None:
    text = "A stray “ opens here and never closes.\n\nLater “this one” is fine.\n\nAnd “this”."
    assert quoted(text) == ["this one", "this"]


def test_offsets_point_into_the_text() -> None:
    text = "X said “a” and “b c”."
    for q in find_quotes(text):
        assert text[q.outer_start] == "“" and text[q.outer_end - 1] == "”"
        assert text[q.start : q.end] in ("a", "b c")


def test_transcript_turns_are_quotes_of_their_own() -> None:
    text = (
        'Transcript:\n\n"HOST: Let us start. Is it true?\n\n"GUEST: Well, it is.\n\n'
        '"And there is more.\n\n"HOST: Thanks.\n\nFollow us.'
    )
    assert quoted(text) == [
        "HOST: Let us start. Is it true?",
        'GUEST: Well, it is.\n\n"And there is more.',
        "HOST: Thanks.",
    ]
