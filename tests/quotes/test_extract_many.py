"""``extract_many`` never aborts a batch: every text gets its own result, in its place.

A blank text gives ``[]``; a text that cannot be parsed gives its :class:`InputError`, yielded
where its quotes would be; every other text in the same batch still gets its quotes. Checked
with the full parse and the selective one, at batch sizes that put the bad texts at the
start, middle and end of a batch and alone in one.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from quotes import extract, extract_many
from quotes.errors import InputError
from quotes.nlp.extract import MAX_CHARS, extract_batch

SAID = '"We will not accept this," Olaf Scholz said on Tuesday.'
NONE = "No quotes here."
TOO_LONG = "a" * (MAX_CHARS + 1)
SURROGATE = 'He said "hi \ud800 there".'

# (label, text, expected): "quote" = one quote by Olaf Scholz, [] = no quotes, or the error
# message the text gives in its place.
CASES = {
    "said": (SAID, "quote"),
    "none": (NONE, []),
    "empty": ("", []),
    "blank": (" \n\t ", []),
    "too long": (TOO_LONG, "characters; the limit is"),
    "surrogate": (SURROGATE, "lone surrogate"),
    "not text": (42, "expected text as str, got int"),
}


def _check(result: object, expected: object) -> None:
    if expected == "quote":
        assert isinstance(result, list) and len(result) == 1
        assert result[0].speaker is not None and result[0].speaker.name == "Olaf Scholz"
    elif isinstance(expected, str):
        assert isinstance(result, InputError) and expected in str(result), result
    else:
        assert result == expected


@pytest.mark.parametrize(
    "labels",
    [
        ["said", "none", "empty"],  # the batch: no error, two without quotes
        ["empty", "said", "blank", "said"],
        ["too long", "said", "surrogate", "none", "not text", "said"],
        ["said", "said", "too long"],  # an error after the last parsed text
        ["surrogate", "not text", "empty"],  # nothing at all to parse
        ["said"],
        [],
    ],
)
@pytest.mark.parametrize("batch_size", [1, 2, 16])
@pytest.mark.parametrize("full_parse", [False, True])
def test_a_mixed_batch_gives_each_text_its_own_result(
    labels: list[str], batch_size: int, full_parse: bool
) -> None:
    texts = [CASES[label][0] for label in labels]
    # Some cases are not text on purpose: each must come back as its own InputError.
    results = list(extract_many(texts, batch_size=batch_size, full_parse=full_parse))  # type: ignore[arg-type]
    assert len(results) == len(texts)
    for label, result in zip(labels, results, strict=True):
        _check(result, CASES[label][1])


def test_results_are_the_same_as_one_text_at_a_time() -> None:
    texts = [SAID, "", NONE, SURROGATE, SAID.replace("Olaf Scholz", "Ursula von der Leyen")]
    together = list(extract_many(texts, batch_size=4))
    alone = [next(extract_many([text])) for text in texts]
    assert [r if isinstance(r, list) else str(r) for r in together] == [
        r if isinstance(r, list) else str(r) for r in alone
    ]


def test_extract_many_is_lazy_over_its_input() -> None:
    # A stream is read as it is consumed, not all at once (ingest feeds millions of texts).
    read: list[int] = []

    def stream() -> Iterator[str]:
        for i in range(100):
            read.append(i)
            yield SAID if i % 2 else ""

    results = extract_many(stream(), batch_size=4)
    _check(next(results), [])
    assert len(read) < 20


@pytest.mark.parametrize(
    "text, expected",
    [(SAID, "quote"), ("", []), ("   ", []), (TOO_LONG, "the limit is"), (SURROGATE, "surrogate")],
)
def test_extract_returns_quotes_or_raises_the_error(text: str, expected: object) -> None:
    if isinstance(expected, str) and expected != "quote":
        with pytest.raises(InputError, match=expected):
            extract(text)
    else:
        _check(extract(text), expected)


def test_extract_batch_refuses_a_blank_article_but_keeps_the_others() -> None:
    # For the store a blank article is an error (nothing to store), not an article of no quotes.
    results = extract_batch([SAID, "  ", NONE, SURROGATE])
    _check(results[0], "quote")
    assert isinstance(results[1], InputError) and "empty" in str(results[1])
    assert results[2] == []
    _check(results[3], "lone surrogate")
