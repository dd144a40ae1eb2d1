"""Store write throughput with 1, 2, ... writer processes on one database.

Usage::

    .venv/bin/python bench/bench_writers.py --db postgresql://u@host/throwaway \\
        [--quotes 40000] [--entities 5000] [--writers 1,2]

The same synthetic articles as ``bench_store.py`` (10 quotes each over ``--entities``
generated people, each quote about one or two others) are dealt out round-robin to N
spawned writer processes, each with its own connection, calling :meth:`Store.add_article`
one article per transaction. The writers start together (a barrier, after imports and
connecting); the figure is all quotes over the time from that start to the last writer's
end. ``--db`` must be a throw-away database: its tables are emptied before every run. On
SQLite (a file in a temp folder per run when ``--db`` is omitted) the writers queue on the
file lock; on PostgreSQL they write in parallel (``quotes/store/locks.py``).
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import tempfile
import time
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Any

from bench_store import synthetic_articles, synthetic_people
from sqlalchemy import text

from quotes.store.database import Store

_TABLES = "quote_about, quotes, aliases, entities, articles"


def _writer(url: str, batch: list[Any], barrier: Barrier, out: Any) -> None:
    store = Store(url)
    store.counts()  # connected before the clock starts
    barrier.wait()
    start = time.time()
    quotes = sum(store.add_article(article, found).quotes for article, found in batch)
    out.put((start, time.time(), quotes))
    store.close()


def _empty(url: str) -> None:
    with Store.open(url) as store, store.engine.begin() as connection:
        if store.dialect == "postgresql":
            connection.execute(text(f"TRUNCATE {_TABLES} RESTART IDENTITY"))
        else:
            for table in _TABLES.split(", "):
                connection.execute(text(f"DELETE FROM {table}"))


def run(url: str, writers: int, articles: list[Any]) -> tuple[float, int, dict[str, int]]:
    """Wall seconds from the common start to the last end, quotes stored, store counts."""
    _empty(url)
    context = multiprocessing.get_context("spawn")
    barrier, out = context.Barrier(writers), context.Queue()
    processes = [
        context.Process(target=_writer, args=(url, articles[i::writers], barrier, out))
        for i in range(writers)
    ]
    for process in processes:
        process.start()
    results = [out.get() for _ in processes]
    for process in processes:
        process.join()
        assert process.exitcode == 0, f"a writer failed ({process.exitcode})"
    wall = max(end for _, end, _ in results) - min(start for start, _, _ in results)
    with Store(url) as store:
        counts = store.counts()
    return wall, sum(q for _, _, q in results), counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="a throw-away database URL (default: SQLite in a temp dir)")
    parser.add_argument("--quotes", type=int, default=40_000)
    parser.add_argument("--entities", type=int, default=5_000)
    parser.add_argument("--writers", default="1,2", help="comma-separated writer counts")
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    people = synthetic_people(args.entities, rng)
    articles = list(synthetic_articles(args.quotes, people, rng))
    base = None
    with tempfile.TemporaryDirectory() as scratch:
        for n in (int(w) for w in args.writers.split(",")):
            url = args.db or f"sqlite:///{Path(scratch) / f'writers-{n}.db'}"
            wall, quotes, counts = run(url, n, articles)
            rate = quotes / wall
            base = base or rate
            print(f"{Store(url).dialect} {n} writer(s): {quotes:,} quotes, "
                  f"{counts['articles']:,} articles, {counts['entities']:,} entities in "
                  f"{wall:.1f} s = {rate:,.0f} quotes/s ({rate / base:.2f}x)")  # fmt: skip


if __name__ == "__main__":
    main()
