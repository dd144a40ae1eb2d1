"""Eight clients post the same and different articles at once to a real server.

The server is uvicorn with two worker processes on loopback (so two processes and their
threads write the same database), logging at DEBUG. Eight threads, released together by a
barrier, each post three articles every client posts and four of their own, in their own
order. Every request must succeed (201 for the first copy of a text, 200 for the others);
the store must hold each article once with exactly the quotes the 201 answers reported; the
server log must show no "database is locked", no traceback and never the key.
"""

from __future__ import annotations

import random
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from quotes.store.database import Store
from reliability.support import Server, free_port, running_server, synthetic_articles

pytestmark = pytest.mark.slow

CLIENTS = 8
SHARED = 3
OWN = 4
KEY = "concurrency-key-5f2c9a"


def _server(url: str, log: Path) -> Iterator[Server]:
    Store.open(url).close()  # migrated once, before the workers start
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "api.main:create_app", "--factory",
               "--host", "127.0.0.1", "--port", str(port), "--workers", "2",
               "--log-level", "debug"]  # fmt: skip
    # Eight writers at once: room for all of them in the queue (the default, one waiting a
    # worker, would answer some with 503, which is not what this test is about).
    env = {"QUOTES_DB": url, "QUOTES_API_KEY": KEY, "QUOTES_WRITE_RATE_LIMIT": "0",
           "QUOTES_EXTRACT_QUEUE": "16"}  # fmt: skip
    with running_server(command, env, log, port) as server:
        yield server


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def server_and_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Server, str]]:
    fixture = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    url = str(request.getfixturevalue(fixture))
    for server in _server(url, tmp_path / "server.log"):
        yield server, url


def _client_work(n: int, barrier: threading.Barrier, base: str) -> list[tuple[str, int, Any]]:
    articles = synthetic_articles(SHARED + CLIENTS * OWN, seed=23)
    mine = articles[:SHARED] + articles[SHARED + n * OWN : SHARED + (n + 1) * OWN]
    random.Random(n).shuffle(mine)
    results = []
    with httpx.Client(base_url=base, timeout=120.0, headers={"X-API-Key": KEY}) as http:
        barrier.wait()
        for article in mine:
            response = http.post("/v1/articles", json=article)
            results.append((article["id"], response.status_code, response.json()))
    return results


def test_eight_clients_at_once(server_and_url: tuple[Server, str]) -> None:
    server, url = server_and_url
    barrier = threading.Barrier(CLIENTS)
    with ThreadPoolExecutor(CLIENTS) as pool:
        futures = [pool.submit(_client_work, n, barrier, server.base) for n in range(CLIENTS)]
        results = [r for f in futures for r in f.result()]

    assert len(results) == CLIENTS * (SHARED + OWN)
    bad = [(i, s, body) for i, s, body in results if s not in (200, 201)]
    assert not bad, bad
    created = Counter(i for i, s, _ in results if s == 201)
    assert created == Counter({i: 1 for i, _, _ in results}), "each text created exactly once"
    answers: dict[str, set[tuple[str, ...]]] = {}
    for article_id, _, body in results:
        answers.setdefault(article_id, set()).add(tuple(q["id"] for q in body["quotes"]))
    assert all(len(a) == 1 for a in answers.values()), "every copy got the same quotes"
    quotes = sum(body["count"] for _, status, body in results if status == 201)

    with Store(url) as store:
        counts = store.counts()
    assert counts["articles"] == SHARED + CLIENTS * OWN
    assert counts["quotes"] == quotes
    log = server.log_text()
    assert "database is locked" not in log
    assert "Traceback" not in log
    assert KEY not in log
