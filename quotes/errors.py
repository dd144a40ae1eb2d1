"""The errors the ``quotes`` library raises.

Every domain error is a :class:`QuotesError`, so callers (the CLI, the API) can catch one type
and map it to an exit code or an HTTP status. The hierarchy::

    QuotesError
    ├── ModelNotFoundError      the spaCy model package is not installed
    ├── DaskMissingError        --dask without the optional dask extra
    ├── InputError              text or file that cannot be processed
    │   ├── EmptyInputError     nothing but whitespace
    │   └── BudgetError         over a per-article budget (size, token, marks, time, memory)
    ├── BusyError               every extraction worker busy and the queue full: retry later
    ├── LexiconError            a table in data/lexicon is missing or malformed
    ├── StoreError              the database refused or failed an operation
    │   └── NotFoundError       no such article or entity
    └── ExportError             a graph could not be written
"""

from __future__ import annotations

__all__ = [
    "BudgetError",
    "BusyError",
    "DaskMissingError",
    "EmptyInputError",
    "ExportError",
    "InputError",
    "LexiconError",
    "ModelNotFoundError",
    "NotFoundError",
    "QuotesError",
    "StoreError",
]


class QuotesError(Exception):
    """Base class of every error raised by the quotes library."""


class ModelNotFoundError(QuotesError):
    """The requested spaCy model is not installed (nothing is downloaded at run time)."""


class DaskMissingError(QuotesError):
    """``--dask`` was asked for, but the optional ``dask[distributed]`` extra is missing."""


class InputError(QuotesError):
    """The input cannot be processed: wrong type, binary, not UTF-8, too large."""


class EmptyInputError(InputError):
    """The input holds no text."""


class BudgetError(InputError):
    """The article is over one of its budgets; ``limit`` names which one.

    ``limit`` is ``"characters"``, ``"token"`` or ``"marks"`` for the cheap checks made
    before any parse (:mod:`quotes.text.budget`), ``"time"`` or ``"memory"`` when a worker ran out
    of either on it (:mod:`quotes.batch.workpool`). Nothing is stored for such an article.
    """

    def __init__(self, message: str, limit: str) -> None:
        super().__init__(message)
        self.limit = limit

    def __reduce__(self) -> tuple[type[BudgetError], tuple[str, str]]:
        # Crosses process boundaries (worker -> server): keep ``limit`` when pickled.
        return (type(self), (str(self), self.limit))


class BusyError(QuotesError):
    """Every extraction worker is busy and the queue is full; ``retry_after`` in seconds."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after

    def __reduce__(self) -> tuple[type[BusyError], tuple[str, int]]:
        return (type(self), (str(self), self.retry_after))


class LexiconError(QuotesError):
    """A lexicon table is missing or malformed."""


class StoreError(QuotesError):
    """The store failed an operation."""


class NotFoundError(StoreError):
    """No article or entity matches the request."""


class ExportError(QuotesError):
    """A graph export failed."""
