"""``GET /v1/entities/{name}/quoted-about``: who said what about an entity.

The entity is found by any alias or spelling; the page lists quotes about it, newest first,
each with its speaker. An unknown name is a 404 with the closest names.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import Response

from api.deps import PagingDep, StoreDep
from api.lookup import not_found
from api.routes import problems, quote_page_response
from api.routes.speakers import Kind, Since, Until
from api.schemas import EntityPublic, EntityQuotesPublic
from quotes.store import reads

__all__ = ["router"]

router = APIRouter(prefix="/entities", tags=["entities"])


@router.get(
    "/{name:path}/quoted-about",
    summary="Quotes about an entity",
    response_model=EntityQuotesPublic,
    responses=problems(404, 422),
)
def quoted_about(
    store: StoreDep,
    paging: PagingDep,
    name: Annotated[str, Path(min_length=1, max_length=200, description="Any alias or spelling.")],
    since: Since = None,
    until: Until = None,
    kind: Kind = None,
) -> Response:
    """The entity, and a page of the quotes about it with who said them."""
    found = store.find_entities(name)
    if not found:
        raise not_found(store, name, what="entity", speakers_only=False)
    where = reads.QuoteFilter(about=[e.id for e in found], since=since, until=until, kind=kind)
    entity = EntityPublic.from_record(found[0]).model_dump()
    return quote_page_response(store, where, paging, entity=entity)
