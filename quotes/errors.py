"""The errors the ``quotes`` library raises.

Every domain error is a :class:`QuotesError`, so callers (the CLI, the API) can catch one type
and map it to an exit code or an HTTP status. The hierarchy::

    QuotesError
    ├── ModelNotFoundError      the spaCy model package is not installed
    ├── DaskMissingError        --dask without the optional dask extra
    ├── InputError              text or file that cannot be processed
    │   └── EmptyInputError     nothing but whitespace
    ├── LexiconError            a table in data/lexicon is missing or malformed
    ├── StoreError              the database refused or failed an operation
    │   └── NotFoundError       no such article or entity
    └── ExportError             a graph could not be written
"""

from __future__ import annotations

__all__ = [
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


class LexiconError(QuotesError):
    """A lexicon table is missing or malformed."""


class StoreError(QuotesError):
    """The store failed an operation."""


class NotFoundError(StoreError):
    """No article or entity matches the request."""


class ExportError(QuotesError):
    """A graph export failed."""
