"""Hostile requests against a real ``quotes serve`` on loopback, measured from outside.

Usage::

    python bench/bench_hostile.py throughput [--articles 40] [--clients 2]
    python bench/bench_hostile.py attacks
    python bench/bench_hostile.py storm [--duration 60] [--clients 4] [--attacker-nice 0]

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
  (the server process and all its children, sampled every 0.2 s from ``/proc``). The
  attackers and each probe are processes of their own, so a probe times the server, not
  its own GIL; ``--attacker-nice N`` runs the attackers N steps down, standing for clients
  on other machines; ``--clients 0`` is the control run.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
from servers import free_port, quotes_command, running_server  # noqa: E402

ARTICLES = sorted((REPO / "data" / "articles").glob("*.txt"))
KEY = "bench-hostile-key"


@contextmanager
def server(scratch: Path, extra_env: dict[str, str] | None = None) -> Iterator[tuple[str, int]]:
    """``quotes serve`` on a fresh SQLite store; (base URL, pid). Started and stopped by the
    tests' own real-server helper (``tests/servers.py``)."""
    port = free_port()
    env: dict[str, str | None] = {
        "QUOTES_DB": str(scratch / "quotes.db"),
        "QUOTES_API_KEY": KEY,
        "QUOTES_WRITE_RATE_LIMIT": "0",
        **(extra_env or {}),
    }
    command = [quotes_command(), "serve", "--port", str(port)]
    with running_server(command, env, scratch / "server.log", port, timeout=180) as running:
        yield running.base, running.process.pid


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


# Issue 16's worst bodies: each was minutes of parse or gigabytes before the budget.
def worst_bodies() -> dict[str, str]:
    return {
        "100,000 ASCII quotes": '"' * 100_000,
        "16,000 x $ (one token)": "$" * 16_000,
        "16,000-char token of marks": ('"“”—:«(' * 2_300)[:16_000],
        "1,000,000 chars of words": ("the council said that " * 45_455)[:1_000_000],
        "Vladimir Putin x 60,000": "Vladimir Putin " * 60_000,
        "280,000 chars of colons (over the time budget)": ": " * 140_000,
    }


def _timed(
    call: Callable[..., httpx.Response], *args: Any, **kwargs: Any
) -> tuple[int, float, httpx.Response]:
    started = time.perf_counter()
    response = call(*args, **kwargs)
    return response.status_code, time.perf_counter() - started, response


def _health(base: str) -> str:
    try:
        status, seconds, _ = _timed(httpx.get, f"{base}/healthz", timeout=60)
    except httpx.TransportError as err:
        return f"DOWN ({type(err).__name__})"
    return f"{status} in {seconds * 1000:.0f} ms"


def _trickle(port: int, payload: bytes) -> tuple[float, bytes]:
    """Send ``payload`` and nothing more; seconds until the server answers or closes."""
    started = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port), timeout=120) as sock:
        sock.sendall(payload)
        answer = sock.recv(200)
    return time.perf_counter() - started, answer


