"""SIGKILL ``quotes ingest`` mid-run, twice, then finish it: nothing lost, nothing doubled.

500 made-up articles (JSON Lines) go into a store by the real command in a subprocess. It is
killed with SIGKILL (no clean-up runs) once about 60 and again about 250 articles are
committed, then run to the end. The store must then hold every article exactly once, no quote
or about-link without its parent, and the same rows as a clean run of the same file.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from quotes.batch.ingest import ingest
from quotes.store.database import Store
from reliability.support import quotes_command, synthetic_articles, write_jsonl

pytestmark = pytest.mark.slow

ARTICLES = 500
_KILL_AT = (60, 250)
_TIMEOUT_S = 600.0

_ORPHANS = {
    "quotes without article": "SELECT count(*) FROM quotes q "
    "LEFT JOIN articles a ON a.id = q.article_id WHERE a.id IS NULL",
    "about-links without quote": "SELECT count(*) FROM quote_about qa "
    "LEFT JOIN quotes q ON q.id = qa.quote_id WHERE q.id IS NULL",
    "about-links without entity": "SELECT count(*) FROM quote_about qa "
    "LEFT JOIN entities e ON e.id = qa.entity_id WHERE e.id IS NULL",
    "quotes without speaker row": "SELECT count(*) FROM quotes q LEFT JOIN entities e "
    "ON e.id = q.speaker_id WHERE q.speaker_id IS NOT NULL AND e.id IS NULL",
}
_CONTENT = "SELECT q.id, q.text, e.name FROM quotes q LEFT JOIN entities e ON e.id = q.speaker_id"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("crash")
    return write_jsonl(folder / "articles.jsonl", synthetic_articles(ARTICLES))


def _snapshot(url: str) -> dict[str, object]:
    """Counts, orphans, duplicates and the quotes' content: what must match a clean run."""
    with Store(url) as store:
        counts = store.counts()
        with store.engine.connect() as conn:
            orphans = {name: conn.execute(text(sql)).scalar_one() for name, sql in _ORPHANS.items()}
            hashes = conn.execute(
                text("SELECT count(DISTINCT content_hash) FROM articles")
            ).scalar_one()
            ids = sorted(conn.execute(text("SELECT id FROM articles")).scalars())
            content = sorted(tuple(row) for row in conn.execute(text(_CONTENT)))
    return {"counts": counts, "orphans": orphans, "distinct_hashes": hashes,
            "ids": ids, "content": content}  # fmt: skip


@pytest.fixture(scope="module")
def clean_run(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The store after one uninterrupted ingest of the corpus (in process, on SQLite)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('clean') / 'clean.db'}"
    with Store.open(url) as store:
        report = ingest([corpus], store)
    assert report.created == ARTICLES and not report.errors, report
    return _snapshot(url)


def _articles(url: str) -> int:
    with Store(url) as store:
        return store.counts()["articles"]


def _run_and_kill(corpus: Path, url: str, at: int) -> int:
    """Start ``quotes ingest``, SIGKILL it once ``at`` articles are stored; the count then."""
    process = subprocess.Popen(
        [quotes_command(), "ingest", str(corpus), "--db", url],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + _TIMEOUT_S
    try:
        while _articles(url) < at:
            assert process.poll() is None, "ingest ended before it could be killed"
            assert time.monotonic() < deadline, "ingest made no progress"
            time.sleep(0.02)
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.kill()
        process.wait()
    assert process.returncode == -signal.SIGKILL
    return _articles(url)


def _kill_twice_then_finish(corpus: Path, url: str) -> None:
    Store.open(url).close()  # the schema first, so the poller can count from the start
    for at in _KILL_AT:
        stored = _run_and_kill(corpus, url, at)
        assert at <= stored < ARTICLES, f"killed at {stored} articles"
    done = subprocess.run(
        [quotes_command(), "ingest", str(corpus), "--db", url],
        capture_output=True, text=True, timeout=_TIMEOUT_S, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "0 skipped" in done.stderr


def _assert_like_clean_run(url: str, clean: dict[str, object]) -> None:
    after = _snapshot(url)
    assert after["counts"]["articles"] == ARTICLES  # type: ignore[index]
    assert after["distinct_hashes"] == ARTICLES
    assert after["ids"] == [f"syn-{i:04d}" for i in range(ARTICLES)]
    assert after["orphans"] == dict.fromkeys(_ORPHANS, 0)
    assert after["counts"] == clean["counts"]
    assert after["content"] == clean["content"]


def test_sigkill_loses_and_doubles_nothing_on_sqlite(
    corpus: Path, clean_run: dict[str, object], sqlite_url: str
) -> None:
    _kill_twice_then_finish(corpus, sqlite_url)
    _assert_like_clean_run(sqlite_url, clean_run)


@pytest.mark.postgres
def test_sigkill_loses_and_doubles_nothing_on_postgresql(
    corpus: Path, clean_run: dict[str, object], postgres_url: str
) -> None:
    _kill_twice_then_finish(corpus, postgres_url)
    _assert_like_clean_run(postgres_url, clean_run)
