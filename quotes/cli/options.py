"""Options and helpers the store-backed sub-commands share: ``--db`` and opening the store.

``--db`` takes a SQLAlchemy URL or a SQLite file path, falls back to ``$QUOTES_DB`` and then
to ``quotes.db`` in the working directory.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, NoReturn

import typer
from rich.console import Console

from quotes.errors import QuotesError
from quotes.store.database import Store

__all__ = ["DbOption", "StdoutConsole", "fail", "open_store", "reader_may_leave"]

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="QUOTES_DB",
        metavar="URL",
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


def _closed_pipe(err: BaseException) -> bool:
    while err is not None:
        if isinstance(err, BrokenPipeError):
            return True
        err = err.__cause__  # type: ignore[assignment]
    return False


@contextmanager
def reader_may_leave() -> Iterator[None]:
    """Stop quietly, exit 0, when the reader of stdout goes away (``quotes export csv | head``).

    The writers wrap the ``BrokenPipeError`` in their own error (``cannot write CSV``); both
    are caught here. Standard output is pointed at ``/dev/null`` so that the interpreter's
    final flush does not print the same error again on the way out.
    """
    try:
        yield
    except (BrokenPipeError, QuotesError) as err:
        if not _closed_pipe(err):
            raise
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise typer.Exit(0) from None


class StdoutConsole(Console):
    """Rich's console on stdout, whose closed pipe :func:`reader_may_leave` handles.

    Rich would exit 1 by itself (``on_broken_pipe``); a closed pipe is not a failure.
    """

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError
