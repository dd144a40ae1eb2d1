"""Errors the routes do not raise themselves: crashes, store failures, unknown routes.

A crash is a 500 problem without a trace of the crash in it; the library's errors map to
their statuses (:mod:`api.errors`); the lifespan opens the store and the model once.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import API_KEY, TestClient
from fastapi import FastAPI
from helpers import assert_problem

from api.deps import get_extractor, get_store
from api.main import create_app
from api.settings import Settings
from quotes.batch.workpool import InlinePool
from quotes.errors import ModelNotFoundError, StoreError
from quotes.models import Quote
from quotes.nlp.pipeline import load_pipeline


@pytest.fixture(scope="module")
def app(settings: Settings) -> FastAPI:
    return create_app(settings)


@pytest.fixture
def crashing(app: FastAPI) -> Iterator[TestClient]:
    """A client that returns the app's 500 response instead of raising."""
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client
    app.dependency_overrides.clear()


class _BrokenStore:
    def entity_detail(self, *_args: object, **_kwargs: object) -> None:
        raise StoreError("database error: (sqlite3.OperationalError) secret-table is locked")


def _crash() -> None:
    raise RuntimeError("secret internal state")


def test_unexpected_error_is_a_500_without_a_trace(crashing: TestClient, app: FastAPI) -> None:
    app.dependency_overrides[get_store] = _crash
    body = assert_problem(crashing.get("/v1/speakers/Putin"), 500)
    assert "secret" not in crashing.get("/v1/speakers/Putin").text
    assert body["detail"] == "the server could not complete the request"


def test_store_error_is_a_500_that_hides_the_database(crashing: TestClient, app: FastAPI) -> None:
    app.dependency_overrides[get_store] = _BrokenStore
    response = crashing.get("/v1/speakers/Putin")
    assert_problem(response, 500)
    assert "secret-table" not in response.text and "sqlite" not in response.text


def test_missing_model_is_a_503(crashing: TestClient, app: FastAPI) -> None:
    def no_model(text: str) -> list[Quote]:
        raise ModelNotFoundError("spaCy model 'xx' is not installed")

    app.dependency_overrides[get_extractor] = lambda: no_model
    text = 'Someone said: "This text is new, so it goes to the extractor."'
    response = crashing.post("/v1/articles", json={"text": text}, headers={"X-API-Key": API_KEY})
    assert_problem(response, 503)


def test_unknown_route_and_method(client: TestClient) -> None:
    assert_problem(client.get("/v1/nothing-here"), 404)
    assert_problem(client.delete("/v1/quotes"), 405)


def test_lifespan_opens_store_and_model_once(settings: Settings) -> None:
    app = create_app(settings)
    with TestClient(app) as test_client:
        store, extractor = app.state.store, app.state.extractor
        test_client.get("/v1/speakers")
        test_client.get("/v1/quotes")
        assert app.state.store is store and app.state.extractor is extractor
        # QUOTES_EXTRACT_WORKERS=0 in these tests: the pipeline is this process's, loaded once
        assert isinstance(extractor.pool, InlinePool)
        assert load_pipeline(settings.model) is load_pipeline(settings.model)


def test_no_configured_key_means_no_writes(settings: Settings) -> None:
    closed = settings.model_copy(update={"api_keys": []})
    with TestClient(create_app(closed)) as test_client:
        text = 'A visitor said: "Writes must be refused when no key is configured."'
        response = test_client.post("/v1/articles", json={"text": text}, headers={"X-API-Key": ""})
        body = assert_problem(response, 401)
        assert "QUOTES_API_KEY" in body["detail"]
        assert response.headers["www-authenticate"].startswith("ApiKey")
