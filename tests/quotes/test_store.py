"""The store on SQLite and on a real PostgreSQL server: schema, writes, entities, queries."""

from __future__ import annotations

import datetime as dt
import json
import threading
from dataclasses import replace

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from store_builders import anonymous, article, org, person, place, quote

from quotes.errors import InputError, NotFoundError, StoreError
from quotes.models import AboutRef, EntityRef, TextSpan
from quotes.store.database import Store, content_hash, database_url
from quotes.store.migrations import current, head
from quotes.store.records import ExportFilter
from quotes.store.schema import Base


def test_upgrade_reaches_head_and_is_idempotent(store: Store) -> None:
    store.upgrade()  # a second time: nothing to do, no error
    with store.engine.connect() as connection:
        assert current(connection) == head()
    assert store.counts() == dict.fromkeys(
        ["articles", "entities", "aliases", "quotes", "quote_about"], 0
    )


def test_migrations_match_the_models(store: Store) -> None:
    with store.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []


def test_upgrade_copies_each_article_date_to_its_quotes(store_url: str) -> None:
    """Revision 0002 fills ``quotes.published`` for a store written under 0001."""
    with Store(store_url) as old:
        old.upgrade("0001")
        with old.engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO articles (id, content_hash, published, text) VALUES "
                "('a1', 'h1', '2021-12-30', 'one'), ('a2', 'h2', NULL, 'two')"
            ))  # fmt: skip
            connection.execute(text(
                'INSERT INTO quotes (id, article_id, start, "end", text, rule, confidence) '
                "VALUES ('a1:0-3', 'a1', 0, 3, 'one', 'test', 0.5), "
                "('a2:0-3', 'a2', 0, 3, 'two', 'test', 0.5)"
            ))  # fmt: skip
        old.upgrade()
        with old.engine.connect() as connection:
            rows = connection.execute(text("SELECT id, published FROM quotes")).all()
    assert {qid: day and str(day) for qid, day in rows} == {
        "a1:0-3": "2021-12-30",
        "a2:0-3": None,
    }


def test_upgrade_keeps_old_about_rows_as_found_by_name(store_url: str) -> None:
    """Revision 0005 adds how/start/end to quote_about: rows stored before are ``name``
    with no offsets, and on SQLite the quotes' about_json carries them."""
    with Store(store_url) as old:
        old.upgrade("0003")
        with old.engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO articles (id, content_hash, text) VALUES ('a1', 'h1', 'one')"
            ))  # fmt: skip
            connection.execute(text(
                "INSERT INTO entities (id, name, kind, surname_key) "
                "VALUES (1, 'Joe Biden', 'person', 'biden')"
            ))  # fmt: skip
            connection.execute(text(
                'INSERT INTO quotes (id, article_id, start, "end", text, rule, confidence) '
                "VALUES ('a1:0-3', 'a1', 0, 3, 'one', 'test', 0.5)"
            ))  # fmt: skip
            connection.execute(text(
                "INSERT INTO quote_about (quote_id, entity_id) VALUES ('a1:0-3', 1)"
            ))  # fmt: skip
        old.upgrade()
        with old.engine.connect() as connection:
            rows = connection.execute(text('SELECT how, start, "end" FROM quote_about')).all()
            about_json = connection.execute(text("SELECT about_json FROM quotes")).scalar()
        records = list(old.iter_quotes())
    assert [tuple(r) for r in rows] == [("name", None, None)]
    assert records[0].about_hows == ("name",) and records[0].about_starts == (None,)
    if old.dialect == "sqlite":
        assert about_json is not None
        assert json.loads(about_json) == [
            {"id": 1, "name": "Joe Biden", "kind": "person", "how": "name",
             "start": None, "end": None}
        ]  # fmt: skip


def test_about_rows_keep_how_and_where(store: Store) -> None:
    ref = AboutRef("Jen Psaki", "person", how="pronoun", mention=TextSpan("she", 4, 7))
    again = AboutRef("Jen Psaki", "person", how="name", mention=TextSpan("Psaki", 9, 14))
    frame = AboutRef("Kyiv", "place", how="frame", mention=None)
    q = replace(quote(0, person("Ann Lee")), about=(ref, again, frame, EntityRef("Oslo", "place")))
    store.add_article(article("The text is long enough here.", "a"), [q])
    (record,) = store.iter_quotes()
    by_name = dict(
        zip(
            record.about_names,
            zip(record.about_hows, record.about_starts, record.about_ends, strict=True),
            strict=True,
        )
    )
    # one row per entity, the first entry for it wins; a plain EntityRef is found by name
    assert by_name == {
        "Jen Psaki": ("pronoun", 4, 7), "Kyiv": ("frame", None, None),
        "Oslo": ("name", None, None),
    }  # fmt: skip


