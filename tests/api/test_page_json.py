"""A page's quotes in their public shape (:class:`quotes.store.reads.QuotePublic`): every key, the
``about`` list in entity id order, confidence rounded as Python rounds, names as they are now."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from pydantic import TypeAdapter

from quotes.models import Article, EntityRef, Quote, TextSpan
from quotes.store.database import Store
from quotes.store.reads import QuoteFilter, QuotePublic, quote_page

_SHAPE = TypeAdapter(list[QuotePublic])


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


@pytest.mark.parametrize("limit, offset", [(50, 0), (2, 1), (1, 0), (5, 1000)])
def test_every_speakers_page_holds_the_public_shape(store: Store, limit: int, offset: int) -> None:
    speakers = [s.entity.id for s in store.search_speakers("", limit=500)]
    assert speakers
    for speaker in speakers:
        rows, total = quote_page(store, QuoteFilter(speakers=[speaker]), limit=limit, offset=offset)
        body = orjson.loads(orjson.dumps(rows))
        assert orjson.loads(_SHAPE.dump_json(_SHAPE.validate_python(body))) == body
        assert len(rows) <= limit and total >= len(rows)


def test_one_quote_every_key(store: Store) -> None:
    (ruiz,) = [e.id for e in store.find_entities("Ana Ruiz")]
    (page,), total = quote_page(store, QuoteFilter(speakers=[ruiz]), limit=10, offset=0)
    assert total == 1
    assert list(page) == [
        "id", "text", "article_id", "published", "start", "end", "speaker", "mention", "cue",
        "role", "affiliation", "about", "rule", "confidence", "kind",
    ]  # fmt: skip
    assert page["id"] == "json-page:1-37" and page["published"] == "2021-12-30"
    assert page["speaker"] == {"id": ruiz, "name": "Ana Ruiz", "kind": "person"}
    assert page["mention"] == {"text": "Ana Ruiz", "start": 44, "end": 52}
    assert page["cue"] == {"text": "said", "start": 39, "end": 43}
    assert {a["name"] for a in page["about"]} == {"Berlin", "Paris", "Moscow"}
    ids = [a["id"] for a in page["about"]]
    assert ids == sorted(ids)  # entity id order, as the quote_about primary key gives them
    assert page["confidence"] == round(0.81254, 3) and page["kind"] == "direct"


@pytest.mark.parametrize("stored, shown", [(0.8125, 0.812), (0.8135, 0.814), (0.9, 0.9)])
def test_confidence_rounds_as_python_does(tmp_path: Path, stored: float, shown: float) -> None:
    with Store.open(f"sqlite:///{tmp_path / 'round.db'}") as store:
        text = "“We will see,” said Ana Ruiz."
        quote = Quote(
            start=1, end=13, text=text[1:13], speaker=EntityRef("Ana Ruiz", "person"),
            rule="cue", confidence=stored,
        )  # fmt: skip
        store.add_article(Article(text=text, id="round"), [quote])
        (ruiz,) = [e.id for e in store.find_entities("Ana Ruiz")]
        (page,), _ = quote_page(store, QuoteFilter(speakers=[ruiz]), limit=5, offset=0)
    assert page["confidence"] == shown == round(stored, 3)


def _about_quote(start: int, text: str, about: str) -> Quote:
    return Quote(
        start=start, end=start + 5, text=text[start : start + 5],
        speaker=EntityRef("Lena Ortiz", "person"), about=(EntityRef(about, "person"),),
        rule="cue", confidence=0.5,
    )  # fmt: skip


def test_about_lists_follow_a_rename(tmp_path: Path) -> None:
    """A quote's ``about`` entity takes its better name when a later article gives it."""
    with Store.open(f"sqlite:///{tmp_path / 'rename.db'}") as store:
        first = "Ortiz spoke about Peskov at length."
        store.add_article(Article(text=first, id="r1"), [_about_quote(0, first, "Peskov")])
        second = "Ortiz spoke about Dmitry Peskov again."
        store.add_article(Article(text=second, id="r2"), [_about_quote(0, second, "Dmitry Peskov")])
        (ortiz,) = [e.id for e in store.find_entities("Lena Ortiz")]
        rows, _ = quote_page(store, QuoteFilter(speakers=[ortiz]), limit=10, offset=0)
    assert [a["name"] for q in rows for a in q["about"]] == ["Dmitry Peskov", "Dmitry Peskov"]
