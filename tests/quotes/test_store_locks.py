"""PostgreSQL writers in parallel: their transactions overlap, and racing ones stay atomic.

The overlap tests hold one write transaction open (with its locks) and show that another
writer commits meanwhile; a global write lock would make them time out. The race tests
release several threads at once (each with its own connection) on the same new person,
the same text or the same id, and check the store holds one of each.
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import text
from store_builders import article, org, person, quote

from quotes.errors import StoreError
from quotes.models import Quote
from quotes.store.database import Store, content_hash
from quotes.store.locks import article_lock_ids, lock_id, name_lock_ids
from quotes.store.records import AddResult

pytestmark = pytest.mark.postgres

_COMMIT_S = 30.0  # far more than a commit needs; only reached when a writer is blocked
_BLOCKED_S = 1.0  # how long a writer that must wait is watched for not finishing


@pytest.fixture
def pg(postgres_url: str) -> Iterator[Store]:
    with Store.open(postgres_url) as store:
        yield store


def _held(store: Store, text: str, article_id: str, quotes: list[Quote], names: Any) -> Any:
    """A write transaction of one article, left open (with its locks) until the block ends."""
    session_cm = store._session(write=True)
    session = session_cm.__enter__()
    store._write(session, article(text, article_id), quotes, names=names)
    return session_cm


def _run(pool: ThreadPoolExecutor, fn: Callable[..., AddResult], *args: Any) -> Future[AddResult]:
    return pool.submit(fn, *args)


def test_other_articles_commit_while_a_writer_holds_its_locks(pg: Store) -> None:
    """A writer creating "Ned Price" holds its locks; an article about others commits."""
    held = _held(pg, "text A", "a", [quote(0, person("Ned Price"), org("NATO"))], "exclusive")
    with ThreadPoolExecutor(3) as pool:
        try:
            other = _run(pool, pg.add_article, article("text B", "b"),
                         [quote(0, person("Jen Psaki"), org("White House"))])  # fmt: skip
            assert other.result(timeout=_COMMIT_S).status == "created"
            # the same text, and the same new person, must wait for the open transaction
            same_text = _run(pool, pg.add_article, article("text A", "a-copy"), [])
            same_person = _run(pool, pg.add_article, article("text C", "c"),
                               [quote(0, person("Price"), org("NATO"))])  # fmt: skip
            time.sleep(_BLOCKED_S)
            assert not same_text.done() and not same_person.done()
        finally:
            held.__exit__(None, None, None)  # commit
        assert same_text.result(timeout=_COMMIT_S) == AddResult("a", "existing", 0)
        assert same_person.result(timeout=_COMMIT_S).status == "created"
    assert pg.counts()["articles"] == 3
    assert [e.name for e in pg.find_entities("Ned Price")] == ["Ned Price"]  # one, not two
    assert pg.quotes_by_speaker("Ned Price").total == 2


def test_articles_about_known_people_commit_side_by_side(pg: Store) -> None:
    """Two writers resolving the same stored person (no entity write) run at once."""
    pg.add_article(article("first", "a1"), [quote(0, person("Ned Price"), org("NATO"))])
    held = _held(pg, "second", "a2", [quote(0, person("Ned Price"), org("NATO"))], "shared")
    with ThreadPoolExecutor(1) as pool:
        try:
            third = _run(pool, pg.add_article, article("third", "a3"),
                         [quote(0, person("Ned Price"), org("NATO"))])  # fmt: skip
            assert third.result(timeout=_COMMIT_S).status == "created"
        finally:
            held.__exit__(None, None, None)
    assert pg.counts() == {"articles": 3, "entities": 2, "aliases": 2, "quotes": 3,
                           "quote_about": 3}  # fmt: skip


def _at_once(n: int, work: Callable[[int], Any]) -> list[Any]:
    """``work(i)`` for i in range(n) in n threads released together; results or exceptions."""
    barrier = threading.Barrier(n)

    def run(i: int) -> Any:
        barrier.wait()
        try:
            return work(i)
        except Exception as err:  # noqa: BLE001 - returned and checked by the caller
            return err

    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(run, range(n)))


_SPELLINGS = [("Dmitry {0}", "{0}"), ("{0}",), ("Dmitri {0}w", "{0}w"), ("{0}w",)]


@pytest.mark.parametrize("round_", range(3))
def test_racing_writers_of_one_new_person_make_one_entity(pg: Store, round_: int) -> None:
    surname = ["Peskov", "Lavrov", "Ushakov"][round_]
    writers = 8

    def write(i: int) -> AddResult:
        name, *aliases = (s.format(surname) for s in _SPELLINGS[i % len(_SPELLINGS)])
        speaker = person(name, *aliases)
        quotes = [quote(0, speaker, org("Kremlin")), quote(60, person("Maria Zakharova"), speaker)]
        return pg.add_article(article(f"{surname} article {i}", f"{surname}-{i}"), quotes)

    results = _at_once(writers, write)
    assert all(isinstance(r, AddResult) and r.status == "created" for r in results), results
    people = pg.find_entities(surname, kind="person")
    assert len(people) == 1, people
    assert people[0].name in {f"Dmitry {surname}", f"Dmitri {surname}w"}  # a most complete one
    expected = {s.format(surname) for spelled in _SPELLINGS for s in spelled}
    assert set(people[0].aliases) == expected
    assert len(pg.find_entities("Maria Zakharova")) == len(pg.find_entities("Kremlin")) == 1
    assert pg.quotes_by_speaker(people[0].id).total == writers
    assert pg.quotes_about(people[0].id).total == writers
    assert pg.counts()["quotes"] == 2 * writers


def test_many_writers_on_overlapping_names_never_deadlock(pg: Store) -> None:
    """6 writers, 15 articles each, every article two of 8 people in a random order, some
    with a new spelling: locks are always taken in one order, so the server never has a
    deadlock to break (its own counter), and each person ends as one entity."""
    people = ["Ann Lee", "Bo Park", "Cy Young", "Di Fox", "Ed Moss", "Flo Rida", "Gus Tan",
              "Hal Roy"]  # fmt: skip

    def write(i: int) -> list[AddResult]:
        rng = random.Random(i)
        done = []
        for n in range(15):
            one, two = rng.sample(people, 2)
            speaker = person(one, one.split()[1]) if n % 3 else person(one.split()[1])
            quotes = [quote(0, speaker, person(two)), quote(60, person(two), person(one))]
            done.append(pg.add_article(article(f"writer {i} article {n}", f"w{i}-{n}"), quotes))
        return done

    results = _at_once(6, write)
    assert all(isinstance(r, list) for r in results), results
    assert pg.counts()["articles"] == 90
    assert pg.counts()["entities"] == len(people)  # "Lee" joined "Ann Lee": one per surname
    with pg.engine.connect() as connection:
        deadlocks = connection.execute(
            text("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")
        ).scalar_one()
    assert deadlocks == 0


def test_the_same_text_from_racing_writers_is_stored_once(pg: Store) -> None:
    quotes = [quote(0, person("Ann Lee"), org("Harbour Authority"))]
    results = _at_once(6, lambda i: pg.add_article(article("one text", f"copy-{i}"), quotes))
    statuses = Counter(r.status for r in results)
    assert statuses == {"created": 1, "existing": 5}, results
    assert len({r.article_id for r in results}) == 1  # every copy names the stored article
    assert pg.counts() == {"articles": 1, "entities": 2, "aliases": 2, "quotes": 1,
                           "quote_about": 1}  # fmt: skip


def test_one_id_with_racing_texts_is_stored_once(pg: Store) -> None:
    results = _at_once(4, lambda i: pg.add_article(article(f"text {i}", "one-id"), []))
    created = [r for r in results if isinstance(r, AddResult)]
    refused = [r for r in results if isinstance(r, StoreError)]
    assert len(created) == 1 and len(refused) == 3, results
    assert all("different text" in str(r) for r in refused)
    assert pg.counts()["articles"] == 1


@pytest.mark.parametrize("round_", range(5))
def test_racing_replacements_of_one_row_do_not_collide(pg: Store, round_: int) -> None:
    """One writer moves a stored text to a new id while another reuses its old id."""
    moved, reused = f"moved {round_}", f"reused {round_}"
    pg.add_article(article(moved, "old"), [quote(0, person("Ann Lee"))])
    jobs = [(moved, "new"), (reused, "old")]
    results = _at_once(2, lambda i: pg.add_article(
        article(*jobs[i]), [quote(0, person("Ann Lee"))], replace=True))  # fmt: skip
    assert all(isinstance(r, AddResult) for r in results), results
    assert pg.get_article("new").content_hash == content_hash(moved)
    assert pg.get_article("old").content_hash == content_hash(reused)
    assert pg.counts() == {"articles": 2, "entities": 1, "aliases": 1, "quotes": 2,
                           "quote_about": 0}  # fmt: skip


def test_lock_ids_are_stable_and_name_keys_cover_spellings() -> None:
    assert lock_id("hash", "x") == lock_id("hash", "x") != lock_id("article", "x")
    assert article_lock_ids("h", ["a", "a"]) == sorted(article_lock_ids("h", ["a"]))
    # "Peskow" is filed under the surname key it shares with "Dmitry Peskov"
    assert set(name_lock_ids([person("Peskow")])) & set(name_lock_ids([person("Dmitry Peskov")]))
