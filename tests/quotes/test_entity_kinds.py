"""One entity per thing: an organization and a place of one name are one entity.

On write (``quotes.store.entities``) and for stores written before (migration 0006).
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text
from store_builders import anonymous, article, org, person, place, quote

from quotes.graph.network import speaker_network
from quotes.models import EntityRef
from quotes.store.database import Store
from quotes.store.entities import Candidate, choose_entity, compatible_kinds, merged_kind


@pytest.mark.parametrize(
    "refs, expected",
    [
        # A place, whichever kind came first (parallel writers give the same store).
        ([org("United States"), place("United States")], [("United States", "place")]),
        ([place("United States"), org("United States")], [("United States", "place")]),
        ([place("US"), org("United States")], [("United States", "place")]),  # alias resolved
        ([org("NATO"), place("NATO"), org("NATO")], [("NATO", "place")]),
        ([org("NATO"), org("NATO")], [("NATO", "organization")]),
        # Negative cases: other names, spelling variants across kinds, people, anonymous.
        ([org("Georgia Power"), place("Georgia")],
         [("Georgia", "place"), ("Georgia Power", "organization")]),
        ([org("Kreml"), place("Kremlin")], [("Kreml", "organization"), ("Kremlin", "place")]),
        ([person("Washington"), place("Washington")],
         [("Washington", "person"), ("Washington", "place")]),
        ([anonymous("officials"), org("officials")],
         [("officials", "anonymous"), ("officials", "organization")]),
    ],
)  # fmt: skip
def test_organization_and_place_of_one_name_merge(
    store: Store, refs: list[EntityRef], expected: list[tuple[str, str]]
) -> None:
    for i, ref in enumerate(refs):
        store.add_article(article(f"article {i}", f"a{i}"), [quote(0, person("Jen Psaki"), ref)])
    with store.engine.connect() as connection:
        rows = connection.execute(
            text("SELECT name, kind FROM entities WHERE name != 'Jen Psaki' ORDER BY name, kind")
        ).all()
    assert [tuple(r) for r in rows] == expected
    network = speaker_network(store)
    targets = [network.nodes[v]["label"] for _, v in network.edges]
    assert sorted(targets) == sorted(name for name, _ in expected)


@pytest.mark.parametrize(
    "kind, expected",
    [
        ("organization", {"organization", "place"}),
        ("place", {"organization", "place"}),
        ("person", {"person"}),
        ("anonymous", {"anonymous"}),
    ],
)
def test_compatible_kinds(kind: str, expected: set[str]) -> None:
    assert compatible_kinds(kind) == expected


@pytest.mark.parametrize(
    "stored, seen, expected",
    [
        ("organization", "place", "place"),
        ("place", "organization", "place"),
        ("organization", "organization", "organization"),
        ("person", "place", "person"),  # never merged: the kind is not touched
    ],
)
def test_merged_kind(stored: str, seen: str, expected: str) -> None:
    assert merged_kind(stored, seen) == expected


def test_the_same_kind_wins_over_the_other() -> None:
    both = [Candidate(1, "Texas", "organization"), Candidate(2, "Texas", "place")]
    assert choose_entity(place("Texas"), both) == 2
    assert choose_entity(org("Texas"), both) == 1
    assert choose_entity(person("Texas"), both) is None


def test_upgrade_merges_the_pairs_a_store_holds(store_url: str) -> None:
    """Revision 0006 merges what was written before it: quotes, about-links, aliases."""
    with Store(store_url) as old:
        old.upgrade("0003")
        with old.engine.begin() as connection:
            for statement in (
                "INSERT INTO articles (id, content_hash, text) VALUES ('a1', 'h1', 'one')",
                "INSERT INTO entities (id, name, kind, surname_key) VALUES "
                "(1, 'United States', 'organization', 'k'), (2, 'United States', 'place', 'k'), "
                "(3, 'Jen Psaki', 'person', 'p'), (4, 'Russia', 'place', 'r'), "
                "(5, 'Russia Today', 'organization', 'r')",
                "INSERT INTO aliases (entity_id, alias, alias_key) VALUES "
                "(1, 'United States', 'united states'), (2, 'United States', 'united states'), "
                "(2, 'USA', 'usa'), (3, 'Jen Psaki', 'jen psaki')",
                'INSERT INTO quotes (id, article_id, start, "end", text, speaker_id, rule, '
                "confidence) VALUES ('a1:0-3', 'a1', 0, 3, 'one', 2, 'test', 0.5), "
                "('a1:5-8', 'a1', 5, 8, 'two', 3, 'test', 0.5)",
                "INSERT INTO quote_about (quote_id, entity_id) VALUES "
                "('a1:5-8', 1), ('a1:5-8', 2), ('a1:0-3', 2), ('a1:0-3', 4)",
            ):
                connection.execute(text(statement))
        old.upgrade()
        with old.engine.connect() as connection:
            entities = connection.execute(text("SELECT id, kind FROM entities ORDER BY id")).all()
            about = connection.execute(
                text("SELECT quote_id, entity_id FROM quote_about ORDER BY 1, 2")
            ).all()
            speakers = connection.execute(text("SELECT id, speaker_id FROM quotes")).all()
            aliases = connection.execute(
                text("SELECT alias FROM aliases WHERE entity_id = 1 ORDER BY alias")
            ).scalars()
            about_json = connection.execute(
                text("SELECT about_json FROM quotes WHERE id = 'a1:5-8'")
            ).scalar()
        assert [tuple(e) for e in entities] == [
            (1, "place"), (3, "person"), (4, "place"), (5, "organization"),
        ]  # fmt: skip
        assert [tuple(a) for a in about] == [("a1:0-3", 1), ("a1:0-3", 4), ("a1:5-8", 1)]
        assert dict(speakers) == {"a1:0-3": 1, "a1:5-8": 3}
        assert list(aliases) == ["USA", "United States"]
        if old.dialect == "sqlite":
            assert json.loads(str(about_json)) == [
                {"id": 1, "name": "United States", "kind": "place", "how": "name",
                 "start": None, "end": None}
            ]  # fmt: skip
        assert old.entity_detail("USA").quotes_said == 1
