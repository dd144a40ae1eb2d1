"""The FastAPI application: :func:`create_app` wires settings, store, model, routes, errors.

The lifespan opens the store (running its migrations) and loads the spaCy pipeline once,
before the first request, and keeps both on ``app.state`` for the dependencies in
:mod:`api.deps`. Request bodies are capped on the raw bytes (:mod:`api.middleware`); CORS is
closed unless ``QUOTES_CORS_ORIGINS`` names origins; every response gets ``nosniff``, ``HEAD``
is answered wherever ``GET`` is, and the access log never shows a query value
(:mod:`api.hardening`). Run it with ``quotes serve`` or
``uvicorn api.main:create_app --factory``.
"""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.concurrency import run_in_threadpool

from api.cache import ReadCache
from api.deps import API_KEY_HEADER
from api.errors import PROBLEM_JSON, install_error_handlers
from api.extraction import Extractor
from api.fastpath import SpeakerQuotesFastPath
from api.hardening import HardeningMiddleware, install_log_redaction
from api.middleware import BodyLimitMiddleware
from api.routes import articles, entities, graph, health, quotes, speakers
from api.settings import Settings
from api.web import install_web
from quotes.store.database import Store

__all__ = ["create_app"]

_DESCRIPTION = """\
Who said what about whom, in the news. Names in paths and filters may be any alias or
spelling variant (`Peskow` finds Dmitry Peskov). Lists page with `limit`/`offset` and return
`total` (all matches) and `next_offset`. Errors are RFC 9457 `application/problem+json`.
Writing (`POST /v1/articles`) needs an `X-API-Key`.
"""


def _lifespan(settings: Settings) -> Any:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = await run_in_threadpool(Store.open, settings.db)
        try:
            app.state.store = store
            app.state.extractor = await run_in_threadpool(Extractor, settings)
            app.state.read_cache = await run_in_threadpool(ReadCache, store)
            # What start-up made (the pipeline above all) lives as long as the app: out of
            # the collector's sight, a page's few hundred short-lived objects no longer make
            # it walk the model's millions.
            gc.freeze()
            yield
        finally:
            if hasattr(app.state, "read_cache"):
                app.state.read_cache.close()
            if hasattr(app.state, "extractor"):
                await run_in_threadpool(app.state.extractor.close)
            store.close()

    return lifespan


def _problem_openapi(app: FastAPI) -> None:
    """Document every 4xx/5xx body as ``application/problem+json``, as it is sent."""
    original = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = original()
            ref = {"$ref": "#/components/schemas/ProblemPublic"}
            for path in schema.get("paths", {}).values():
                for operation in path.values():
                    for code, response in operation.get("responses", {}).items():
                        if code[0] in "45":
                            response["content"] = {PROBLEM_JSON: {"schema": ref}}
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def create_app(settings: Settings | None = None) -> FastAPI:
    """The API over the store ``settings.db`` (settings from the environment by default)."""
    settings = settings or Settings()
    app = FastAPI(
        title="quotes",
        summary="Quote attribution for news: who said what about whom.",
        description=_DESCRIPTION,
        version="1",
        lifespan=_lifespan(settings),
        docs_url=None,  # /docs and /redoc come from api.web, with their assets (no CDN)
        redoc_url=None,
    )
    app.state.settings = settings
    install_error_handlers(app)
    v1 = APIRouter(prefix="/v1")
    for module in (speakers, quotes, entities, articles, graph):
        v1.include_router(module.router)
    app.include_router(v1)
    app.include_router(health.router)
    install_web(app)  # the web application at /, over the API above
    if settings.fast_path:  # added first: the innermost, inside CORS and the body limit
        app.add_middleware(SpeakerQuotesFastPath)
    app.add_middleware(
        BodyLimitMiddleware, max_bytes=settings.max_body_bytes, timeout=settings.body_timeout
    )
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", API_KEY_HEADER],
        )
    app.add_middleware(HardeningMiddleware)  # the outermost: every response, every method
    install_log_redaction()
    _problem_openapi(app)
    return app
