"""The read path's name lookup and filters (:mod:`quotes.store.reads`), on a small made-up store,
on SQLite and PostgreSQL (``store_url``: the rowid and ``about_json`` on one, the primary key
and ``quote_about`` on the other)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import orjson
import pytest

from quotes.models import Article, EntityRef, Quote
from quotes.store import reads
from quotes.store.database import Store


def _quote(text: str, start: int, speaker: str, about: str | None = None, **kw: object) -> Quote:
    return Quote(
        start=start, end=start + 10, text=text[start : start + 10],
        speaker=EntityRef(speaker, "person"),
        about=(EntityRef(about, "person"),) if about else (), rule="cue", **kw,  # type: ignore[arg-type]
    )  # fmt: skip


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with Store.open(store_url) as store:
        text = "Marta Kowalczyk spoke of Ivo Brandt twice. Ivo Brandt answered her at length."
        store.add_article(
            Article(text=text, id="k1", published="2022-03-04"),
            [
                _quote(text, 0, "Marta Kowalczyk", "Ivo Brandt", confidence=0.9),
                _quote(text, 43, "Ivo Brandt", "Marta Kowalczyk", confidence=0.4),
            ],
        )
        later = "Kowalczyk said more about Brandt in the spring session of the council."
        store.add_article(
            Article(text=later, id="k2", published="2022-05-01"),
            [_quote(later, 0, "Kowalczyk", "Brandt", confidence=0.7)],
        )
        yield store


@pytest.mark.parametrize("name", ["Marta Kowalczyk", "marta kowalczyk", "Kowalczyk", "KOWALCZYK"])
def test_an_exact_alias_resolves_folded(store: Store, name: str) -> None:
    (found,) = reads.resolve_exact(store, name)
    assert store.get_entity(found).name == "Marta Kowalczyk"


def test_a_spelling_variant_resolves_after_exact_spellings(store: Store) -> None:
    assert reads.resolve_exact(store, "Marta Kowalczik") == []
    assert reads.resolve(store, "Marta Kowalczik") == reads.resolve(store, "Marta Kowalczyk")


@pytest.mark.parametrize("name", ["Zzyzxqwv", "Olaf Quist"])
def test_an_unknown_name_resolves_to_nothing(store: Store, name: str) -> None:
    assert reads.resolve(store, name) == []


def test_unknown_name_says_what_and_lists_the_closest(store: Store) -> None:
    detail, suggestions = reads.unknown_name(store, "Brandtt", what="speaker", speakers_only=True)
    assert suggestions[0] == "Ivo Brandt"
    assert detail == "no speaker named 'Brandtt'; closest names: " + ", ".join(suggestions)
    detail, suggestions = reads.unknown_name(store, "Zzyzxqwv", what="entity", speakers_only=False)
    assert (detail, suggestions) == ("no entity named 'Zzyzxqwv'", [])


@pytest.mark.parametrize(
    "where, expected",
    [
        ({}, ["k2:0-10", "k1:0-10", "k1:43-53"]),
        ({"min_confidence": 0.5}, ["k2:0-10", "k1:0-10"]),
        ({"since": dt.date(2022, 4, 1)}, ["k2:0-10"]),
        ({"until": dt.date(2022, 4, 1)}, ["k1:0-10", "k1:43-53"]),
        ({"article": "k1"}, ["k1:0-10", "k1:43-53"]),
        ({"text": "MARTA"}, ["k1:0-10"]),  # case aside
        ({"text": "50%_off"}, []),  # LIKE's wildcards are escaped
        ({"kind": "indirect"}, []),
    ],
)
def test_filters(store: Store, where: dict[str, object], expected: list[str]) -> None:
    rows, total = reads.quote_page(store, reads.QuoteFilter(**where), limit=10, offset=0)  # type: ignore[arg-type]
    assert [q["id"] for q in rows] == expected and total == len(expected)


def test_speakers_and_about_filter_by_id(store: Store) -> None:
    marta, ivo = reads.resolve(store, "Marta Kowalczyk"), reads.resolve(store, "Ivo Brandt")
    rows, _ = reads.quote_page(store, reads.QuoteFilter(speakers=marta), limit=10, offset=0)
    assert [q["id"] for q in rows] == ["k2:0-10", "k1:0-10"]
    rows, _ = reads.quote_page(store, reads.QuoteFilter(about=marta), limit=10, offset=0)
    assert [q["id"] for q in rows] == ["k1:43-53"]
    speaker = rows[0]["speaker"]
    assert rows[0]["about"][0]["name"] == "Marta Kowalczyk"
    assert speaker is not None and speaker["id"] == ivo[0]
    assert reads.quote_page(store, reads.QuoteFilter(speakers=[]), limit=10, offset=0) == ([], 0)


def test_speaker_list_most_quoted_first(store: Store) -> None:
    found, total = reads.speaker_page(store, None, None, limit=10, offset=0)
    assert total == 2 and [(s.entity.name, s.quotes) for s in found] == [
        ("Marta Kowalczyk", 2),
        ("Ivo Brandt", 1),
    ]
    found, total = reads.speaker_page(store, "brand", None, limit=10, offset=0)
    assert total == 1 and found[0].entity.name == "Ivo Brandt"


def test_page_order_newest_first_undated_last_and_pages_join_up(store: Store) -> None:
    text = "Ivo Brandt wrote to Marta Kowalczyk again before the vote was called."
    store.add_article(
        Article(text=text, id="k0"), [_quote(text, 0, "Ivo Brandt"), _quote(text, 20, "Ivo Brandt")]
    )
    everything = ["k2:0-10", "k1:0-10", "k1:43-53", "k0:0-10", "k0:20-30"]
    rows, total = reads.quote_page(store, reads.QuoteFilter(), limit=10, offset=0)
    assert [q["id"] for q in rows] == everything and total == 5
    one_by_one = [
        reads.quote_page(store, reads.QuoteFilter(), limit=1, offset=i)[0][0]["id"]
        for i in range(5)
    ]
    assert one_by_one == everything
    assert [q["published"] for q in rows][-2:] == [None, None]


@pytest.mark.parametrize(
    "limit, offset, count, total", [(2, 0, 2, 3), (2, 2, 1, 3), (5, 0, 3, 3), (2, 9, 0, 3)]
)
def test_the_json_array_is_the_page(
    store: Store, limit: int, offset: int, count: int, total: int
) -> None:
    array, found, matching = reads.quote_page_json(
        store, reads.QuoteFilter(), limit=limit, offset=offset
    )
    rows, _ = reads.quote_page(store, reads.QuoteFilter(), limit=limit, offset=offset)
    assert (found, matching) == (count, total)
    assert orjson.loads(array) == rows and len(rows) == count
    assert all(isinstance(q["about"], list) for q in rows)  # the stored lists, parsed
