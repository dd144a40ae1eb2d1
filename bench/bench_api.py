"""API load test: quotes-by-speaker against ``/healthz`` on one real server, same run.

Usage::

    .venv/bin/python bench/bench_api.py [--quotes 100000] [--db FILE] [--duration 15]
                                        [--connections 8] [--rounds 2] [--workers 1]
                                        [--spellings 0] [--zipf 0] [--warmup 10]

Fills a SQLite store with ``--quotes`` synthetic quotes (the generator of
``bench/bench_store.py``; an existing ``--db`` with enough quotes is reused), starts
``uvicorn api.main:create_app --factory`` on a free loopback port in its own process (access
log off, as in production behind a proxy), and drives it with ``wrk`` (Debian package
``wrk``) from a second process: ``/healthz``, then ``/v1/speakers/{name}/quotes`` over many
speakers (each request a different name from a list, under their full name or surname alias),
alternating ``--rounds`` times so drift hits both. A Lua ``done`` hook prints requests/s and
the latency percentiles as JSON. Prints each run, the medians, and the ratio of
quotes-by-speaker requests/s to ``/healthz`` requests/s per round and its median (target
>= 0.5; p99 < 50 ms), with the load average (1/5/15 min) before and after: on a shared
machine the ratio within one round is the figure to trust, not the absolute rates.

With all 9,876 spellings cycling, each URL comes back only after thousands of others, more
than a worker's response cache holds (32 MiB, about 2,000 pages), so every request computes
its page: the figures are those of the uncached path (names are cached after the first
pass: a ``--warmup`` run over the speaker paths, not counted, resolves them first, so the
first round measures pages rather than 9,876 first-time name look-ups). ``--spellings 200``
measures the cached path instead. ``--zipf S`` is the workload in between that a newsroom
makes: each request draws a spelling from all of them with probability proportional to
1 / rank**S (a few people are asked for all the time, most rarely), so the response cache
answers the popular ones and the tail computes its pages; the share of requests an LRU of
the cache's size would answer is printed with the results. ``--workers N`` runs N uvicorn
processes; both endpoints are always served by the same server in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import OrderedDict
from pathlib import Path
from urllib.parse import quote as urlquote

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_store import synthetic_articles, synthetic_people  # noqa: E402

from quotes.store.database import Store  # noqa: E402

# wrk's ``done`` hook: one JSON line of figures (also used by bench_soak.py).
WRK_REPORT_LUA = r"""
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "rps": %.1f, "errors": %d, "non2xx": %d, ' ..
    '"p50_ms": %.3f, "p90_ms": %.3f, "p99_ms": %.3f, "max_ms": %.3f}\n',
    summary.requests, seconds, summary.requests / seconds,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, latency:percentile(50) / 1e3, latency:percentile(90) / 1e3,
    latency:percentile(99) / 1e3, latency.max / 1e3))
end
"""
_LUA = (
    r"""
