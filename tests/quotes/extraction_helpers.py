"""What the reported-speech tests read from an extraction: the records that are not direct."""

from __future__ import annotations

from quotes import extract
from quotes.models import Quote


def reported(text: str) -> list[Quote]:
    """The indirect and mixed records of ``text``, in text order."""
    return [q for q in extract(text) if q.kind != "direct"]
