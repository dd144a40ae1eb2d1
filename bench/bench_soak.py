"""Soak test: a real server at saturation for a fixed time, its errors and its memory.

Usage::

    .venv/bin/python bench/bench_soak.py [--duration 60] [--warmup 10] [--articles 200]
                                         [--connections 32] [--threads 2] [--db FILE]

Fills a SQLite store with ``--articles`` made-up articles (extracted and stored in this
process), starts ``uvicorn api.main:create_app --factory`` on a free loopback port (one
worker, access log off), and drives it with ``wrk`` (Debian package ``wrk``) over a mix of
every read endpoint (speakers, a speaker, a speaker's quotes, quote search, quotes about an
entity, an article, the filtered graph in JSON and GraphML, ``/healthz``) and idempotent
writes (``POST /v1/articles`` of a stored text: key check, hashing, a read back). A warm-up
run (``--warmup`` s) fills the caches first. The server's resident memory (VmRSS) is
sampled every second during the measured run. Prints the figures as JSON and exits 1 on any
error (socket errors or non-2xx answers) or when memory grew by more than 10 % from the
first to the last ten seconds. Loopback only, bounded in time.
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
import threading
import time
from pathlib import Path
from urllib.parse import quote as urlquote

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_api import WRK_REPORT_LUA  # noqa: E402

from quotes.batch.ingest import ingest_articles  # noqa: E402
from quotes.models import Article  # noqa: E402
from quotes.store.database import Store  # noqa: E402

KEY = "soak-key"
_LUA = (
    r"""
