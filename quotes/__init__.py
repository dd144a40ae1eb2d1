"""Quote attribution for news: every quotation, its speaker by name, and whom it is about.

>>> from quotes import extract
>>> [(q.speaker.name, q.text) for q in extract(text)]  # doctest: +SKIP
"""

from __future__ import annotations

from quotes.errors import QuotesError
from quotes.models import Article, EntityRef, Quote, TextSpan
from quotes.nlp.extract import extract, extract_many

__all__ = [
    "Article",
    "EntityRef",
    "Quote",
    "QuotesError",
    "TextSpan",
    "extract",
    "extract_many",
]
