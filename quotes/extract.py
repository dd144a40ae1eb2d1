"""The public entry points: :func:`extract` for one text, :func:`extract_many` for a stream.

Both return plain :class:`~quotes.models.Quote` records. The spaCy pipeline is loaded once per
process (see :func:`quotes.pipeline.load_pipeline`) and reused for every call.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from quotes import budget
from quotes.errors import EmptyInputError, InputError
from quotes.models import Quote
from quotes.pipeline import load_pipeline, load_selective, selective_default

__all__ = ["extract", "extract_many", "check_text", "MAX_CHARS"]

# An article is far shorter; longer input is refused rather than parsed for a minute.
MAX_CHARS = budget.MAX_CHARS
_SURROGATE = re.compile("[\ud800-\udfff]")


def _check(text: object) -> str:
    if not isinstance(text, str):
        raise InputError(f"expected text as str, got {type(text).__name__}")
    if not text.strip():
        raise EmptyInputError("text is empty")
    if _SURROGATE.search(text):
        # A lone surrogate (from a JSON "\\ud800" escape) is not Unicode text: spaCy's
        # tokenizer would fail on it with a UnicodeEncodeError.
        raise InputError("text holds a lone surrogate (U+D800-U+DFFF): not valid Unicode")
    budget.check(text)  # size, longest run, quotation marks: cheap, before any parse
    return text


def check_text(text: object) -> str:
    """``text`` if it can be extracted, else the :class:`InputError` (or
    :class:`~quotes.errors.BudgetError`) that extraction would raise, without parsing it:
    a caller can refuse an article before queueing it."""
    return _check(text)


def extract(text: str, *, model: str | None = None, selective: bool | None = None) -> list[Quote]:
    """Every quotation in ``text`` with its speaker, cue and the entities it is about."""
    return next(extract_many([text], model=model, batch_size=1, selective=selective))


def extract_many(
    texts: Iterable[str],
    *,
    model: str | None = None,
    batch_size: int = 16,
    selective: bool | None = None,
) -> Iterator[list[Quote]]:
    """One list of quotes per text, in order, processed in batches.

    ``selective`` (default: ``$QUOTES_SELECTIVE``, off) runs the full parse only around quotes
    and the entity recognizer only near the words that can start a name
    (:mod:`quotes.selective`); off, every word is parsed with ``nlp.pipe``. An empty or
    invalid text raises :class:`~quotes.errors.InputError` when reached.
    """
    checked = (_check(t) for t in texts)
    runner = load_selective(model) if _use_selective(selective) else None
    if runner is not None:
        docs = runner.pipe(checked, batch_size=batch_size)
    else:
        docs = load_pipeline(model).pipe(checked, batch_size=batch_size)
    for doc in docs:
        yield list(doc._.quotes)


def _use_selective(selective: bool | None) -> bool:
    return selective_default() if selective is None else selective
