"""The SQLite-built JSON page says exactly what the row-by-row page says."""

from __future__ import annotations

from collections.abc import Iterator

import orjson
import pytest

from api.reads import QuoteFilter, quote_page, quote_page_json
from quotes.models import Article, EntityRef, Quote, TextSpan
from quotes.store import Store


@pytest.fixture(scope="module")
def store(db_url: str) -> Iterator[Store]:
    store = Store.open(db_url)
    # A quote about several entities, and a confidence that is not already rounded.
    text = "“Berlin and Paris must talk to Moscow,” said Ana Ruiz, a diplomat."
    quote = Quote(
        start=1, end=37, text=text[1:37], speaker=EntityRef("Ana Ruiz", "person"),
        role="diplomat", speaker_mention=TextSpan("Ana Ruiz", 44, 52),
        cue=TextSpan("said", 39, 43), rule="cue", confidence=0.81254,
        about=(EntityRef("Berlin", "place"), EntityRef("Paris", "place"),
               EntityRef("Moscow", "place")),
    )  # fmt: skip
    store.add_article(Article(text=text, id="json-page", published="2021-12-30"), [quote])
    yield store
    store.close()


def _pages(store: Store, where: QuoteFilter, limit: int, offset: int) -> tuple[bytes, bytes]:
    rows, count = quote_page(store, where, limit=limit, offset=offset)
    built = quote_page_json(store, where, limit=limit, offset=offset)
    assert built is not None, "SQLite builds the page itself"
    body, n, total = built
    assert (n, total) == (len(rows), count)
    return orjson.dumps(rows), body


@pytest.mark.parametrize("limit, offset", [(50, 0), (2, 1), (1, 0), (5, 1000)])
def test_json_page_equals_the_row_page_for_every_speaker(
    store: Store, limit: int, offset: int
) -> None:
    speakers = [s.entity.id for s in store.search_speakers("", limit=500)]
    assert speakers
    for speaker in speakers:
        expected, built = _pages(store, QuoteFilter(speakers=[speaker]), limit, offset)
        assert orjson.loads(built) == orjson.loads(expected)
        assert built == expected


def test_several_about_entries_in_order(store: Store) -> None:
    (ruiz,) = [e.id for e in store.find_entities("Ana Ruiz")]
    expected, built = _pages(store, QuoteFilter(speakers=[ruiz]), 10, 0)
    assert built == expected
    (page,) = orjson.loads(built)
    assert [a["name"] for a in page["about"]] == ["Berlin", "Paris", "Moscow"]
    assert page["confidence"] == round(0.81254, 3)
