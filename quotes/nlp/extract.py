"""The public entry points: :func:`extract` for one text, :func:`extract_many` for a stream,
and :func:`extract_batch`, the pure batch function every worker backend runs.

Both return plain :class:`~quotes.models.Quote` records. The spaCy pipeline is loaded once per
process (see :func:`quotes.nlp.pipeline.load_pipeline`) and reused for every call.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator, Sequence

from quotes.errors import EmptyInputError, InputError
from quotes.models import Quote
from quotes.nlp.pipeline import full_parse_default, load_pipeline, load_selective
from quotes.text import budget

__all__ = ["extract", "extract_batch", "extract_many", "check_text", "MAX_CHARS"]

# An article is far shorter; longer input is refused rather than parsed for a minute.
MAX_CHARS = budget.MAX_CHARS
_SURROGATE = re.compile("[\ud800-\udfff]")
_PARSE = None  # in extract_many's queue: this text went to the pipe


def _check(text: object) -> str | None:
    """``text`` if it can be parsed, ``None`` if it is blank; raises :class:`InputError`."""
    if not isinstance(text, str):
        raise InputError(f"expected text as str, got {type(text).__name__}")
    if not text.strip():
        return None
    # Size, longest run, quotation marks: cheap, before any parse, and first, so that a
    # megabyte over the size limit is refused without scanning it.
    budget.check(text)
    if _SURROGATE.search(text):
        # A lone surrogate (from a JSON "\\ud800" escape) is not Unicode text: spaCy's
        # tokenizer would fail on it with a UnicodeEncodeError.
        raise InputError("text holds a lone surrogate (U+D800-U+DFFF): not valid Unicode")
    return text


def check_text(text: object) -> str:
    """``text`` if it can be extracted, else the :class:`InputError` (or
    :class:`~quotes.errors.BudgetError`) that extraction would raise, without parsing it:
    a caller can refuse an article before queueing it. A blank text raises
    :class:`~quotes.errors.EmptyInputError`: there is nothing to queue."""
    checked = _check(text)
    if checked is None:
        raise EmptyInputError("text is empty")
    return checked


def extract(text: str, *, model: str | None = None, full_parse: bool | None = None) -> list[Quote]:
    """Every quotation in ``text`` with its speaker, cue and the entities it is about.

    A blank text has none (``[]``); a text that cannot be parsed (not a string, longer than
    :data:`MAX_CHARS`, a lone surrogate) raises :class:`~quotes.errors.InputError`.
    """
    result = next(extract_many([text], model=model, batch_size=1, full_parse=full_parse))
    if isinstance(result, InputError):
        raise result
    return result


def extract_many(
    texts: Iterable[str],
    *,
    model: str | None = None,
    batch_size: int = 16,
    full_parse: bool | None = None,
) -> Iterator[list[Quote] | InputError]:
    """One result per text, in order, processed in batches: one text never aborts the batch.

    Each result is the text's list of quotes (``[]`` for an empty or whitespace-only text),
    or, for a text that cannot be parsed (not a string, longer than :data:`MAX_CHARS`, a lone
    surrogate), the :class:`~quotes.errors.InputError` it raised, yielded in its place, not
    raised. So ``zip(texts, extract_many(texts))`` pairs every text with its own outcome::

        for text, result in zip(texts, extract_many(texts)):
            if isinstance(result, InputError):
                ...  # this text only; the others have their quotes

    The parse is selective (:mod:`quotes.nlp.selective`): the full pipeline runs on the sentences
    the attribution reads (around quotes, inside them, those holding a possible speech cue)
    and the entity recognizer near the words that can start a name. ``full_parse=True``, or
    ``$QUOTES_FULL_PARSE=1`` when ``full_parse`` is ``None``, parses every word with
    ``nlp.pipe`` instead, to compare; so does a model selective parsing was not checked on
    (:func:`quotes.nlp.pipeline.load_selective` logs a warning once).
    """
    # The outcome of every text read so far, in input order; _PARSE marks a text sent to the
    # pipe, whose doc comes back in the same order. The pipe reads ahead by a batch, so the
    # settled outcomes before a doc's mark are yielded when that doc arrives.
    pending: deque[list[Quote] | InputError | None] = deque()

    def parseable() -> Iterator[str]:
        for text in texts:
            try:
                checked = _check(text)
            except InputError as err:
                pending.append(err)
                continue
            if checked is None:
                pending.append([])
                continue
            pending.append(_PARSE)
            yield checked

    runner = load_selective(model) if _use_selective(full_parse) else None
    if runner is not None:
        docs = runner.pipe(parseable(), batch_size=batch_size)
    else:
        docs = load_pipeline(model).pipe(parseable(), batch_size=batch_size)
    for doc in docs:
        while (settled := pending.popleft()) is not _PARSE:
            yield settled
        yield list(doc._.quotes)
    while pending:  # blank or refused texts after the last parsed one
        settled = pending.popleft()
        assert settled is not _PARSE, "the pipe returned fewer docs than it was given"
        yield settled


def _use_selective(full_parse: bool | None) -> bool:
    return not (full_parse_default() if full_parse is None else full_parse)


def extract_batch(
    texts: Sequence[str], *, model: str | None = None, full_parse: bool | None = None
) -> list[list[Quote] | InputError]:
    """The quotes of each text, or the :class:`InputError` that text raised.

    Pure: plain strings in, plain records out, so it can run in a worker process. One bad text
    costs only itself (:func:`~quotes.nlp.extract.extract_many` yields its error in its place). A
    blank text, which ``extract_many`` answers with no quotes, is refused here: an article
    with no text has nothing to store.
    """
    results = list(extract_many(texts, model=model, full_parse=full_parse))
    return [
        EmptyInputError("text is empty") if isinstance(text, str) and not text.strip() else result
        for text, result in zip(texts, results, strict=True)
    ]
