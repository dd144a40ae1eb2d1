"""The cheap limits of :mod:`quotes.text.budget`, checked before any parse, and the tokenizer that
cuts endless runs: the Doc's text is the article, character for character."""

from __future__ import annotations

import pytest

from quotes.errors import BudgetError
from quotes.nlp.extract import extract
from quotes.nlp.pipeline import load_pipeline
from quotes.text.budget import MAX_CHARS, MAX_MARKS, MAX_RUN, SPLIT_RUN, check


@pytest.mark.parametrize(
    "text, limit",
    [
        ("a " * (MAX_CHARS // 2 + 1), "characters"),
        ("x" * (MAX_RUN + 1), "token"),
        ("ok " + "$" * (MAX_RUN + 1) + " ok", "token"),
        ('"' * 100_000, "token"),  # one endless token of marks: the run is over first
        ('" ' * (MAX_MARKS + 1), "marks"),
        ("it's " * (MAX_MARKS + 1), "marks"),  # apostrophes are marks too
        ("„a“ «b» " * (MAX_MARKS // 4 + 1), "marks"),  # every style counts, each glyph once
        ("x" * 3_000 + "\u200b" + "x" * 3_000, "token"),  # a zero-width space is no space
        # within every limit: no error
        ("a " * (MAX_CHARS // 2), None),
        ("x" * MAX_RUN, None),
        ('" ' * MAX_MARKS, None),
        ("„a“ «b» " * (MAX_MARKS // 4), None),
        ("x" * 3_000 + "\u00a0" + "x" * 3_000, None),  # a no-break space splits the run
        ("x" * 3_000 + "\u3000" + "x" * 3_000, None),  # so does an ideographic space
        ("Vladimir Putin " * 20_000, None),  # short words: the check is linear (was 36 ms)
        ("“We will see,” said Mara Velkin.", None),
    ],
)
def test_cheap_limits(text: str, limit: str | None) -> None:
    if limit is None:
        check(text)
        return
    with pytest.raises(BudgetError) as caught:
        check(text)
    assert caught.value.limit == limit
    assert "the limit is" in str(caught.value)


@pytest.mark.parametrize(
    "text",
    [
        "$" * (SPLIT_RUN * 10 + 3),
        "“" + "a" * 500 + "”, said Ravi Orrin.",
        'He said: "' + "x" * 200 + '" and left.  Twice   spaced\n\n' + "-" * 130,
        "https://example.org/" + "path/" * 40 + "?q=1 then words.",
        "short words only, no long run at all.",
    ],
)
def test_cut_runs_keep_the_text_and_every_offset(text: str) -> None:
    doc = load_pipeline().make_doc(text)
    assert doc.text == text
    assert all(len(token.text) <= SPLIT_RUN for token in doc)
    assert all(text[t.idx : t.idx + len(t.text)] == t.text for t in doc)


def test_a_quote_next_to_a_long_run_is_still_found() -> None:
    text = "$" * 3_000 + " “The bridge is safe,” said Ravi Orrin, the director."
    quotes = extract(text)
    assert [q.text for q in quotes] == ["The bridge is safe"]
    assert quotes[0].speaker is not None and quotes[0].speaker.name == "Ravi Orrin"
