"""``/v1/speakers``: who is quoted, one speaker, and what they said.

A ``{name}`` is any alias or spelling variant: ``/v1/speakers/Peskow/quotes`` gives Dmitry
Peskov's quotes. An unknown name is a 404 that lists the closest names.

A speaker's quotes are the API's busiest read. That route is ``async``: on SQLite its reads
(a cached name, one indexed page query on the bare driver) take well under a millisecond
and never wait for a writer, less than the hop to the threadpool would cost; on PostgreSQL
they go to the threadpool (:func:`api.cache.run_read`). Whole bodies are cached by URL for
as long as the store is unchanged (:mod:`api.cache`).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response
from starlette.datastructures import State

from api.cache import ReadCache, resolve_cached, run_read, url_key
from api.deps import MAX_LIMIT, MAX_OFFSET, Paging, PagingDep, StoreDep
from api.lookup import not_found
from api.routes import array_page_body, json_response, problems
from api.schemas import (
    EntityKind,
    QuoteKind,
    QuotesPublic,
    SpeakerDetailPublic,
    SpeakerPublic,
    SpeakersPublic,
    next_offset,
)
from quotes.errors import NotFoundError
from quotes.store import reads
from quotes.store.database import Store

__all__ = ["router", "speaker_quotes_body"]


router = APIRouter(prefix="/speakers", tags=["speakers"])

Name = Annotated[str, Path(min_length=1, max_length=200, description="Any alias or spelling.")]
About = Annotated[
    str | None, Query(min_length=1, max_length=200, description="Only quotes about this entity.")
]
Since = Annotated[dt.date | None, Query(description="Published on or after (YYYY-MM-DD).")]
Kind = Annotated[
    QuoteKind | None,
    Query(description="Only quotes of this kind: direct, indirect (reported speech), mixed."),
]
Until = Annotated[dt.date | None, Query(description="Published on or before (YYYY-MM-DD).")]
MinConfidence = Annotated[
    float | None,
    Query(
        ge=0.0,
        le=1.0,
        description="Only quotes whose speaker is right with at least this probability "
        "(the quote's calibrated `confidence`).",
    ),
]
# As :func:`api.deps.get_paging` declares them, for the one route that takes them flat.
DEFAULT_LIMIT = 50
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page.")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip.")]


@router.get("", summary="List speakers", responses=problems(422))
def list_speakers(
    store: StoreDep,
    paging: PagingDep,
    q: Annotated[
        str | None,
        Query(min_length=1, max_length=200, description="Part of any alias, or a spelling."),
    ] = None,
    kind: Annotated[EntityKind | None, Query(description="Only speakers of this kind.")] = None,
) -> SpeakersPublic:
    """Speakers with their quote counts, most quoted first."""
    found, total = reads.speaker_page(store, q, kind, limit=paging.limit, offset=paging.offset)
    return SpeakersPublic(
        data=[SpeakerPublic.from_count(s) for s in found],
        total=total,
        next_offset=next_offset(paging.offset, len(found), total),
    )


@router.get(
    "/{name:path}/quotes",
    summary="A speaker's quotes",
    response_model=QuotesPublic,
    responses=problems(404, 422),
)
async def speaker_quotes(
    request: Request,
    name: Name,
    about: About = None,
    since: Since = None,
    until: Until = None,
    min_confidence: MinConfidence = None,
    kind: Kind = None,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> Response:
    """Their quotes, newest first, each with its article, offsets, cue, role and `about`."""
    # The API's busiest read. Its parameters are declared flat, and the store and cache are
    # read off the app's state rather than through dependencies: each dependency is one more
    # resolution pass. (So ``dependency_overrides`` of ``get_store`` does not reach this
    # route.) Plain requests do not even get here: :mod:`api.fastpath` answers them with
    # the same function, and sends anything else (errors included) to this route.
    key = url_key(request)
    body = await speaker_quotes_body(
        request.app.state, key, name, about, since, until, Paging(limit, offset),
        min_confidence=min_confidence, kind=kind,
    )  # fmt: skip
    return json_response(body)


# After "/{name:path}/quotes": a path parameter takes "/" too, so the longer path goes first.
@router.get("/{name:path}", summary="One speaker", responses=problems(404, 422))
def get_speaker(store: StoreDep, name: Name) -> SpeakerDetailPublic:
    """Canonical name, kind, aliases, roles, quote counts and the entities they talk about."""
    try:
        detail = store.entity_detail(name)
    except NotFoundError:
        raise not_found(store, name, what="speaker", speakers_only=True) from None
    return SpeakerDetailPublic.from_detail(detail)


async def speaker_quotes_body(
    state: State,
    key: str,
    name: str,
    about: str | None,
    since: dt.date | None,
    until: dt.date | None,
    paging: Paging,
    *,
    min_confidence: float | None = None,
    kind: str | None = None,
) -> bytes:
    """The JSON page of a speaker's quotes: from the cache while the store has not changed.

    ``key`` is the request's :func:`~api.cache.url_key`. An unknown name (or ``about``)
    raises the 404 :class:`~api.errors.ProblemError` with the closest names.
    """
    store: Store = state.store
    cache: ReadCache = state.read_cache
    version = await run_read(cache, cache.version.current)
    body = cache.bodies.get(key, version)
    if body is not None:
        return body
    where = reads.QuoteFilter(
        speakers=await resolve_cached(
            cache, store, version, name, what="speaker", speakers_only=True
        ),
        about=await resolve_cached(cache, store, version, about) if about else None,
        since=since,
        until=until,
        min_confidence=min_confidence,
        kind=kind,
    )
    array, count, total = await run_read(
        cache, reads.quote_page_json, store, where, limit=paging.limit, offset=paging.offset
    )
    body = array_page_body(array, count, total, paging.offset)
    cache.bodies.put(key, version, body, len(body))
    return body
