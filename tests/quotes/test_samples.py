"""End to end on the five sample articles in data/articles (expectations in tests/data)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from quotes import extract_many
from quotes.models import Quote, about_how
from quotes.nlp.speakers import PRONOUNS

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = sorted((ROOT / "data" / "articles").glob("*.txt"))
EXPECTED = [
    row
    for row in csv.reader(
        (ROOT / "tests" / "data" / "sample_quotes.tsv").read_text(encoding="utf-8").splitlines(),
        delimiter="\t",
    )
    if row and not row[0].startswith("#")
]


@pytest.fixture(scope="module")
def quotes_by_article() -> dict[str, list[Quote]]:
    texts = [path.read_text(encoding="utf-8") for path in ARTICLES]
    results = dict(zip((p.name for p in ARTICLES), extract_many(texts), strict=True))
    assert all(isinstance(quotes, list) for quotes in results.values()), results
    return {name: quotes for name, quotes in results.items() if isinstance(quotes, list)}


def test_there_are_five_sample_articles() -> None:
    assert len(ARTICLES) == 5


@pytest.mark.parametrize("article, start, speaker", EXPECTED)
def test_expected_speaker(
    quotes_by_article: dict[str, list[Quote]], article: str, start: str, speaker: str
) -> None:
    # a quoted fragment of reported speech is inside its mixed record, not a record of its own
    found = [
        q for q in quotes_by_article[article]
        if q.text.startswith(start) or q.kind == "mixed" and start in q.text
    ]  # fmt: skip
    assert found, f"no quote starting {start!r} in {article}"
    assert any(q.speaker is not None and q.speaker.name == speaker for q in found), found


def test_no_speaker_is_a_pronoun(quotes_by_article: dict[str, list[Quote]]) -> None:
    for quotes in quotes_by_article.values():
        for q in quotes:
            assert q.speaker is None or q.speaker.name.lower() not in PRONOUNS


def test_newspaper_name_is_not_a_quote(quotes_by_article: dict[str, list[Quote]]) -> None:
    texts = {q.text for quotes in quotes_by_article.values() for q in quotes}
    assert "Welt" not in texts


def test_spelling_variants_are_one_person_within_an_article(
    quotes_by_article: dict[str, list[Quote]],
) -> None:
    putin = [
        q for q in quotes_by_article["004_2c0f0914c83cbc66.txt"]
        if q.speaker is not None and q.speaker.name == "Vladimir Putin"
    ]  # fmt: skip
    assert putin and "Vladimir Poutin" in putin[0].speaker.aliases  # type: ignore[union-attr]


def test_offsets_and_provenance(quotes_by_article: dict[str, list[Quote]]) -> None:
    for path in ARTICLES:
        text = path.read_text(encoding="utf-8")
        for q in quotes_by_article[path.name]:
            assert text[q.start : q.end] == q.text
            if q.cue is not None:
                assert text[q.cue.start : q.cue.end] == q.cue.text
            if q.speaker_mention is not None:
                m = q.speaker_mention
                assert text[m.start : m.end] == m.text


@pytest.mark.parametrize(
    "article, words, speaker, target, how",
    [
        # "While Putin, according to Ushakov, was 'satisfied' with the phone call"
        ("002_c370c7b379c2e6df.txt", "satisfied", "Yuri Ushakov", "Vladimir Putin", "frame"),
        # "Biden had threatened the Russian President with sanctions, 'as he has never seen'"
        ("002_c370c7b379c2e6df.txt", "as he has never seen", "Joe Biden", "Vladimir Putin",
         "pronoun"),
        ("001_90947641891804dd.txt", "harsh sanctions on the Russian economy", None, "Russia",
         "name"),
    ],
)  # fmt: skip
def test_whom_sample_quotes_are_about(
    quotes_by_article: dict[str, list[Quote]],
    article: str,
    words: str,
    speaker: str | None,
    target: str,
    how: str,
) -> None:
    quote = next(q for q in quotes_by_article[article] if words in q.text)
    if speaker is not None:
        assert quote.speaker is not None and quote.speaker.name == speaker
    about = {r.name: about_how(r) for r in quote.about}
    assert about.get(target) == how, about


def test_no_sample_quote_is_about_its_speaker(quotes_by_article: dict[str, list[Quote]]) -> None:
    quotes = [q for qs in quotes_by_article.values() for q in qs if q.speaker is not None]
    assert all(q.speaker.name not in {r.name for r in q.about} for q in quotes)  # type: ignore[union-attr]
