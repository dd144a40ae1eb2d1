"""The API's hot reads: SQLAlchemy statements compiled once, run on the bare DB-API driver.

A SQLAlchemy ``Connection.execute`` costs more per call (cache-key lookup, parameter and
result processing, the ``begin`` event) than SQLite takes to answer the short indexed reads
the API serves most. So :func:`prepare` compiles a Core statement once, for the engine's
dialect, to the driver's own SQL and parameter order, and :func:`read_cursor` runs it on a
connection checked out of the store's pool, inside one read transaction (one snapshot for
every statement of a request). The SQL stays written once, as Core, for SQLite and
PostgreSQL alike. Driver errors become :class:`~quotes.errors.StoreError`, like the store's.

Values are bound as the driver takes them: dates as ISO strings (SQLite stores them so, and
psycopg sends a ``str`` untyped, so PostgreSQL casts it to the column's ``date``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Dialect
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler

from quotes.errors import StoreError
from quotes.store.database import Store

__all__ = ["SQLITE_ROUND3", "Prepared", "bucket", "padded", "prepare", "read_cursor"]

# SQLite reads a file much larger than its page cache through read() calls; mapping it
# lets a read touch the OS page cache directly (a maximum, not an allocation).
_SQLITE_MMAP_BYTES = 256 << 20
_TUNED = "quotes_api_tuned"
# ``round(x, 3)`` as Python rounds (a SQL function on the API's SQLite connections): SQLite's
# own ``round`` rounds halves away from zero (0.8125 -> 0.813, Python 0.812).
SQLITE_ROUND3 = "quotes_round3"


@dataclass(frozen=True, slots=True)
class Prepared:
    """A statement as the driver runs it: its SQL and how to pass the parameters."""

    sql: str
    positions: tuple[str, ...] | None  # parameter order (qmark style), None for named style
    defaults: Mapping[str, Any]  # values bound in the statement itself

    def args(self, params: Mapping[str, Any]) -> Sequence[Any] | Mapping[str, Any]:
        """``params`` (by name) in the form the driver wants."""
        merged = {**self.defaults, **params} if self.defaults else params
        if self.positions is None:
            return merged
        return tuple(merged[name] for name in self.positions)


def prepare(statement: ClauseElement, dialect: Dialect) -> Prepared:
    """``statement`` compiled for ``dialect`` (its bound values kept as defaults)."""
    compiled = statement.compile(dialect=dialect)
    assert isinstance(compiled, SQLCompiler)
    defaults = {
        name: param.effective_value
        for param, name in compiled.bind_names.items()
        if not param.required
    }
    positions = tuple(compiled.positiontup or ()) if compiled.positional else None
    return Prepared(compiled.string, positions, defaults)


def bucket(size: int) -> int:
    """The power of two at or above ``size``: how many placeholders to compile for it."""
    return 1 << max(size - 1, 0).bit_length()


def padded(values: Sequence[Any], size: int) -> list[Any]:
    """``values`` repeated at the end up to ``size``: an ``IN`` list ignores repeats."""
    return [*values, *[values[-1]] * (size - len(values))]


@contextmanager
def read_cursor(store: Store) -> Iterator[Any]:
    """A DB-API cursor on a pooled connection, in one read-only transaction."""
    try:
        connection = store.engine.raw_connection()
    except SQLAlchemyError as err:
        raise StoreError(f"database error: {err}") from err
    dbapi = store.engine.dialect.loaded_dbapi
    try:
        cursor = connection.cursor()
        if store.dialect == "sqlite":
            _tune_sqlite(connection, cursor)
            cursor.execute("BEGIN")  # the pool's connections run in autocommit mode
        yield cursor
    except dbapi.Error as err:
        raise StoreError(f"database error: {err}") from err
    finally:
        try:
            connection.rollback()  # read only: ends the transaction, nothing to keep
        finally:
            connection.close()  # back to the pool


def _tune_sqlite(connection: Any, cursor: Any) -> None:
    # Once per pooled connection: ``info`` lives as long as the DB-API connection does.
    if not connection.info.get(_TUNED):
        cursor.execute(f"PRAGMA mmap_size={_SQLITE_MMAP_BYTES}")
        connection.driver_connection.create_function(SQLITE_ROUND3, 1, _round3, deterministic=True)
        connection.info[_TUNED] = True


def _round3(value: float | None) -> float | None:
    return None if value is None else round(float(value), 3)
