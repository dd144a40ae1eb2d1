"""Alembic environment: runs the migrations on the connection :mod:`quotes.store.migrations`
hands in.

Run from the command line (``alembic -x url=...``) it opens its own connection instead.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from quotes.store.schema import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things: batch mode copies the table instead.
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    url = context.get_x_argument(as_dictionary=True).get("url", "sqlite:///quotes.db")
    engine = create_engine(url)
    with engine.begin() as own:
        _run(own)
    engine.dispose()
