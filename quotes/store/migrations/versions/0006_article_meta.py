"""articles.url and articles.outlet; an organization and a place of one name become one entity

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01

The store now merges an organization and a place of the same name on write
(``quotes.store.entities``: "United States" is both). Stores written before hold both: this
revision merges each such pair into the older entity (its id and name stay; it becomes a
place, as the write path decides), moving the quotes, about-links and spellings of the other
one to it.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As quotes.store.schema.sqlite_about_json("quotes") wrote it at this revision.
_ABOUT_JSON = (
    "(SELECT json_group_array(json_object('id', e.id, 'name', e.name, 'kind', e.kind, "
    "'how', qa.how, 'start', qa.start, 'end', qa.\"end\")) "
    "FROM quote_about AS qa JOIN entities AS e ON e.id = qa.entity_id "
    "WHERE qa.quote_id = quotes.id)"
)
_MOVE = (
    "UPDATE quotes SET speaker_id = :keep WHERE speaker_id = :drop",
    'INSERT INTO quote_about (quote_id, entity_id, how, start, "end") '
    'SELECT quote_id, :keep, how, start, "end" FROM quote_about '
    "WHERE entity_id = :drop AND quote_id NOT IN "
    "(SELECT quote_id FROM quote_about WHERE entity_id = :keep)",
    "DELETE FROM quote_about WHERE entity_id = :drop",
    "INSERT INTO aliases (entity_id, alias, alias_key) SELECT :keep, alias, alias_key "
    "FROM aliases WHERE entity_id = :drop AND alias NOT IN "
    "(SELECT alias FROM aliases WHERE entity_id = :keep)",
    "DELETE FROM aliases WHERE entity_id = :drop",
    "DELETE FROM entities WHERE id = :drop",
)


def _merge_places_and_organizations() -> None:
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT id, name, kind FROM entities WHERE kind IN ('organization', 'place') "
            "ORDER BY id"
        )
    ).all()
    groups: dict[str, list[tuple[int, str]]] = {}
    for entity_id, name, kind in rows:
        groups.setdefault(" ".join(name.casefold().split()), []).append((entity_id, kind))
    for members in groups.values():
        if len({kind for _, kind in members}) < 2:
            continue  # one kind: the entity rules of that kind decided, not this revision
        keep = members[0][0]
        for drop, _ in members[1:]:
            for statement in _MOVE:
                bind.execute(sa.text(statement), {"keep": keep, "drop": drop})
        bind.execute(sa.text("UPDATE entities SET kind = 'place' WHERE id = :keep"), {"keep": keep})
        if bind.dialect.name == "sqlite":
            bind.execute(
                sa.text(
                    f"UPDATE quotes SET about_json = {_ABOUT_JSON} WHERE id IN "
                    "(SELECT quote_id FROM quote_about WHERE entity_id = :keep)"
                ),
                {"keep": keep},
            )


def upgrade() -> None:
    op.add_column("articles", sa.Column("url", sa.Text(), nullable=True))
    op.add_column("articles", sa.Column("outlet", sa.Text(), nullable=True))
    _merge_places_and_organizations()


def downgrade() -> None:
    # Merged entities stay merged: which quotes were filed under which kind is not kept.
    op.execute("ALTER TABLE articles DROP COLUMN outlet")
    op.execute("ALTER TABLE articles DROP COLUMN url")
