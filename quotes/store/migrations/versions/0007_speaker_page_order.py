"""ix_quotes_speaker_page in page order: published descending

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02

A speaker's page is newest article first. The index ran ``published`` ascending, so every
page sorted all of the speaker's quotes before taking its 20 (``USE TEMP B-TREE FOR ORDER
BY``): at a million quotes, ten times the quotes a speaker, that sort was the page's cost.
With ``published DESC`` in the index the page is read off it in order.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_NAME = "ix_quotes_speaker_page"


def upgrade() -> None:
    op.drop_index(_NAME, table_name="quotes")
    op.create_index(
        _NAME, "quotes", ["speaker_id", sa.text("published DESC"), "article_id", "start"]
    )


def downgrade() -> None:
    op.drop_index(_NAME, table_name="quotes")
    op.create_index(_NAME, "quotes", ["speaker_id", "published", "article_id", "start"])
