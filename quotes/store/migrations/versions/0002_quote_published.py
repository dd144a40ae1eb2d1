"""quotes.published: the article's date on each quote, and the speaker page's index

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Plain ALTER TABLE on both dialects (SQLite >= 3.35 drops columns): batch mode would copy
# the quotes table, and dropping the old copy would cascade to quote_about.


def upgrade() -> None:
    op.add_column("quotes", sa.Column("published", sa.Date(), nullable=True))
    op.execute(
        "UPDATE quotes SET published = "
        "(SELECT articles.published FROM articles WHERE articles.id = quotes.article_id)"
    )
    op.create_index(
        "ix_quotes_speaker_page", "quotes", ["speaker_id", "published", "article_id", "start"]
    )


def downgrade() -> None:
    op.drop_index("ix_quotes_speaker_page", table_name="quotes")
    op.execute("ALTER TABLE quotes DROP COLUMN published")