local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do paths[#paths + 1] = line end
local i = tonumber(os.getenv("BENCH_START") or "0")
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
"""
    + WRK_REPORT_LUA
)


def fill(db: Path, quotes: int, entities: int, seed: int) -> tuple[int, list[str]]:
    """The store at ``db`` with at least ``quotes`` quotes; (quotes, speaker names)."""
    store = Store.open(f"sqlite:///{db}")
    try:
        have = store.counts()["quotes"]
        if have < quotes:
            rng = random.Random(seed)
            people = synthetic_people(entities, rng)
            t0 = time.perf_counter()
            for article, found in synthetic_articles(quotes, people, rng):
                store.add_article(article, found)
            print(f"generated {quotes:,} quotes in {time.perf_counter() - t0:.0f} s")
        counts = store.counts()
        names = [s.entity.name for s in store.search_speakers("", limit=entities)]
    finally:
        store.close()
    return counts["quotes"], names


# Enough draws that no run wraps around; about the pages a worker's 32 MiB cache holds.
_ZIPF_DRAWS = 300_000
_CACHE_PAGES = 2_000


def zipf_draws(items: list[str], s: float, n: int, rng: random.Random) -> list[str]:
    """``n`` draws from ``items``, the item at rank r with probability ~ 1 / r**s."""
    weights = [1.0 / rank**s for rank in range(1, len(items) + 1)]
    return rng.choices(items, weights=weights, k=n)


def lru_share(requests: list[str], size: int) -> float:
    """The share of ``requests`` an LRU cache of ``size`` entries would answer."""
    cache: OrderedDict[str, None] = OrderedDict()
    hits = 0
    for key in requests:
        if key in cache:
            hits += 1
            cache.move_to_end(key)
        else:
            cache[key] = None
            if len(cache) > size:
                cache.popitem(last=False)
    return hits / len(requests)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(db: Path, port: int, workers: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "QUOTES_DB": str(db)}
    command = [
        sys.executable, "-m", "uvicorn", "api.main:create_app", "--factory",
        "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-access-log",
        "--workers", str(workers),
    ]  # fmt: skip
    process = subprocess.Popen(command, env=env)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited with {process.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return process
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("server did not start in 120 s")


def wrk(
    base: str, paths: list[str], args: argparse.Namespace, scratch: Path, start: int = 0
) -> dict[str, float]:
    """One wrk run over ``paths`` (round robin from ``start``); its figures."""
    (scratch / "paths.txt").write_text("\n".join(paths) + "\n")
    (scratch / "report.lua").write_text(_LUA)
    done = subprocess.run(
        ["wrk", "-t", "1", "-c", str(args.connections), "-d", f"{args.duration}s",
         "--timeout", "10s", "-s", str(scratch / "report.lua"), base],
        env={**os.environ, "BENCH_PATHS": str(scratch / "paths.txt"), "BENCH_START": str(start)},
        capture_output=True, text=True, check=True, timeout=args.duration + 60,
    )  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def _load() -> str:
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def _line(label: str, r: dict[str, float]) -> str:
    return (
        f"{label:<22} {r['rps']:>8,.0f} req/s  p50 {r['p50_ms']:6.2f} ms  "
        f"p90 {r['p90_ms']:6.2f} ms  p99 {r['p99_ms']:6.2f} ms  "
        f"({r['requests']:,.0f} requests, {r['errors']:.0f} errors, {r['non2xx']:.0f} non-2xx)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quotes", type=int, default=100_000)
    parser.add_argument("--entities", type=int, default=5_000)
    parser.add_argument("--db", type=Path, help="SQLite file to fill or reuse (default: temp)")
    parser.add_argument("--duration", type=int, default=15, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument(
        "--spellings", type=int, default=0,
        help="cycle over only this many speaker spellings (0: all; few: the cached path)",
    )  # fmt: skip
    parser.add_argument(
        "--zipf", type=float, default=0.0,
        help="draw spellings by popularity, p ~ 1/rank**S (0: cycle through them evenly)",
    )  # fmt: skip
    parser.add_argument(
        "--warmup", type=int, default=10,
        help="seconds of speaker requests before the rounds, not counted (0: none)",
    )  # fmt: skip
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install -y wrk")
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        db = args.db or scratch / "bench.db"
        quotes, names = fill(db, args.quotes, args.entities, args.seed)
        rng = random.Random(args.seed)
        # Full names and surname aliases, shuffled: every request resolves a different name.
        spellings = names + [n.split()[-1] for n in names]
        rng.shuffle(spellings)
        spellings = spellings[: args.spellings or None]
        if args.zipf:
            spellings = zipf_draws(spellings, args.zipf, _ZIPF_DRAWS, rng)
            print(f"zipf {args.zipf}: {len(set(spellings)):,} distinct of {_ZIPF_DRAWS:,} draws; "
                  f"an LRU of {_CACHE_PAGES:,} pages would answer "
                  f"{lru_share(spellings, _CACHE_PAGES):.0%} of them")  # fmt: skip
        speaker_paths = [f"/v1/speakers/{urlquote(n)}/quotes" for n in spellings]
        print(f"store: {quotes:,} quotes, {len(names):,} speakers; "
              f"{args.connections} connections, {args.duration} s per run, wrk -t 1, "
              f"{args.workers} uvicorn worker(s); load average {_load()}")  # fmt: skip
        port = _free_port()
        server = start_server(db, port, args.workers)
        base = f"http://127.0.0.1:{port}"
        try:
            sample = httpx.get(base + speaker_paths[0], timeout=30).json()
            print(f"sample: {speaker_paths[0]} -> {sample['total']} quotes")
            # Each speaker run carries on where the last one stopped: starting over would meet
            # the pages the last run left in the response cache (its last ~2,000) and count hits.
            at = 0
            if args.warmup:
                warm = argparse.Namespace(**{**vars(args), "duration": args.warmup})
                warmed = wrk(base, speaker_paths, warm, scratch, at)
                at += int(warmed["requests"])
                print(_line("warm-up (not counted)", warmed))
            health, speakers = [], []
            for _ in range(args.rounds):
                health.append(wrk(base, ["/healthz"], args, scratch))
                print(_line("/healthz", health[-1]))
                speakers.append(wrk(base, speaker_paths, args, scratch, at))
                at += int(speakers[-1]["requests"])
                print(_line("speaker quotes", speakers[-1]))
        finally:
            server.terminate()
            server.wait(timeout=30)
    h = {k: statistics.median(r[k] for r in health) for k in health[0]}
    s = {k: statistics.median(r[k] for r in speakers) for k in speakers[0]}
    print(_line("median /healthz", h))
    print(_line("median speaker quotes", s))
    ratios = [sp["rps"] / he["rps"] for he, sp in zip(health, speakers, strict=True)]
    print(f"ratio speaker quotes / healthz per round: {', '.join(f'{r:.2f}' for r in ratios)}; "
          f"median {statistics.median(ratios):.2f} (target >= 0.5); "
          f"speaker quotes p99 {s['p99_ms']:.1f} ms (target < 50 ms)")  # fmt: skip
    print(f"load average after: {_load()}")


if __name__ == "__main__":
    main()
