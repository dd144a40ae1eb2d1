"""The extractor the API uses: the spaCy pipeline loaded once, called one text at a time.

:class:`Extractor` loads the pipeline when it is made (in the app's lifespan, so the first
request does not pay for it) and then runs :func:`quotes.extract.extract`, which reuses that
same loaded pipeline. Calls are serialised with a lock: a spaCy pipeline adds strings to its
shared vocabulary while it parses, which is not safe from several threads at once, and the
parse is CPU-bound, so threads would not run it faster anyway.
"""

from __future__ import annotations

import threading

from spacy.language import Language

from quotes.extract import extract
from quotes.models import Quote
from quotes.pipeline import DEFAULT_MODEL, load_pipeline

__all__ = ["Extractor"]


class Extractor:
    """Quotes of one text with the pipeline of ``model`` (default: the bundled one)."""

    def __init__(self, model: str | None = None) -> None:
        self.model = model or DEFAULT_MODEL
        self.nlp: Language = load_pipeline(self.model)
        self._lock = threading.Lock()

    def __call__(self, text: str) -> list[Quote]:
        with self._lock:
            return extract(text, model=self.model)