def test_upgrade_makes_every_stored_quote_direct(store_url: str) -> None:
    """Revision 0004 adds ``quotes.kind``; quotes stored before it were all direct."""
    with Store(store_url) as old:
        old.upgrade("0003")
        with old.engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO articles (id, content_hash, text) VALUES ('a1', 'h1', 'one')"
            ))  # fmt: skip
            connection.execute(text(
                'INSERT INTO quotes (id, article_id, start, "end", text, rule, confidence) '
                "VALUES ('a1:0-3', 'a1', 0, 3, 'one', 'test', 0.5)"
            ))  # fmt: skip
        old.upgrade()
        assert [q.kind for q in old.iter_quotes()] == ["direct"]


@pytest.mark.parametrize(
    "kind, expected",
    [(None, [0, 20, 40]), ("direct", [0]), ("indirect", [20]), ("mixed", [40])],
)
def test_quotes_filtered_by_kind(store: Store, kind: str | None, expected: list[int]) -> None:
    quotes = [
        replace(quote(start, person("Jen Psaki")), kind=k)
        for start, k in ((0, "direct"), (20, "indirect"), (40, "mixed"))
    ]
    store.add_article(article("x" * 80, "kinds"), quotes)
    page = store.quotes_by_speaker("Jen Psaki", kind=kind)
    assert (
        sorted(q["start"] for q in page.data)
        == expected
        == [
            q.start
            for q in store.iter_quotes(selection=ExportFilter(speaker="Jen Psaki", kind=kind))
        ]
    )
    assert {q["kind"] for q in page.data} == ({kind} if kind else {"direct", "indirect", "mixed"})


def test_unknown_kind_is_an_input_error(store: Store) -> None:
    with pytest.raises(InputError, match="kind must be one of .*'reported'"):
        store.quotes_by_speaker("Jen Psaki", kind="reported")


def test_quotes_carry_their_article_date(store: Store) -> None:
    store.add_article(article("Text one.", "d1", "2022-01-11"), [quote(0, person("Jen Psaki"))])
    store.add_article(article("Text two.", "d2"), [quote(0, person("Jen Psaki"))])
    store.add_article(
        article("Text one, again.", "d1", "2022-02-01"), [quote(5, None)], replace=True
    )
    with store.engine.connect() as connection:
        rows = connection.execute(text("SELECT article_id, published FROM quotes")).all()
    assert sorted((a, day and str(day)) for a, day in rows) == [
        ("d1", "2022-02-01"),
        ("d2", None),
    ]


def test_sqlite_runs_in_wal_mode_with_foreign_keys(sqlite_url: str) -> None:
    with Store.open(sqlite_url) as store, store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000


