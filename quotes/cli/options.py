"""Options and helpers the store-backed sub-commands share: ``--db`` and opening the store.

``--db`` takes a SQLAlchemy URL or a SQLite file path, falls back to ``$QUOTES_DB`` and then
to ``quotes.db`` in the working directory.
"""

from __future__ import annotations

from typing import Annotated, NoReturn

import typer

from quotes.errors import QuotesError
from quotes.store import Store

__all__ = ["DbOption", "fail", "open_store"]

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="QUOTES_DB",
        help="Database URL or SQLite file (default: quotes.db).",
        show_envvar=True,
    ),
]


def fail(err: Exception, code: int = 1) -> NoReturn:
    """One line on stderr and exit ``code``."""
    typer.echo(f"quotes: {err}", err=True)
    raise typer.Exit(code) from err


def open_store(db: str | None) -> Store:
    """The store at ``db``, its schema upgraded; a failure exits with code 2."""
    try:
        return Store.open(db)
    except QuotesError as err:
        fail(err, 2)
