"""Hostile texts through :func:`quotes.nlp.extract.extract`: no crash, no hang, sane offsets.

Property-based (hypothesis, derandomized): thousands of short texts from
:mod:`reliability.hostile`, then the big ones by hand: a single paragraph of 50,000 words
full of quotes, and texts at and just over :data:`quotes.nlp.extract.MAX_CHARS`. An input either
gives quotes whose offsets point at their own text, or is refused with an
:class:`~quotes.errors.InputError`; nothing else may escape, and each text finishes within
its time budget (5 s plus 2 ms a word: about five times the slowest measured, the
50,000-word paragraph at 0.35 ms a word).
"""

from __future__ import annotations

import time

import pytest
from hypothesis import example, given

from quotes.errors import InputError
from quotes.models import Quote
from quotes.nlp.extract import MAX_CHARS, extract
from reliability.hostile import fuzz_settings, hostile_text, long_paragraph
from reliability.support import FUZZ_COUNTS, MARKS

# About five times the slowest measured: the 50,000-word paragraph, 0.35 ms a word (18 s).
_BASE_BUDGET_S = 5.0
_PER_WORD_S = 0.002


def _budget(text: str) -> float:
    return _BASE_BUDGET_S + _PER_WORD_S * len(text.split())


def _check_quotes(text: str, quotes: list[Quote]) -> None:
    for quote in quotes:
        assert 0 <= quote.start < quote.end <= len(text), quote
        assert text[quote.start : quote.end] == quote.text, quote
        assert 0.0 <= quote.confidence <= 1.0


def _extract_in_budget(text: str) -> list[Quote] | InputError:
    started = time.monotonic()
    try:
        result: list[Quote] | InputError = extract(text)
    except InputError as err:
        result = err
    elapsed = time.monotonic() - started
    assert elapsed < _budget(text), f"{elapsed:.1f} s for {len(text):,} characters"
    return result


@fuzz_settings(6000)
@given(text=hostile_text())
@example(text="")
@example(text="\x00")
@example(text=MARKS)
@example(text=MARKS[::-1] * 20)
@example(text="He said \x00“hi\x00”.\x00")
@example(text="”Reversed“ she said. »Auch« er sagte. «Oui» dit-il. ‚Ja‘ sagte sie.")
@example(text="<p>He said &quot;<b>no</b>&quot;</p><script>alert('“x”')</script>")
@example(text='قال الرئيس «هذا جيد» يوم الاثنين. אמר \u202e"שלום"\u202c הוא.')
def test_extract_survives_hostile_text(text: str) -> None:
    FUZZ_COUNTS["extract()"] += 1
    result = _extract_in_budget(text)
    # Any str the strategy makes can be parsed; a blank one has no quotes.
    assert not isinstance(result, InputError), result
    assert text.strip() or result == [], "a blank text has no quotes"
    _check_quotes(text, result)


@pytest.mark.slow
def test_one_paragraph_of_fifty_thousand_words() -> None:
    text = long_paragraph(50_000)
    assert "\n" not in text and len(text.split()) == 50_000
    result = _extract_in_budget(text)
    assert not isinstance(result, InputError), result
    assert result, "a text full of quotation marks gave no quote at all"
    _check_quotes(text, result)


def test_text_at_the_limit_is_extracted() -> None:
    suffix = ' "hi," he said'
    words = "the council will meet again " * (MAX_CHARS // 28 + 1)  # words: no endless run
    text = words[: MAX_CHARS - len(suffix)] + suffix
    assert len(text) == MAX_CHARS
    result = _extract_in_budget(text)
    assert not isinstance(result, InputError), result


@pytest.mark.parametrize("extra", [1, 1000])
def test_text_over_the_limit_is_refused_at_once(extra: int) -> None:
    text = "a" * (MAX_CHARS + extra)
    started = time.monotonic()
    with pytest.raises(InputError, match="limit"):
        extract(text)
    assert time.monotonic() - started < 1.0


@pytest.mark.parametrize("bad", ['He said "\ud800".', "\udfff", "a\udc80b said “x”"])
def test_lone_surrogates_are_input_errors(bad: str) -> None:
    with pytest.raises(InputError, match="surrogate"):
        extract(bad)


@pytest.mark.parametrize("bad", [None, 42, b'bytes said "x"', ["a list"]])
def test_non_text_is_an_input_error(bad: object) -> None:
    with pytest.raises(InputError):
        extract(bad)  # type: ignore[arg-type]
