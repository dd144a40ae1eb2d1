"""Ingest throughput and peak memory with 1 and 2 worker processes and a Dask LocalCluster.

Synthesizes ``--articles`` articles (default 2,000) from the sample articles in
``data/articles``, each made unique by a made-up opening sentence and a shuffled order of
its paragraphs after the first, writes them as one JSON Lines file, then runs
``quotes ingest`` on it into a fresh SQLite file once per setting, one after the other, in
this one run. Memory is the peak resident set of each process of the run (the CLI process,
its worker processes, Dask's nanny and worker processes), sampled with psutil.

    python bench/bench_scale.py                   # 2,000 articles: 1, 2 workers, Dask at 2
    python bench/bench_scale.py --articles 200    # quicker
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "articles"
QUOTES = Path(sys.executable).with_name("quotes")
SETTINGS = {
    "1 worker": ["--workers", "1"],
    "2 workers": ["--workers", "2"],
    "dask local 2": ["--dask", "local", "--workers", "2"],
}
_OPENERS = ["Updated at {n}:00.", "Filed from desk {n}.", "Edition {n} of the wire report."]


def synthesize(count: int, seed: int = 7) -> list[dict[str, str]]:
    rng = random.Random(seed)
    samples = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    articles = []
    for n in range(count):
        paragraphs = samples[n % len(samples)].split("\n\n")
        head, body = paragraphs[0], paragraphs[1:]
        rng.shuffle(body)
        opener = rng.choice(_OPENERS).format(n=n)
        articles.append({"id": f"syn-{n}", "text": "\n\n".join([head, opener, *body])})
    return articles


def _watch(process: subprocess.Popen[bytes]) -> dict[int, tuple[str, int]]:
    """Peak RSS per process of the tree, sampled until the root exits."""
    root = psutil.Process(process.pid)
    peaks: dict[int, tuple[str, int]] = {}
    while process.poll() is None:
        try:
            tree = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            break
        for p in tree:
            try:
                rss = p.memory_info().rss
                name = " ".join(p.cmdline()[1:3])[-40:]
            except psutil.Error:
                continue
            peaks[p.pid] = (name, max(rss, peaks.get(p.pid, ("", 0))[1]))
        time.sleep(0.2)
    return peaks


def run(path: Path, db: Path, args: list[str]) -> tuple[float, dict[int, tuple[str, int]]]:
    start = time.perf_counter()
    command = [str(QUOTES), "ingest", str(path), "--db", str(db), *args]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peaks = _watch(process)
    if process.wait() != 0:
        raise SystemExit(f"{' '.join(command)} failed")
    return time.perf_counter() - start, peaks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--only", choices=list(SETTINGS), action="append")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "articles.jsonl"
        articles = synthesize(args.articles)
        path.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
        words = sum(len(a["text"].split()) for a in articles)
        print(f"articles={len(articles)} words={words} cores={psutil.cpu_count()}")
        rates: dict[str, float] = {}
        for name in args.only or list(SETTINGS):
            db = Path(tmp) / f"{name.replace(' ', '_')}.db"
            seconds, peaks = run(path, db, SETTINGS[name])
            rates[name] = len(articles) / seconds
            big = sorted((rss for _, rss in peaks.values()), reverse=True)
            print(
                f"{name:14s} {seconds:7.1f} s  {rates[name]:6.2f} articles/s  "
                f"{words / seconds:7.0f} words/s  ratio to 1 worker "
                f"{rates[name] / rates.get('1 worker', rates[name]):.2f}  "
                f"peak RSS per process (MB): {[round(b / 2**20) for b in big[:4]]}  "
                f"store {db.stat().st_size / 2**20:.1f} MB"
            )


if __name__ == "__main__":
    main()
