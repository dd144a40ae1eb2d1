"""Words per second of ``extract_many`` against plain ``nlp.pipe`` of the same model.

All run in this one process on the same texts, alternating, best of ``--repeat`` rounds, so
the printed ratios compare like with like on a shared, noisy machine; each is printed for
wall time and for the process's CPU time (steadier when other jobs take the cores). Rows: plain
``nlp.pipe``; ``extract_many`` as it runs by default (selective parsing,
:mod:`quotes.nlp.selective`: the full pipeline on the sentences the attribution reads, the
recognizer once per article within its receptive field of a word that can start a name,
parse-free marks elsewhere); and ``extract_many`` with the full parse
(``QUOTES_FULL_PARSE=1``). The settings measured on the way there are in
docs/performance.md.

    python bench/bench_extract.py data/articles            # the sample articles
    python bench/bench_extract.py ../shared/eval/polnear/dev.jsonl --repeat 3

A folder means its *.txt files; a .jsonl file means the "text" field of each line.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import spacy

from quotes.nlp.extract import extract_many
from quotes.nlp.pipeline import DEFAULT_MODEL, load_pipeline, load_selective


def load_texts(path: Path, copies: int) -> list[str]:
    if path.is_dir():
        texts = [p.read_text(encoding="utf-8") for p in sorted(path.glob("*.txt"))]
    else:
        with path.open(encoding="utf-8") as lines:
            texts = [json.loads(line)["text"] for line in lines if line.strip()]
    return texts * copies


def timed(run: object, texts: list[str]) -> tuple[float, float]:
    """Wall seconds and this process's CPU seconds of one run: on a machine shared with
    other jobs the CPU time moves less (it does not count the waits for a core)."""
    start, cpu = time.perf_counter(), time.process_time()
    run(texts)  # type: ignore[operator]
    return time.perf_counter() - start, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--copies", type=int, default=1, help="repeat the texts N times")
    args = parser.parse_args()

    texts = load_texts(args.path, args.copies)
    words = sum(len(t.split()) for t in texts)
    plain = spacy.load(args.model)
    load_pipeline(args.model)  # load outside the timing

    def run_plain(ts: list[str]) -> None:
        for _ in plain.pipe(ts, batch_size=16):
            pass

    def run_extract(ts: list[str], full_parse: bool) -> None:
        for _ in extract_many(ts, model=args.model, full_parse=full_parse):
            pass

    runs: dict[str, Callable[[list[str]], None]] = {
        "nlp.pipe": run_plain,
        "extract_many": partial(run_extract, full_parse=False),
        "extract_many full parse": partial(run_extract, full_parse=True),
    }
    selective = load_selective(args.model)
    if selective is None:
        raise SystemExit(f"selective parsing was not checked on {args.model}")
    for run in runs.values():
        run(texts[:5])  # warm-up
    best = dict.fromkeys(runs, float("inf"))
    best_cpu = dict.fromkeys(runs, float("inf"))
    for _ in range(args.repeat):
        for name, run in runs.items():
            wall, cpu = timed(run, texts)
            best[name], best_cpu[name] = min(best[name], wall), min(best_cpu[name], cpu)
    print(f"texts={len(texts)} words={words} model={args.model} repeat={args.repeat}")
    for name, seconds in best.items():
        ratio = best["nlp.pipe"] / seconds
        cpu = best_cpu["nlp.pipe"] / best_cpu[name]
        print(
            f"{name:24s} {words / seconds:8.0f} words/s  ratio to nlp.pipe {ratio:.2f}"
            f"  (CPU time: {words / best_cpu[name]:8.0f} words/s, ratio {cpu:.2f})"
        )
    selective.parsed_tokens = selective.named_tokens = selective.total_tokens = 0
    run_extract(texts, full_parse=False)  # counted once, outside the timing
    total = selective.total_tokens or 1
    print(
        f"selective: full pipeline on {selective.parsed_tokens / total:.0%} of tokens, "
        f"recognizer alone on {selective.named_tokens / total:.0%}"
    )
    for label, times in (("", best), ("CPU ", best_cpu)):
        ratio = times["nlp.pipe"] / times["extract_many"]
        full = times["nlp.pipe"] / times["extract_many full parse"]
        print(f"{label}ratio extract_many / nlp.pipe = {ratio:.2f}")
        print(f"{label}ratio extract_many full parse / nlp.pipe = {full:.2f}")


if __name__ == "__main__":
    main()