@pytest.mark.parametrize(
    "value, env, expected",
    [
        (None, None, "sqlite:///quotes.db"),
        (None, "other.db", "sqlite:///other.db"),
        ("data/x.db", "other.db", "sqlite:///data/x.db"),
        ("postgresql://u@h/db", None, "postgresql+psycopg://u@h/db"),
        ("postgres://u@h/db", None, "postgresql+psycopg://u@h/db"),
        ("sqlite:///:memory:", None, "sqlite:///:memory:"),
    ],
)
def test_database_url(
    value: str | None, env: str | None, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if env is None:
        monkeypatch.delenv("QUOTES_DB", raising=False)
    else:
        monkeypatch.setenv("QUOTES_DB", env)
    assert database_url(value) == expected


def test_a_bad_url_is_a_store_error() -> None:
    with pytest.raises(StoreError):
        Store("nosuchdialect://x")


def test_same_text_twice_adds_nothing(store: Store) -> None:
    first = store.add_article(article("text A", "a"), [quote(0, person("Jen Psaki"))])
    before = store.counts()
    again = store.add_article(article("text A", "a-copy"), [quote(0, person("Someone Else"))])
    assert (first.status, first.quotes) == ("created", 1)
    assert (again.status, again.article_id, again.quotes) == ("existing", "a", 0)
    assert store.counts() == before


def test_same_id_with_other_text_is_refused_unless_replaced(store: Store) -> None:
    store.add_article(article("text A", "a"), [quote(0, person("Jen Psaki"))])
    with pytest.raises(StoreError, match="different text"):
        store.add_article(article("text B", "a"), [])
    replaced = store.add_article(
        article("text B", "a"), [quote(5, person("Jen Psaki")), quote(50, None)], replace=True
    )
    assert replaced.status == "replaced"
    assert store.get_article("a").text == "text B"
    ids = [q["id"] for q in store.quotes_by_speaker("Psaki").data]
    assert ids == ["a:5-15"]
    assert store.counts()["quotes"] == 2


def test_an_article_is_written_atomically(store: Store) -> None:
    store.add_article(article("text A", "a"), [quote(0, person("Jen Psaki"))])
    before = store.counts()
    bad = EntityRef("Nowhere", "planet")  # type: ignore[arg-type]  # violates a CHECK
    with pytest.raises(StoreError):
        store.add_article(article("text B", "b"), [quote(0, person("Ned Price"), bad)])
    with pytest.raises(StoreError):  # a failed replacement keeps the old quotes
        store.add_article(article("text A2", "a"), [quote(0, person("X Y"), bad)], replace=True)
    assert store.counts() == before
    assert store.get_article("a").text == "text A"
    with pytest.raises(NotFoundError):
        store.get_article("b")


@pytest.mark.parametrize(
    "refs, expected_names",
    [
        ([person("Peskov"), person("Peskow"), person("Dmitry Peskov")], ["Dmitry Peskov"]),
        ([person("Putin"), person("Poutin")], ["Putin"]),
        ([person("Vladimir Putin"), person("Wladimir Putin"), person("Poutine")],
         ["Vladimir Putin"]),
        ([person("Zelensky"), person("Selenskyj")], ["Zelensky"]),
        ([person("Psaki"), person("Jen Psaki", "Psaki")], ["Jen Psaki"]),
        ([org("EU"), org("European Union")], ["European Union"]),
        ([anonymous("senior official"), anonymous("senior official")], ["senior official"]),
        # negative cases: different people, kinds, or names
        ([person("Bill Clinton"), person("Hillary Clinton")], ["Bill Clinton", "Hillary Clinton"]),
        ([person("Clinton"), org("Clinton")], ["Clinton", "Clinton"]),
        ([org("House"), org("White House")], ["House", "White House"]),
        ([anonymous("senior official"), anonymous("US official")],
         ["US official", "senior official"]),
        ([person("Peskov"), place("Russia")], ["Peskov", "Russia"]),
    ],
)  # fmt: skip
def test_one_entity_per_person_across_articles(
    store: Store, refs: list[EntityRef], expected_names: list[str]
) -> None:
    for i, ref in enumerate(refs):
        store.add_article(article(f"article {i}", f"a{i}"), [quote(0, ref)])
    with store.engine.connect() as connection:
        names = connection.execute(text("SELECT name FROM entities ORDER BY name, kind")).scalars()
        assert list(names) == expected_names


def test_every_spelling_is_an_alias_and_finds_the_entity(store: Store) -> None:
    store.add_article(article("one", "a1"), [quote(0, person("Peskov"))])
    store.add_article(article("two", "a2"), [quote(0, person("Dmitri Peskow", "Peskow"))])
    (found,) = store.find_entities("Peskov")
    assert found.name == "Dmitri Peskow"
    assert set(found.aliases) == {"Peskov", "Dmitri Peskow", "Peskow"}
    for name in ("peskow", "PESKOV", "Dmitry Peskov", "Peskoff"):
        assert [e.id for e in store.find_entities(name)] == [found.id], name
    for name in ("Lavrov", "Dmitri Medvedev", "Pesk"):
        assert store.find_entities(name) == [], name


def test_a_bare_surname_shared_by_two_people_is_not_guessed(store: Store) -> None:
    store.add_article(article("one", "a1"), [quote(0, person("Bill Clinton"))])
    store.add_article(article("two", "a2"), [quote(0, person("Hillary Clinton"))])
    store.add_article(article("three", "a3"), [quote(0, person("Clinton"))])
    names = sorted(e.name for e in store.find_entities("Clinton"))
    assert names == ["Clinton"]  # its own surname-only entity, not merged into either
    assert [e.name for e in store.find_entities("Hillary Clinton")] == ["Hillary Clinton"]


def _contents(store: Store) -> list[tuple[str, str | None, tuple[str, ...]]]:
    quotes = store.iter_quotes()
    return sorted((q.id, q.speaker_name, tuple(sorted(q.about_names))) for q in quotes)


def test_quote_ids_are_stable_whatever_the_order(store_url: str) -> None:
    batches = [
        (article("one", "a1"), [quote(3, person("Peskov"), person("Putin"))]),
        (article("two", "a2"), [quote(7, person("Peskov"), place("Ukraine"))]),
    ]
    with Store.open(store_url) as store:
        for art, quotes in batches:
            store.add_article(art, quotes)
        forward = _contents(store)
        for art, quotes in reversed(batches):
            store.add_article(art, quotes, replace=True)
        assert _contents(store) == forward
    assert [q[0] for q in forward] == ["a1:3-13", "a2:7-17"]


def test_concurrent_writers_create_one_entity(store: Store) -> None:
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def write(i: int) -> None:
        try:
            barrier.wait()
            store.add_article(article(f"text {i}", f"a{i}"), [quote(0, person("Ned Price"))])
        except BaseException as err:  # noqa: BLE001 - reported below
            errors.append(err)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert store.counts()["entities"] == 1
    assert store.counts()["articles"] == 4


@pytest.fixture
def filled(store: Store) -> Store:
    psaki, putin, russia = person("Jen Psaki"), person("Vladimir Putin"), place("Russia")
    store.add_article(
        article("first", "a1", "2021-12-01"),
        [quote(0, psaki, russia, role="spokeswoman"), quote(40, psaki, putin, russia)],
    )
    store.add_article(
        article("second", "a2", "2021-12-20"),
        [quote(0, person("Psaki"), putin, role="press secretary"), quote(40, putin, russia)],
    )
    store.add_article(article("third", "a3"), [quote(0, psaki)])
    return store


def test_quotes_by_speaker_pages_newest_first(filled: Store) -> None:
    page = filled.quotes_by_speaker("Psaki", limit=2)
    assert page.total == 4
    assert [q["id"] for q in page.data] == ["a2:0-10", "a1:0-10"]
    rest = filled.quotes_by_speaker("psaki", limit=2, offset=2)
    assert [q["id"] for q in rest.data] == ["a1:40-51", "a3:0-10"]  # undated last
    assert [a["name"] for a in rest.data[0]["about"]] == [
        "Russia",
        "Vladimir Putin",
    ]  # by entity id


@pytest.mark.parametrize(
    "since, until, about, expected",
    [
        (dt.date(2021, 12, 10), None, None, ["a2:0-10"]),
        (None, dt.date(2021, 12, 10), None, ["a1:0-10", "a1:40-51"]),
        (None, None, "Putin", ["a2:0-10", "a1:40-51"]),
        (None, None, "Russia", ["a1:0-10", "a1:40-51"]),
        (dt.date(2022, 1, 1), None, None, []),
        (None, None, "Ukraine", NotFoundError),
    ],
)
def test_quotes_by_speaker_filters(
    filled: Store,
    since: dt.date | None,
    until: dt.date | None,
    about: str | None,
    expected: list[str] | type[Exception],
) -> None:
    if isinstance(expected, type):
        with pytest.raises(expected):
            filled.quotes_by_speaker("Jen Psaki", since=since, until=until, about=about)
        return
    page = filled.quotes_by_speaker("Jen Psaki", since=since, until=until, about=about)
    assert [q["id"] for q in page.data] == expected
    assert page.total == len(expected)


def test_quotes_about_and_pairs(filled: Store) -> None:
    about_russia = filled.quotes_about("Russia")
    assert about_russia.total == 3
    assert {q["speaker"]["name"] for q in about_russia.data if q["speaker"]} == {
        "Jen Psaki",
        "Vladimir Putin",
    }
    pairs = [(p.speaker.name, p.target.name, p.quotes) for p in filled.top_pairs(limit=3)]
    assert pairs == [
        ("Jen Psaki", "Russia", 2),
        ("Jen Psaki", "Vladimir Putin", 2),
        ("Vladimir Putin", "Russia", 1),
    ]
    with pytest.raises(NotFoundError):
        filled.quotes_about("Atlantis")


def test_speaker_search_and_entity_detail(filled: Store) -> None:
    found = [(s.entity.name, s.quotes) for s in filled.search_speakers("p")]
    assert found == [("Jen Psaki", 4), ("Vladimir Putin", 1)]
    assert filled.search_speakers("zzz") == []
    detail = filled.entity_detail("Psaki")
    assert detail.entity.name == "Jen Psaki"
    assert (detail.quotes_said, detail.quotes_about) == (4, 0)
    assert set(detail.roles) == {"spokeswoman", "press secretary"}
    assert [(t.name, n) for t, n in detail.top_targets] == [
        ("Russia", 2),
        ("Vladimir Putin", 2),
    ]
    assert filled.entity_detail(detail.entity.id) == detail
    with pytest.raises(NotFoundError):
        filled.entity_detail(9999)


def test_graph_records_filtered(filled: Store) -> None:
    records = filled.graph_records(about="Putin")
    assert sorted(q.id for q in records.quotes) == ["a1:40-51", "a2:0-10"]
    assert {e.name for e in records.entities} == {"Jen Psaki", "Vladimir Putin", "Russia"}
    assert [a.id for a in records.articles] == ["a1", "a2"]
    everything = filled.graph_records()
    assert len(everything.quotes) == 5


def test_content_hash_is_sha256_of_the_text() -> None:
    assert content_hash("abc") == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )
    assert content_hash("abc") != content_hash("abc ")
