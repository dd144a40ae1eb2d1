"""A page's total, now taken from the page when it is short and from one count otherwise,
against the quotes counted by hand, at every edge; and the speaker's page read off
``ix_quotes_speaker_page`` in page order, with no sort of all the speaker's quotes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from quotes.models import Article, EntityRef, Quote
from quotes.store.database import Store
from quotes.store.reads import QuoteFilter, _page_statements, quote_page, read_cursor

_QUOTES = 7  # one speaker's, over articles of three dates and one without a date


@pytest.fixture(scope="module")
def store(db_url: str) -> Iterator[Store]:
    store = Store.open(db_url)
    dates = ["2021-12-30", None, "2022-01-05", "2021-12-30", "2021-11-02", None, "2022-01-05"]
    for n, day in enumerate(dates):
        body = f"“We will talk number {n},” said Ana Ruiz."
        quote = Quote(
            start=1, end=body.index("”"), text=body[1 : body.index("”")],
            speaker=EntityRef("Ana Ruiz", "person"), rule="cue", confidence=0.9,
        )  # fmt: skip
        store.add_article(Article(text=body, id=f"totals-{n}", published=day), [quote])
    yield store
    store.close()


@pytest.mark.parametrize(
    "limit, offset",
    [(50, 0), (7, 0), (6, 0), (3, 3), (3, 6), (1, 6), (3, 7), (5, 100), (0, 0), (0, 3)],
)
def test_total_is_every_matching_quote_at_every_edge(store: Store, limit: int, offset: int) -> None:
    (ruiz,) = [e.id for e in store.find_entities("Ana Ruiz")]
    where = QuoteFilter(speakers=[ruiz])
    rows, total = quote_page(store, where, limit=limit, offset=offset)
    assert total == _QUOTES
    assert len(rows) == max(0, min(limit, _QUOTES - offset))


def test_nothing_matching_totals_zero(store: Store) -> None:
    rows, total = quote_page(store, QuoteFilter(speakers=[10**9]), limit=20, offset=0)
    assert (rows, total) == ([], 0)


def test_pages_are_newest_first_undated_last(store: Store) -> None:
    (ruiz,) = [e.id for e in store.find_entities("Ana Ruiz")]
    rows, _ = quote_page(store, QuoteFilter(speakers=[ruiz]), limit=50, offset=0)
    days = [r["published"] for r in rows]
    dated = [d for d in days if d is not None]
    assert dated == sorted(dated, reverse=True) and days[len(dated) :] == [None, None]


def test_a_speakers_page_is_read_off_the_index_in_order(store: Store) -> None:
    if store.dialect != "sqlite":
        pytest.skip("the plan checked is SQLite's")
    (ruiz,) = [e.id for e in store.find_entities("Ana Ruiz")]
    shape, params = QuoteFilter(speakers=[ruiz]).bound()
    page, _ = _page_statements(store.engine.dialect, shape)
    args = page.args({**params, "limit": 20, "offset": 0})
    with read_cursor(store) as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {page.sql}", args)
        plan = cursor.fetchall()
    steps = " | ".join(str(row[-1]) for row in plan)
    assert "ix_quotes_speaker_page" in steps, steps
    # the only sort left is the outer one, of the page's own rows (after the inner LIMIT)
    inner_sorts = [row for row in plan if "TEMP B-TREE" in str(row[-1]) and row[1] != 0]
    assert not inner_sorts, steps