def attacks(args: argparse.Namespace) -> None:
    rows: list[dict[str, object]] = []

    def row(name: str, status: object, seconds: float, base: str, **extra: object) -> None:
        rows.append({"request": name, "status": status, "seconds": round(seconds, 3),
                     "healthz_after": _health(base), **extra})  # fmt: skip
        print(json.dumps(rows[-1]), flush=True)

    with tempfile.TemporaryDirectory() as tmp, server(Path(tmp)) as (base, _pid):
        http = httpx.Client(timeout=300)
        for i, (name, text) in enumerate(worst_bodies().items()):
            status, seconds, response = _timed(_post, http, base, {"id": f"w{i}", "text": text})
            stored = http.get(f"{base}/v1/articles/w{i}").status_code == 200
            limit = response.json().get("limit") if status == 422 else None
            row(f"POST {name}", status, seconds, base, limit=limit, stored=stored)
        token = ('"“”—:«(' * 600)[:4_000]
        status, seconds, _ = _timed(
            lambda: _post(http, base, {"id": "t4k", "text": f"Ok. {token} end."})
        )
        row("POST 4,000-char token of marks (cut, extracted)", status, seconds, base)
        status, seconds, _ = _timed(
            lambda: _post(http, base, {"id": "putin2k", "text": "“We will win,” said "
                                       + "Vladimir Putin " * 2_000 + "."}))  # fmt: skip
        junk = http.get(f"{base}/v1/speakers", params={"q": "Putin Putin"}).json()["total"]
        row("POST 'Vladimir Putin ' x 2,000 (30 kB)", status, seconds, base, junk_entities=junk)
        _concurrent_writes_and_reads(http, base, row)
        for path in [
            "/v1/quotes?offset=9223372036854775808",
            "/v1/speakers?offset=9223372036854775808",
        ]:
            status, seconds, _ = _timed(http.get, f"{base}{path}")
            row(f"GET {path}", status, seconds, base)
        for article_id in [".", ".."]:
            status, seconds, _ = _timed(_post, http, base, {"id": article_id, "text": "x said"})
            row(f"POST id {article_id!r}", status, seconds, base)
        status, seconds, response = _timed(http.head, f"{base}/healthz")
        row(
            "HEAD /healthz",
            status,
            seconds,
            base,
            nosniff=response.headers.get("x-content-type-options"),
        )
        status, seconds, response = _timed(
            lambda: http.get(f"{base}/v1/quotes/", headers={"Host": "evil.example"})
        )
        row("GET /v1/quotes/ with Host: evil.example", status, seconds, base,
            location=response.headers.get("location"))  # fmt: skip
        http.get(f"{base}/v1/quotes", params={"api_key": "s3cret-bench-key"})
        port = int(base.rsplit(":", 1)[1])
        seconds, answer = _trickle(port, b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        row("headers never finished (slowloris)", answer[:12].decode() or "closed", seconds, base)
        seconds, answer = _trickle(port, b"POST /v1/articles HTTP/1.1\r\nHost: x\r\n"
                                   b"Content-Length: 1000\r\n\r\n{")  # fmt: skip
        row("body never finished", answer[:12].decode() or "closed", seconds, base)
        time.sleep(1)
        log = (Path(tmp) / "server.log").read_text(encoding="utf-8", errors="replace")
        rows.append({"api_key in access log": "s3cret-bench-key" in log,
                     "redacted line present": "api_key=***" in log})  # fmt: skip
        print(json.dumps(rows[-1]))
    with (
        tempfile.TemporaryDirectory() as tmp,
        server(Path(tmp), {"QUOTES_WRITE_RATE_LIMIT": "20"}) as (base, _pid),
    ):
        statuses: Counter[int] = Counter()
        with httpx.Client(timeout=60) as http:
            for i in range(70):
                headers = {"X-API-Key": "guess", "X-Forwarded-For": f"10.1.{i}.1"}
                response = http.post(f"{base}/v1/articles", json={"text": "x"}, headers=headers)
                statuses[response.status_code] += 1
        print(json.dumps({"request": "70 key guesses, a new X-Forwarded-For each (limit 20)",
                          "statuses": dict(statuses)}))  # fmt: skip


def _concurrent_writes_and_reads(http: httpx.Client, base: str, row: Callable[..., None]) -> None:
    """One 1 MB write and 45 small ones at once; reads timed while they run."""
    texts = normal_articles(45)
    big = {"id": "big", "text": ("the council said that " * 45_455)[:1_000_000]}
    statuses: Counter[int] = Counter()
    lock = threading.Lock()

    def write(i: int) -> None:
        body = big if i == 0 else texts[i - 1]
        with httpx.Client(timeout=300) as own:
            status = _post(own, base, body).status_code
        with lock:
            statuses[status] += 1

    threads = [threading.Thread(target=write, args=(i,)) for i in range(46)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    reads: list[float] = []
    while any(t.is_alive() for t in threads):
        for path in ["/v1/speakers/Putin", "/v1/quotes?q=war"]:
            status, seconds, _ = _timed(http.get, f"{base}{path}")
            reads.append(seconds)
    for thread in threads:
        thread.join()
    row("1 MB write + 45 small writes at once", dict(statuses), time.perf_counter() - started,
        base, reads=len(reads), read_max_ms=round(max(reads) * 1000, 1),
        read_p50_ms=round(statistics.median(reads) * 1000, 1))  # fmt: skip


def _tree_rss(root: int) -> int:
    """Bytes of RSS of ``root`` and all its descendants, from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            statm = Path(f"/proc/{entry}/statm").read_text()
        except OSError:
            continue
        parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
        rss[int(entry)] = int(statm.split()[1]) * page
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        for child, parent in parents.items():
            if parent == pid and child not in tree:
                tree.add(child)
                frontier.append(child)
    return sum(rss.get(pid, 0) for pid in tree)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _attack(base: str, bodies: list[bytes], client: int, stop: float) -> Counter[int | str]:
    """One attacker: post the worst bodies in turn until ``stop`` (``time.monotonic()``).

    Each body is JSON-encoded once, before the storm, and made unique by a suffix: an
    attacker does not pay for encoding a megabyte per post, so neither does the machine."""
    writes: Counter[int | str] = Counter()
    headers = {"X-API-Key": KEY, "Content-Type": "application/json"}
    with httpx.Client(timeout=150) as http:
        n = client
        while time.monotonic() < stop:
            body = bodies[n % len(bodies)] + f' {client}-{n}"}}'.encode()
            try:
                status: int | str = http.post(
                    f"{base}/v1/articles", content=body, headers=headers
                ).status_code
            except httpx.TimeoutException:
                status = "no answer in 150 s"
            writes[status] += 1
            n += 1
    return writes


def _attackers(base: str, clients: int, stop: float, nice: int) -> Counter[int | str]:
    """``clients`` attacker threads in this process, ``nice`` steps down; their statuses."""
    if nice:
        # Real attackers are on other machines; here they share the server's cores, and
        # ``--attacker-nice`` keeps their own CPU from counting as the server's latency.
        os.nice(nice)
    # '{"text": "<body>' without the closing quote and brace, which each post adds.
    bodies = [json.dumps({"text": text}).encode()[:-2] for text in worst_bodies().values()]
    total: Counter[int | str] = Counter()
    lock = threading.Lock()

    def one(i: int) -> None:
        writes = _attack(base, bodies, i, stop)
        with lock:
            total.update(writes)

    _threads(clients, one)
    return total


def _probe(base: str, paths: list[str], stop: float) -> list[float]:
    """Seconds of each GET of ``paths`` in turn, 20 ms apart, until ``stop``."""
    seconds: list[float] = []
    with httpx.Client(timeout=60) as http:
        n = 0
        while time.monotonic() < stop:
            started = time.perf_counter()
            http.get(f"{base}{paths[n % len(paths)]}")
            seconds.append(time.perf_counter() - started)
            n += 1
            time.sleep(0.02)
    return seconds


def storm(args: argparse.Namespace) -> None:
    """The attackers and each probe run in processes of their own (``spawn``): a probe
    sharing a GIL with threads that post megabytes would time its own client's waits, not
    the server's. This process samples the service's RSS meanwhile."""
    names = ["Psaki", "Peskov", "Borrell", "Ushakov", "Donfried"]
    speaker_paths = [f"/v1/speakers/{n}/quotes?limit={10 + k}" for k in range(20) for n in names]
    with tempfile.TemporaryDirectory() as tmp, server(Path(tmp)) as (base, pid):
        with httpx.Client(timeout=120) as http:
            for i, article in enumerate(normal_articles(5)):
                _post(http, base, {**article, "id": f"sample-{i}"})
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(3, mp_context=context) as processes:
            # Every process is up before the clock starts: the storm is ``duration`` long.
            list(processes.map(time.sleep, [0.5] * 6))
            stop = time.monotonic() + args.duration
            attack = processes.submit(_attackers, base, args.clients, stop, args.attacker_nice)
            probes = {
                "healthz": processes.submit(_probe, base, ["/healthz"], stop),
                "speaker_quotes": processes.submit(_probe, base, speaker_paths, stop),
            }
            peak = _tree_rss(pid)
            while time.monotonic() < stop:
                peak = max(peak, _tree_rss(pid))
                time.sleep(0.2)
            writes = attack.result()
            seconds = {name: future.result() for name, future in probes.items()}
        alive = _health(base)
    print(json.dumps({
        "duration_s": args.duration, "attackers": args.clients,
        "attacker_nice": args.attacker_nice, "writes": dict(writes),
        **{f"{k}_p50_ms": round(statistics.median(v) * 1000, 1) for k, v in seconds.items()},
        **{f"{k}_p99_ms": round(_percentile(v, 0.99) * 1000, 1) for k, v in seconds.items()},
        **{f"{k}_max_ms": round(max(v) * 1000, 1) for k, v in seconds.items()},
        **{f"{k}_requests": len(v) for k, v in seconds.items()},
        "peak_rss_mb_whole_service": round(peak / 2**20, 1), "healthz_after": alive,
        "load": os.getloadavg(),
    }))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="mode", required=True)
    tp = sub.add_parser("throughput")
    tp.add_argument("--articles", type=int, default=40)
    tp.add_argument("--clients", type=int, default=2)
    sub.add_parser("attacks")
    st = sub.add_parser("storm")
    st.add_argument("--duration", type=int, default=60)
    st.add_argument("--clients", type=int, default=4)
    st.add_argument("--attacker-nice", type=int, default=0)
    args = parser.parse_args()
    {"throughput": throughput, "attacks": attacks, "storm": storm}[args.mode](args)


if __name__ == "__main__":
    main()
