"""Whom a quote is about: the people, organizations and places it mentions, by canonical name.

"President Biden" inside a quote is the article's Joe Biden; "the Russian economy" is about
Russia (the demonym table turns the adjective into the place); "the US" is the United States
(the aliases table).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Span

from quotes.lexicon import Lexicon
from quotes.models import EntityKind, EntityRef
from quotes.names import clean_name, resolve_alias

if TYPE_CHECKING:
    from quotes.speakers import ArticleIndex

__all__ = ["about_entities"]

_KINDS: dict[str, EntityKind] = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "NORP": "place",
    "FAC": "organization",
}


def _ref(ent: Span, index: ArticleIndex, lexicon: Lexicon) -> EntityRef | None:
    kind = _KINDS.get(ent.label_)
    if kind is None:
        return None
    if kind == "person":
        person = next((p for t in ent if (p := index.person_at(t)) is not None), None)
        return person.ref() if person is not None else None
    name = clean_name(ent.text, lexicon)
    if not name or not any(ch.isalpha() for ch in name):
        return None
    if ent.label_ == "NORP":
        lowered = name.lower()
        place = lexicon.demonyms.get(lowered) or lexicon.demonyms.get(lowered.rstrip("s"))
        if place is None:
            return EntityRef(name, "organization")  # "Republicans", "Democrats"
        return EntityRef(resolve_alias(place, lexicon), "place")
    return EntityRef(resolve_alias(name, lexicon), kind)


def about_entities(
    tokens: Span, index: ArticleIndex, lexicon: Lexicon, exclude: EntityRef | None = None
) -> tuple[EntityRef, ...]:
    """The distinct entities mentioned in ``tokens``, in order of first mention."""
    seen: dict[str, EntityRef] = {}
    for ent in index.ents_within(tokens):
        ref = _ref(ent, index, lexicon)
        if ref is None or ref.name in seen:
            continue
        if exclude is not None and ref.name == exclude.name:
            continue
        seen[ref.name] = ref
    return tuple(seen.values())
