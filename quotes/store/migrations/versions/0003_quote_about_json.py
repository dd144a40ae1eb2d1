"""quotes.about_json: on SQLite, each quote's about list as JSON, kept with the quote

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As quotes.store.schema.sqlite_about_json("quotes") wrote it at this revision.
_ABOUT_JSON = (
    "(SELECT json_group_array(json_object('id', e.id, 'name', e.name, 'kind', e.kind)) "
    "FROM quote_about AS qa JOIN entities AS e ON e.id = qa.entity_id "
    "WHERE qa.quote_id = quotes.id)"
)


def upgrade() -> None:
    op.add_column("quotes", sa.Column("about_json", sa.Text(), nullable=True))
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"UPDATE quotes SET about_json = {_ABOUT_JSON}")


def downgrade() -> None:
    op.execute("ALTER TABLE quotes DROP COLUMN about_json")
