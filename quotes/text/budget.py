"""What one article may cost, checked before any parse, and long runs cut before spaCy.

An article is refused at once (a :class:`~quotes.errors.BudgetError`, so the API, ingest and
``extract()`` all report it the same way) when it is over one of the cheap limits:

- ``MAX_CHARS`` characters: a long article is about 50,000; the parse costs time and memory
  in proportion to the length, so the limit is what bounds both before the worker's own
  time and memory limits (:mod:`quotes.batch.workpool`) have to;
- ``MAX_RUN`` characters without a space: no word, URL or figure is that long, only an
  attack (100,000 ``"`` in a row) or a broken file;
- ``MAX_MARKS`` quotation marks (every style, apostrophes included): a long interview has a
  few hundred.

Runs shorter than ``MAX_RUN`` but longer than ``SPLIT_RUN`` are cut into pieces of
``SPLIT_RUN`` characters before spaCy's tokenizer sees them (:class:`RunSplittingTokenizer`):
the tokenizer strips prefixes and suffixes from a token one at a time, searching what is
left each time, so its time grows with the square of a token's length (a 16,000-character
token of ``$`` took 40 s). Cut, a run costs ``SPLIT_RUN`` squared per piece: linear in the
run. The pieces are tokenized as usual and joined without space, so ``doc.text`` is the
article, character for character, and every offset holds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from quotes.errors import BudgetError
from quotes.text.marks import ALL_MARKS

__all__ = ["MAX_CHARS", "MAX_MARKS", "MAX_RUN", "SPLIT_RUN", "RunSplittingTokenizer", "check"]

MAX_CHARS = 300_000
MAX_RUN = 5_000
MAX_MARKS = 10_000
# A URL is rarely longer; a word never is. Below this, the tokenizer's square is small.
SPLIT_RUN = 64

_LONG_RUN = re.compile(rf"\S{{{SPLIT_RUN + 1},}}")


def check(text: str) -> None:
    """Raise :class:`BudgetError` if ``text`` is over a cheap limit (linear, no parse)."""
    if len(text) > MAX_CHARS:
        raise BudgetError(
            f"text has {len(text):,} characters; the limit is {MAX_CHARS:,}", "characters"
        )
    # str.split and str.count run in C, in one pass each: the regex's \S{65,} took up to 36 ms
    # on 300,000 characters of short words (it counts each word again from every letter),
    # and translate() for the marks 40 ms on curly quotes; both held the server's GIL, which
    # its event loop needs to answer /healthz while a write is checked.
    longest = max(map(len, text.split()), default=0)
    if longest > MAX_RUN:
        raise BudgetError(
            f"text has a run of {longest:,} characters without a space; the limit is {MAX_RUN:,}",
            "token",
        )
    marks = sum(map(text.count, ALL_MARKS))
    if marks > MAX_MARKS:
        raise BudgetError(
            f"text has {marks:,} quotation marks; the limit is {MAX_MARKS:,}", "marks"
        )


class RunSplittingTokenizer:
    """spaCy's tokenizer, with runs over ``SPLIT_RUN`` characters tokenized piece by piece.

    A text without such a run (almost every article) goes to the tokenizer whole, as before.
    """

    def __init__(self, tokenizer: Tokenizer) -> None:
        self.tokenizer = tokenizer
        self.vocab = tokenizer.vocab

    def __call__(self, text: str) -> Doc:
        runs = list(_LONG_RUN.finditer(text))
        if not runs:
            return self.tokenizer(text)
        docs: list[Doc] = []
        at = 0
        for run in runs:
            if run.start() > at:
                docs.append(self.tokenizer(text[at : run.start()]))
            for piece in range(run.start(), run.end(), SPLIT_RUN):
                end = min(piece + SPLIT_RUN, run.end())
                docs.append(self.tokenizer(text[piece:end]))
            at = run.end()
        if at < len(text):
            docs.append(self.tokenizer(text[at:]))
        return Doc.from_docs(docs, ensure_whitespace=False)

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        """One Doc per text, as :meth:`Tokenizer.pipe`."""
        return (self(text) for text in texts)

    def __getattr__(self, name: str) -> object:
        # Everything else (rules, infix_finditer, explain, to_disk) is the wrapped tokenizer's.
        return getattr(self.tokenizer, name)
