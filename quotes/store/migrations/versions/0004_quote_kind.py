"""quotes.kind: direct quote, indirect (reported speech) or mixed; existing rows are direct

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Every quote stored before reported speech was extracted is a direct quote: the server
    # default fills the existing rows in the same statement.
    op.add_column(
        "quotes",
        sa.Column("kind", sa.String(length=10), nullable=False, server_default="direct"),
    )


def downgrade() -> None:
    op.execute("ALTER TABLE quotes DROP COLUMN kind")
