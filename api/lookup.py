"""Names in requests: resolve them to entities, or answer 404 with the closest known names.

A name can be any alias or spelling variant ("Peskow" finds Dmitry Peskov). One that names
nothing is a 404 problem whose ``detail`` and ``suggestions`` list the closest names
(:func:`quotes.store.reads.unknown_name`), so a client can correct a typo instead of reading an
empty page.
"""

from __future__ import annotations

from api.errors import ProblemError
from quotes.store import reads
from quotes.store.database import Store

__all__ = ["not_found", "resolve_or_404"]


def not_found(store: Store, name: str, *, what: str, speakers_only: bool) -> ProblemError:
    """The 404 for an unknown ``name``, with the closest names it could have meant."""
    detail, suggestions = reads.unknown_name(store, name, what=what, speakers_only=speakers_only)
    return ProblemError(404, detail, suggestions=suggestions)


def resolve_or_404(
    store: Store, name: str, *, what: str = "entity", speakers_only: bool = False
) -> list[int]:
    """Ids of the entities ``name`` names; a 404 problem when there are none."""
    ids = reads.resolve(store, name)
    if not ids:
        raise not_found(store, name, what=what, speakers_only=speakers_only)
    return ids
