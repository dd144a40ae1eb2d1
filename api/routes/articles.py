"""``/v1/articles``: send an article in (its quotes are extracted and stored), get one out.

``POST`` needs a write key (``X-API-Key``). The text's SHA-256 is its identity: the same
text again answers 200 with what is stored and extracts nothing, so a client can retry
safely. A new text answers 201. An ``id`` already used by another text is a 409: replacing
an article's text is the ingest command's job (``quotes ingest --reprocess``), not a side
effect of a retry. The route is a coroutine: the store's calls run in the thread pool, the
extraction in a worker process that the route awaits (:mod:`api.extraction`), so no thread
waits on a parse. A write the workers cannot take now is a 503 with ``Retry-After``; an
article over its budget (size, longest run, quotation marks, time, memory) a 422 whose
``limit`` says which, and nothing is stored for it.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response, status
from starlette.concurrency import run_in_threadpool

from api.deps import ApiKeyDep, ExtractorDep, StoreDep
from api.errors import ProblemError
from api.routes import problems
from api.routes.speakers import Kind
from api.schemas import ARTICLE_ID_MAX_LENGTH, ARTICLE_ID_PATTERN, ArticleCreate, ArticlePublic
from quotes.models import Article
from quotes.store import reads
from quotes.store.database import Store, content_hash

__all__ = ["router"]

router = APIRouter(prefix="/articles", tags=["articles"])

# An article's quotes come back in one response; no real article has nearly this many.
_ARTICLE_QUOTES = 100_000


def _stored(store: Store, article_id: str, kind: str | None = None) -> ArticlePublic:
    article = store.get_article(article_id)
    where = reads.QuoteFilter(article=article_id, kind=kind)
    quotes, _ = reads.quote_page(store, where, limit=_ARTICLE_QUOTES, offset=0)
    return ArticlePublic.from_records(article, quotes)


@router.post(
    "",
    summary="Add an article",
    status_code=status.HTTP_201_CREATED,
    dependencies=[ApiKeyDep],
    responses=problems(
        401,
        408,
        409,
        413,
        422,
        429,
        503,
        ok={"model": ArticlePublic, "description": "Stored already."},
    ),  # fmt: skip
)
async def create_article(
    body: ArticleCreate, store: StoreDep, extractor: ExtractorDep, response: Response
) -> ArticlePublic:
    """Extract the article's quotes and store both; 201 with the article and its quotes."""
    digest = await run_in_threadpool(content_hash, body.text)  # 1 MB: not in the event loop
    known = await run_in_threadpool(reads.article_id_by_hash, store, digest)
    if known is not None:
        response.status_code = status.HTTP_200_OK
        return await run_in_threadpool(_stored, store, known)
    # The same text may have been stored under this id since the lookup above (another
    # request, another worker): compare hashes, not mere existence.
    if body.id is not None and await run_in_threadpool(reads.stored_hash, store, body.id) not in (
        None,
        digest,
    ):
        raise ProblemError(409, f"article {body.id!r} is stored with a different text")
    quotes = await extractor(body.text)
    article = Article(
        text=body.text, id=body.id, title=body.title, source=body.source,
        published=body.published.isoformat() if body.published else None,
    )  # fmt: skip
    result = await run_in_threadpool(store.add_article, article, quotes)
    if result.status != "created":  # the same text arrived concurrently and won
        response.status_code = status.HTTP_200_OK
    return await run_in_threadpool(_stored, store, result.article_id)


@router.get("/{article_id}", summary="One article", responses=problems(404, 422))
def get_article(
    store: StoreDep,
    article_id: Annotated[
        str,
        Path(
            pattern=ARTICLE_ID_PATTERN, max_length=ARTICLE_ID_MAX_LENGTH, description="Article id."
        ),
    ],
    kind: Kind = None,
) -> ArticlePublic:
    """The article's text and metadata, and its quotes (or those of ``kind``) in text order."""
    return _stored(store, article_id, kind)
