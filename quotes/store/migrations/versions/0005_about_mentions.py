"""quote_about.how, start, end: how each target of a quote was found, and where

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As quotes.store.schema.sqlite_about_json("quotes") writes it from this revision on, and as it
# was before (for the downgrade).
_ABOUT_JSON = (
    "(SELECT json_group_array(json_object('id', e.id, 'name', e.name, 'kind', e.kind, "
    "'how', qa.how, 'start', qa.start, 'end', qa.\"end\")) "
    "FROM quote_about AS qa JOIN entities AS e ON e.id = qa.entity_id "
    "WHERE qa.quote_id = quotes.id)"
)
_ABOUT_JSON_0003 = (
    "(SELECT json_group_array(json_object('id', e.id, 'name', e.name, 'kind', e.kind)) "
    "FROM quote_about AS qa JOIN entities AS e ON e.id = qa.entity_id "
    "WHERE qa.quote_id = quotes.id)"
)

# Plain ALTER TABLE on both dialects, as in 0002: batch mode would copy quote_about.


def upgrade() -> None:
    # Rows stored before were found by name (the only way the engine had); where is unknown.
    op.add_column(
        "quote_about",
        sa.Column("how", sa.String(length=20), server_default="name", nullable=False),
    )
    op.add_column("quote_about", sa.Column("start", sa.Integer(), nullable=True))
    op.add_column("quote_about", sa.Column("end", sa.Integer(), nullable=True))
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"UPDATE quotes SET about_json = {_ABOUT_JSON}")


def downgrade() -> None:
    op.execute('ALTER TABLE quote_about DROP COLUMN "end"')
    op.execute("ALTER TABLE quote_about DROP COLUMN start")
    op.execute("ALTER TABLE quote_about DROP COLUMN how")
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"UPDATE quotes SET about_json = {_ABOUT_JSON_0003}")
