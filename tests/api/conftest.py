"""API test fixtures: a SQLite store per test module, loaded with the five sample articles.

The samples are extracted and ingested once per session (``quotes.batch.ingest``) into a template
file; each module gets its own copy, so a module that writes never disturbs another.
"""

from __future__ import annotations

import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from api.main import create_app
from api.settings import Settings
from quotes.batch.ingest import ingest
from quotes.store.database import Store

with warnings.catch_warnings():
    # Starlette 1.x prefers httpx2 for its TestClient and warns once, at import, with httpx.
    warnings.filterwarnings("ignore", "Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

__all__ = ["API_KEY", "OTHER_KEY", "TestClient"]

ARTICLES = Path(__file__).resolve().parents[2] / "data" / "articles"
API_KEY = "test-key-1"
OTHER_KEY = "test-key-2"


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file holding the five sample articles (do not write to it)."""
    path = tmp_path_factory.mktemp("template") / "samples.db"
    with Store.open(f"sqlite:///{path}") as store:
        report = ingest([ARTICLES], store)
    assert report.created == 5 and not report.errors, report
    return path


@pytest.fixture(scope="module")
def db_url(sample_db: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """This module's own copy of the sample store."""
    path = tmp_path_factory.mktemp("api") / "quotes.db"
    shutil.copyfile(sample_db, path)
    return f"sqlite:///{path}"


@pytest.fixture(scope="module")
def settings(db_url: str) -> Settings:
    """Settings for the module's store, two write keys (one being rotated in)."""
    # Extraction in-process (no worker to start per module); tests/api/test_workpool.py
    # and the real-server tests run the process pool.
    return Settings(
        db=db_url,
        api_keys=[SecretStr(API_KEY), SecretStr(OTHER_KEY)],
        max_body_bytes=64 * 1024,
        extract_workers=0,
    )


@pytest.fixture(scope="module")
def client(settings: Settings) -> Iterator[TestClient]:
    """A client of the app, its lifespan run (store open, model loaded)."""
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def oracle(db_url: str) -> Iterator[Store]:
    """The module's store, opened directly: expected answers come from the library."""
    with Store.open(db_url) as store:
        yield store
