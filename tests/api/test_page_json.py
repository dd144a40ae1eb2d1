"""The SQLite-built JSON page says exactly what the row-by-row page says."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from sqlalchemy import text

from api.reads import QuoteFilter, quote_page, quote_page_json
from quotes.models import Article, EntityRef, Quote, TextSpan
from quotes.store.database import Store


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
    assert {a["name"] for a in page["about"]} == {"Berlin", "Paris", "Moscow"}
    ids = [a["id"] for a in page["about"]]
    assert ids == sorted(ids)  # entity id order, as the quote_about primary key gives them
    assert page["confidence"] == round(0.81254, 3)


def _about_quote(start: int, text: str, about: str) -> Quote:
    return Quote(
        start=start, end=start + 5, text=text[start : start + 5],
        speaker=EntityRef("Lena Ortiz", "person"), about=(EntityRef(about, "person"),),
        rule="cue", confidence=0.5,
    )  # fmt: skip


def test_stored_about_lists_follow_a_rename(tmp_path: Path) -> None:
    """A quote's stored ``about`` JSON takes an entity's better name when a later article
    gives it; the page built from the stored lists equals the row-by-row page."""
    with Store.open(f"sqlite:///{tmp_path / 'rename.db'}") as store:
        first = "Ortiz spoke about Peskov at length."
        store.add_article(Article(text=first, id="r1"), [_about_quote(0, first, "Peskov")])
        second = "Ortiz spoke about Dmitry Peskov again."
        store.add_article(Article(text=second, id="r2"), [_about_quote(0, second, "Dmitry Peskov")])
        (ortiz,) = [e.id for e in store.find_entities("Lena Ortiz")]
        expected, built = _pages(store, QuoteFilter(speakers=[ortiz]), 10, 0)
        assert built == expected
        names = [a["name"] for q in orjson.loads(built) for a in q["about"]]
        assert names == ["Dmitry Peskov", "Dmitry Peskov"]
        with store.engine.connect() as connection:
            stored = connection.execute(text("SELECT about_json FROM quotes")).scalars().all()
        assert all(s is not None and "Dmitry Peskov" in s for s in stored)


def test_upgrade_writes_the_about_lists_of_stored_quotes(store: Store, tmp_path: Path) -> None:
    """Revision 0003 fills ``about_json`` for quotes written before it."""
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as copy:  # this module's store, as it is now
        with sqlite3.connect(str(store.engine.url.database)) as source:
            source.backup(copy)
        copy.execute("ALTER TABLE quotes DROP COLUMN about_json")
        for later in ("url", "outlet"):  # added by a later revision (0006)
            copy.execute(f"ALTER TABLE articles DROP COLUMN {later}")
        for column in ("how", "start", '"end"'):  # migration 0005's columns
            copy.execute(f"ALTER TABLE quote_about DROP COLUMN {column}")
        copy.execute("ALTER TABLE quotes DROP COLUMN kind")  # 0004's: not there at 0002
        copy.execute("UPDATE alembic_version SET version_num = '0002'")
    with Store.open(f"sqlite:///{path}") as old:
        with old.engine.connect() as connection:
            missing = connection.execute(
                text("SELECT count(*) FROM quotes WHERE about_json IS NULL")
            ).scalar_one()
        assert missing == 0
        for speaker in [s.entity.id for s in old.search_speakers("", limit=500)]:
            expected, built = _pages(old, QuoteFilter(speakers=[speaker]), 50, 0)
            assert built == expected
