"""What the extraction tests read from an extraction, shared by the speaker, about and
reported-speech test files (made-up texts only)."""

from __future__ import annotations

from collections.abc import Iterable

from quotes import extract
from quotes.models import Quote
from quotes.nlp.attribution import attribute
from quotes.nlp.pipeline import load_pipeline
from quotes.nlp.ranker import Candidate
from quotes.text.lexicon import default_lexicon
from quotes.text.marks import find_quotes


def reported(text: str) -> list[Quote]:
    """The indirect and mixed records of ``text``, in text order."""
    return [q for q in extract(text) if q.kind != "direct"]


def one_statement(text: str, content: str, speaker: str) -> Quote:
    """The one reported record of ``text``: its words are ``content``, its speaker's name
    ``speaker``. Returned for what a test checks besides."""
    found = reported(text)
    assert [q.text for q in found] == [content]
    assert found[0].speaker is not None and found[0].speaker.name == speaker
    return found[0]


def the_quote(text: str, word: str) -> Quote:
    """The one record of ``text`` whose words hold ``word``."""
    found = [q for q in extract(text) if word in q.text]
    assert len(found) == 1, found
    return found[0]


def about_names(text: str, word: str) -> set[str]:
    """The names the quote holding ``word`` is about."""
    return {ref.name for ref in the_quote(text, word).about}


def check_names(names: set[str], present: str | None, absent: str | Iterable[str] | None) -> None:
    """``present`` is among ``names`` and none of ``absent`` is (either may be ``None``)."""
    if present is not None:
        assert present in names, names
    for name in (absent,) if isinstance(absent, str) else absent or ():
        assert name not in names, names


def by_the_rules(text: str) -> tuple[list[Quote], list[list[Candidate]]]:
    """The direct quotes of ``text`` as the rules attribute them (no speaker model: the model
    may rescue a rule's miss on a text this small, which would hide what the rule does), and
    every quote's candidates."""
    doc = load_pipeline()(text, disable=["quote_attribution"])
    seen: list[list[Candidate]] = []
    quotes = attribute(
        doc, find_quotes(doc.text), default_lexicon(), observe=lambda _q, _quote, c: seen.append(c)
    )
    return [q for q in quotes if q.kind == "direct"], seen


def speaker_by_the_rules(text: str) -> tuple[str | None, str | None]:
    """The name and kind of the last direct quote's speaker, as the rules give it."""
    quote = by_the_rules(text)[0][-1]
    return (quote.speaker.name, quote.speaker.kind) if quote.speaker else (None, None)
