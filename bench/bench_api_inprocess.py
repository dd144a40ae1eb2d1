"""Where a quotes-by-speaker request spends its time, in process (no HTTP, no wrk).

Usage::

    .venv/bin/python bench/bench_api_inprocess.py --db /tmp/bench_api.db [--requests 1000]
                                                  [--rounds 5]

Builds two apps over the same SQLite store (the one ``bench/bench_api.py`` fills), one with
the fast path (:mod:`api.fastpath`) and one without, runs their lifespans, and calls them as
ASGI applications directly, alternating in each round over the same speakers (a different
name per request, so the response cache never answers): ``/healthz``, the route through
FastAPI, the route through the fast path, and the page itself
(:func:`api.routes.speakers.speaker_quotes_body` with an empty cache). Prints milliseconds
per request per round, their minimum, and the framework's overhead (route minus page) with
and without the fast path. Only ratios within one run mean anything on a shared machine.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from api.deps import Paging
from api.main import create_app
from api.routes.speakers import speaker_quotes_body
from api.settings import Settings


async def call(app: Any, path: str) -> bytes:
    """One GET through the ASGI app; the response body."""
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
        "scheme": "http", "path": unquote(path), "raw_path": path.encode(), "query_string": b"",
        "root_path": "", "headers": [(b"host", b"bench")], "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80), "state": {},
    }  # fmt: skip
    chunks: list[bytes] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    return b"".join(chunks)


async def timed(work: Callable[[str], Awaitable[Any]], names: list[str]) -> float:
    start = time.perf_counter()
    for name in names:
        await work(name)
    return (time.perf_counter() - start) / len(names) * 1e3


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="a store bench_api.py filled")
    parser.add_argument("--requests", type=int, default=1000, help="per variant per round")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with sqlite3.connect(args.db) as db:
        names = [row[0] for row in db.execute(
            "SELECT DISTINCT e.name FROM entities AS e JOIN quotes AS q ON q.speaker_id = e.id"
        )]  # fmt: skip
    random.Random(1).shuffle(names)
    need = args.requests * args.rounds
    if len(names) < need:
        raise SystemExit(f"{len(names)} speakers; --requests x --rounds needs {need}")
    url = f"sqlite:///{args.db}"
    fast = create_app(Settings(db=url))
    plain = create_app(Settings(db=url, fast_path=False))
    async with fast.router.lifespan_context(fast), plain.router.lifespan_context(plain):
        for name in names[:need]:  # names resolved once, as a running server has them
            await speaker_quotes_body(fast.state, "", name, None, None, None, Paging(50, 0))
            await speaker_quotes_body(plain.state, "", name, None, None, None, Paging(50, 0))

        def route(app: Any) -> Callable[[str], Awaitable[bytes]]:
            return lambda name: call(app, f"/v1/speakers/{quote(name)}/quotes")

        async def page(name: str) -> bytes:  # a key no request uses: never a cache hit
            key = f"bench:{name}:{time.perf_counter_ns()}"
            return await speaker_quotes_body(fast.state, key, name, None, None, None, Paging(50, 0))

        async def health(_: str) -> bytes:
            return await call(fast, "/healthz")

        variants: dict[str, Callable[[str], Awaitable[Any]]] = {
            "/healthz": health, "route via FastAPI": route(plain),
            "route via fast path": route(fast), "page only": page,
        }  # fmt: skip
        results: dict[str, list[float]] = {label: [] for label in variants}
        for r in range(args.rounds):
            chunk = names[r * args.requests : (r + 1) * args.requests]
            for label, work in variants.items():
                results[label].append(await timed(work, chunk))
    for label, values in results.items():
        rounds = " ".join(f"{v:.3f}" for v in values)
        print(f"{label:<22} ms/request per round: {rounds}   min {min(values):.3f}")
    best = {label: min(values) for label, values in results.items()}
    print(f"framework overhead (route - page): via FastAPI "
          f"{best['route via FastAPI'] - best['page only']:.3f} ms, via fast path "
          f"{best['route via fast path'] - best['page only']:.3f} ms; "
          f"/healthz {best['/healthz']:.3f} ms")  # fmt: skip


if __name__ == "__main__":
    asyncio.run(main())