local reqs = {}
-- In init: wrk.format needs the Host header, which wrk sets after loading the script.
init = function(args)
  for line in io.lines(os.getenv("SOAK_REQUESTS")) do
    local method, path, body = line:match("^(%u+)\t([^\t]+)\t?(.*)$")
    if method == "POST" then
      reqs[#reqs + 1] = wrk.format("POST", path,
        {["Content-Type"] = "application/json", ["X-API-Key"] = os.getenv("SOAK_KEY")}, body)
    else
      reqs[#reqs + 1] = wrk.format("GET", path)
    end
  end
end
local i = 0
request = function()
  i = i + 1
  return reqs[(i % #reqs) + 1]
end
"""
    + WRK_REPORT_LUA
)
_FIRST = ["Mara", "Tobias", "Ilse", "Quentin", "Noor", "Bastian", "Odile", "Ravi"]
_LAST = ["Velkin", "Orrin", "Haskett", "Brumley", "Tamsin", "Lindqvar", "Okafor", "Dunmore"]
_ORGS = ["the Harbour Authority", "Greyfield Council", "the Coastal Union", "Norvale Bank"]


def made_up_articles(count: int, seed: int = 3) -> list[Article]:
    """Short invented news articles with two quotes each."""
    rng = random.Random(seed)
    articles = []
    for i in range(count):
        name, org = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}", rng.choice(_ORGS)
        text = (
            f"Soak report {i}\n\n{name}, who speaks for {org}, said on Monday: "
            f"“The harbour plan {i} is on time.” {name.split()[1]} added that "
            f"“{org} will publish the figures”."
        )
        articles.append(
            Article(text=text, id=f"soak-{i:04d}", published=f"2024-05-{1 + i % 28:02d}")
        )
    return articles


def fill(db: Path, count: int) -> tuple[list[Article], list[str]]:
    """The store at ``db`` holding the made-up articles; the articles and the speakers."""
    articles = made_up_articles(count)
    with Store.open(f"sqlite:///{db}") as store:
        report = ingest_articles(articles, store)
        speakers = [s.entity.name for s in store.search_speakers("", limit=24)]
    if report.errors:
        raise SystemExit(f"ingest failed: {report.errors[:3]}")
    return articles, speakers


def request_mix(articles: list[Article], names: list[str]) -> list[str]:
    """Tab-separated ``METHOD  PATH  [BODY]`` lines over every endpoint."""
    lines = ["GET\t/healthz", "GET\t/v1/speakers", "GET\t/v1/speakers?q=vel",
             "GET\t/v1/quotes?q=harbour", "GET\t/v1/quotes?since=2024-05-10&limit=20"]  # fmt: skip
    for i, name in enumerate(names):
        n = urlquote(name)
        lines += [f"GET\t/v1/speakers/{n}", f"GET\t/v1/speakers/{n}/quotes",
                  f"GET\t/v1/quotes?speaker={n}&limit=10"]  # fmt: skip
        if i % 6 == 0:
            lines += [f"GET\t/v1/graph?speaker={n}", f"GET\t/v1/graph.graphml?speaker={n}"]
    for org in _ORGS:
        lines.append(f"GET\t/v1/entities/{urlquote(org.removeprefix('the '))}/quoted-about")
    for article in articles[:: max(1, len(articles) // 20)]:
        lines.append(f"GET\t/v1/articles/{article.id}")
        lines.append("POST\t/v1/articles\t" + json.dumps({"text": article.text}))
    return lines


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` in MiB (VmRSS)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def start_server(db: Path, scratch: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**os.environ, "QUOTES_DB": str(db), "QUOTES_API_KEY": KEY,
           "QUOTES_WRITE_RATE_LIMIT": "0"}  # fmt: skip
    log = (scratch / "server.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "api.main:create_app", "--factory", "--host",
         "127.0.0.1", "--port", str(port), "--no-access-log", "--log-level", "warning"],
        stdout=log, stderr=log, env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit((scratch / "server.log").read_text())
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return process, base
        except httpx.TransportError:
            time.sleep(0.2)
    raise SystemExit("server did not start")


def run_wrk(base: str, seconds: int, args: argparse.Namespace, scratch: Path) -> dict[str, float]:
    env = {**os.environ, "SOAK_REQUESTS": str(scratch / "requests.tsv"), "SOAK_KEY": KEY}
    done = subprocess.run(
        ["wrk", "-t", str(args.threads), "-c", str(args.connections), "-d", f"{seconds}s",
         "--timeout", "10s", "-s", str(scratch / "soak.lua"), base],
        capture_output=True, text=True, env=env, timeout=seconds + 60, check=True,
    )  # fmt: skip
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def sample_rss(pid: int, stop: threading.Event, samples: list[tuple[float, float]]) -> None:
    started = time.monotonic()
    while not stop.is_set():
        samples.append((time.monotonic() - started, rss_mb(pid)))
        stop.wait(1.0)


def memory_figures(samples: list[tuple[float, float]]) -> dict[str, float]:
    first = [mb for t, mb in samples if t < 10]
    last = [mb for t, mb in samples if t >= samples[-1][0] - 10]
    return {
        "rss_start_mb": round(samples[0][1], 1),
        "rss_first_10s_mb": round(statistics.median(first), 1),
        "rss_last_10s_mb": round(statistics.median(last), 1),
        "rss_end_mb": round(samples[-1][1], 1),
        "rss_max_mb": round(max(mb for _, mb in samples), 1),
        "rss_samples": len(samples),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=60, help="measured seconds")
    parser.add_argument("--warmup", type=int, default=10, help="unmeasured seconds first")
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--db", type=Path, help="SQLite file (default: a temporary one)")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk not found: apt-get install -y wrk")
    with tempfile.TemporaryDirectory(prefix="soak-") as tmp:
        scratch = Path(tmp)
        db = args.db or scratch / "soak.db"
        articles, speakers = fill(db, args.articles)
        mix = request_mix(articles, speakers)
        (scratch / "requests.tsv").write_text("\n".join(mix) + "\n")
        (scratch / "soak.lua").write_text(_LUA)
        process, base = start_server(db, scratch)
        try:
            if args.warmup:
                run_wrk(base, args.warmup, args, scratch)
            samples: list[tuple[float, float]] = []
            stop = threading.Event()
            sampler = threading.Thread(target=sample_rss, args=(process.pid, stop, samples))
            sampler.start()
            figures = run_wrk(base, args.duration, args, scratch)
            stop.set()
            sampler.join()
        finally:
            process.terminate()
            process.wait(timeout=30)
        log = (scratch / "server.log").read_text(errors="replace")
    figures.update(memory_figures(samples))
    figures["server_log_errors"] = log.count("ERROR")
    print(json.dumps(figures, indent=2))
    errors = figures["errors"] + figures["non2xx"] + figures["server_log_errors"]
    grew = figures["rss_last_10s_mb"] > 1.10 * figures["rss_first_10s_mb"]
    return 1 if errors or grew else 0


if __name__ == "__main__":
    sys.exit(main())
