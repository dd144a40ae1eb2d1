"""Alembic migrations of the store's schema, run from Python: no alembic.ini is needed.

:func:`upgrade` points Alembic at this folder and hands it an open connection, so
``Store(url).upgrade()`` works the same from the CLI, the API and the tests. To write a new
revision, change :mod:`quotes.store.schema`, then::

    python -c "from quotes.store.migrations import revision; revision('what changed')"

which autogenerates a script in ``versions/`` against a scratch SQLite database at head.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, create_engine

__all__ = ["config", "current", "head", "revision", "upgrade"]

HERE = Path(__file__).resolve().parent


def config(connection: Connection | None = None) -> Config:
    """An Alembic configuration for this folder, bound to ``connection`` if given."""
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.set_main_option("path_separator", "os")
    cfg.set_main_option("version_locations", str(HERE / "versions"))
    cfg.attributes["connection"] = connection
    return cfg


def upgrade(connection: Connection, target: str = "head") -> None:
    """Migrate the database behind ``connection`` up to ``target``."""
    command.upgrade(config(connection), target)


def current(connection: Connection) -> str | None:
    """The revision the database is at, or None for an empty database."""
    return MigrationContext.configure(connection).get_current_revision()


def head() -> str:
    """The newest revision shipped with this version of the package."""
    heads = ScriptDirectory.from_config(config()).get_heads()
    if len(heads) != 1:
        raise RuntimeError(f"expected one migration head, found {heads}")
    return heads[0]


def revision(message: str) -> None:
    """Autogenerate a new revision from the difference between head and the models."""
    with tempfile.TemporaryDirectory() as scratch:
        engine = create_engine(f"sqlite:///{Path(scratch) / 'scratch.db'}")
        with engine.begin() as connection:
            upgrade(connection)
            command.revision(config(connection), message=message, autogenerate=True)
        engine.dispose()
