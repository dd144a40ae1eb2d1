"""Cross-article entity resolution: which stored entity an article's EntityRef is.

The extractor makes names canonical within one article; across articles the same person comes
back as "Peskov", "Peskow" or "Dmitri Peskow". This module decides, without touching the
database, which of a few candidate entities (found by the store through the indexed surname
key or an alias) a reference names, and which canonical name the entity should then carry.

Rules, in the order they are tried:

- only entities of the same kind merge, except that an organization and a place of the same
  name (after alias resolution) are one: a country, a state or a city is both a place and an
  actor ("the United States said"), and the extractor cannot tell which a sentence means; the
  entity is then a place (:func:`merged_kind`), whatever order the articles come in;
- an anonymous source ("a senior official") merges only on the same folded name: two
  unnamed officials in two articles are not known to be one person;
- people merge when :func:`quotes.text.names.same_name` holds against the canonical name, so
  "Bill Clinton" and "Hillary Clinton" stay apart;
- places and organizations merge on the same name after :func:`~quotes.text.names.resolve_alias`
  ("EU" is "European Union"), or on ``same_name`` with as many words ("Kreml"/"Kremlin", but
  "House" is not "White House");
- when several incompatible candidates fit a bare surname ("Clinton"), nothing is guessed:
  the caller keeps or creates a surname-only entity.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from quotes.models import EntityRef
from quotes.text.names import fold, name_tokens, resolve_alias, same_name, surname_key

__all__ = [
    "Candidate",
    "alias_key",
    "blocking_keys",
    "choose_entity",
    "compatible_kinds",
    "completeness",
    "lookup_keys",
    "matches",
    "merged_kind",
    "preferred_name",
    "spellings",
]


@dataclass(frozen=True, slots=True)
class Candidate:
    """A stored entity that might be the one a reference names."""

    id: int
    name: str
    kind: str
    alias_keys: frozenset[str] = frozenset()


# Name comparisons are pure and repeat a lot during an ingest: cache them per process.
_CACHE = 1 << 16


@lru_cache(maxsize=_CACHE)
def _same_name(a: str, b: str) -> bool:
    return same_name(a, b)


@lru_cache(maxsize=_CACHE)
def alias_key(name: str) -> str:
    """The folded form aliases are indexed under: ASCII, lower case, transliteration-folded."""
    return fold(name)


def spellings(ref: EntityRef) -> list[str]:
    """The reference's name and aliases, without blanks or repeats, name first."""
    seen: dict[str, None] = {}
    for name in (ref.name, *ref.aliases):
        cleaned = " ".join(name.split())
        if cleaned:
            seen.setdefault(cleaned, None)
    return list(seen)


@lru_cache(maxsize=_CACHE)
def lookup_keys(name: str) -> frozenset[str]:
    """Alias keys a name can be found under: as written and after alias resolution."""
    return frozenset(k for k in (alias_key(name), alias_key(resolve_alias(name))) if k)


@lru_cache(maxsize=_CACHE)
def _surname_keys(name: str) -> frozenset[str]:
    return frozenset({surname_key(name), surname_key(resolve_alias(name))} - {""})


def blocking_keys(names: Iterable[str]) -> set[str]:
    """Surname keys of the names, as written and after alias resolution."""
    return set().union(*(_surname_keys(name) for name in names))


@lru_cache(maxsize=_CACHE)
def completeness(name: str) -> int:
    """How complete a name is: the number of name words ("Jen Psaki" 2, "Psaki" 1)."""
    return len(name_tokens(name))


def preferred_name(current: str, new: str) -> str:
    """The canonical name to keep: the more complete one; on a tie, the one seen first."""
    return new if completeness(new) > completeness(current) else current


# Kinds whose entities merge with each other on the same name (see the module docstring).
_PLACE_OR_ACTOR = frozenset({"organization", "place"})


def compatible_kinds(kind: str) -> frozenset[str]:
    """The kinds an entity of ``kind`` can be stored under: itself, or organization/place."""
    return _PLACE_OR_ACTOR if kind in _PLACE_OR_ACTOR else frozenset({kind})


def merged_kind(stored: str, seen: str) -> str:
    """The kind of a stored entity once a reference of kind ``seen`` resolved to it.

    An organization that is also named as a place becomes a place (a country, a state, a
    city): the result does not depend on which article came first, so writers in parallel
    and in any order give the same store.
    """
    return "place" if {stored, seen} == _PLACE_OR_ACTOR else stored


def _compatible(name: str, kind: str, candidate: Candidate) -> bool:
    if candidate.kind != kind:
        # Across the two kinds only the same name, not a spelling variant: "Georgia" the
        # country and "Georgia" the state department would be a guess too far otherwise.
        return candidate.kind in compatible_kinds(kind) and bool(
            lookup_keys(name) & (lookup_keys(candidate.name) | candidate.alias_keys)
        )
    if kind == "anonymous":
        return alias_key(name) in candidate.alias_keys or alias_key(name) == alias_key(
            candidate.name
        )
    if kind == "person":
        return _same_name(name, candidate.name)
    if lookup_keys(name) & lookup_keys(candidate.name):
        return True
    # Organizations and places: a spelling variant, not a shorter or longer name.
    return completeness(name) == completeness(candidate.name) and _same_name(name, candidate.name)


def matches(name: str, candidate: Candidate) -> bool:
    """True when ``name`` can name ``candidate`` under the rules of its kind."""
    return _compatible(name, candidate.kind, candidate)


def _tier(name: str, candidate: Candidate) -> int:
    """0: the canonical name itself; 1: a known spelling; 2: a compatible name."""
    if alias_key(name) == alias_key(candidate.name):
        return 0
    if lookup_keys(name) & candidate.alias_keys:
        return 1
    return 2


def choose_entity(ref: EntityRef, candidates: Sequence[Candidate]) -> int | None:
    """The id of the entity ``ref`` names among ``candidates``, or None for a new entity."""
    fitting = [c for c in candidates if _compatible(ref.name, ref.kind, c)]
    if not fitting:
        return None
    best_tier = min(_tier(ref.name, c) for c in fitting)
    best = sorted(
        (c for c in fitting if _tier(ref.name, c) == best_tier),
        key=lambda c: (c.kind != ref.kind, c.id),  # the same kind first, then the oldest
    )
    if best_tier == 0 or len(best) == 1:
        return best[0].id
    # Several entities fit equally well: take them as one only if they agree with each other.
    first = best[0]
    if all(_compatible(other.name, other.kind, first) for other in best[1:]):
        return first.id
    return None
