"""``GET /v1/quotes``: search every quote by speaker, target, article and words.

All filters are optional and combine with AND. ``speaker`` and ``about`` take any alias or
spelling (an unknown one is a 404 with suggestions); ``article`` an article id (404 if there
is none); ``q`` words the quote contains (case-insensitive); ``min_confidence`` the least
probability that the quote's speaker is right (its calibrated ``confidence``); ``kind`` one
kind of quote (direct, indirect, mixed).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.deps import PagingDep, StoreDep
from api.errors import ProblemError
from api.lookup import resolve_or_404
from api.routes import problems, quote_page_response
from api.routes.speakers import About, Kind, MinConfidence, Since, Until
from api.schemas import QuotesPublic
from quotes.store import reads

__all__ = ["router"]

router = APIRouter(prefix="/quotes", tags=["quotes"])


@router.get("", summary="Search quotes", response_model=QuotesPublic, responses=problems(404, 422))
def search_quotes(
    store: StoreDep,
    paging: PagingDep,
    speaker: Annotated[
        str | None, Query(min_length=1, max_length=200, description="Said by (any spelling).")
    ] = None,
    about: About = None,
    article: Annotated[str | None, Query(min_length=1, description="In this article.")] = None,
    q: Annotated[
        str | None, Query(min_length=1, max_length=500, description="Words in the quote.")
    ] = None,
    since: Since = None,
    until: Until = None,
    min_confidence: MinConfidence = None,
    kind: Kind = None,
) -> Response:
    """Matching quotes, newest first."""
    if article is not None and not reads.article_exists(store, article):
        raise ProblemError(404, f"no article {article!r}")
    where = reads.QuoteFilter(
        speakers=(
            resolve_or_404(store, speaker, what="speaker", speakers_only=True)
            if speaker is not None
            else None
        ),
        about=resolve_or_404(store, about) if about is not None else None,
        article=article,
        text=q,
        since=since,
        until=until,
        min_confidence=min_confidence,
        kind=kind,
    )
    return quote_page_response(store, where, paging)
