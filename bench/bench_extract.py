"""Words per second of ``extract_many`` against plain ``nlp.pipe`` of the same model.

Both run in this one process on the same texts, alternating, best of ``--repeat`` rounds, so
the printed ratio compares like with like on a shared, noisy machine.

    python bench/bench_extract.py data/articles            # the sample articles
    python bench/bench_extract.py ../shared/eval/polnear/dev.jsonl --repeat 3

A folder means its *.txt files; a .jsonl file means the "text" field of each line.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import spacy

from quotes.extract import extract_many
from quotes.pipeline import DEFAULT_MODEL, load_pipeline


def load_texts(path: Path, copies: int) -> list[str]:
    if path.is_dir():
        texts = [p.read_text(encoding="utf-8") for p in sorted(path.glob("*.txt"))]
    else:
        with path.open(encoding="utf-8") as lines:
            texts = [json.loads(line)["text"] for line in lines if line.strip()]
    return texts * copies


def timed(run: object, texts: list[str]) -> float:
    start = time.perf_counter()
    run(texts)  # type: ignore[operator]
    return time.perf_counter() - start


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

    def run_extract(ts: list[str]) -> None:
        for _ in extract_many(ts, model=args.model):
            pass

    run_plain(texts[:5])
    run_extract(texts[:5])  # warm-up
    best_plain = best_extract = float("inf")
    for _ in range(args.repeat):
        best_plain = min(best_plain, timed(run_plain, texts))
        best_extract = min(best_extract, timed(run_extract, texts))
    print(f"texts={len(texts)} words={words} model={args.model} repeat={args.repeat}")
    print(f"nlp.pipe      {words / best_plain:10.0f} words/s")
    print(f"extract_many  {words / best_extract:10.0f} words/s")
    print(f"ratio extract_many / nlp.pipe = {best_plain / best_extract:.2f}")


if __name__ == "__main__":
    main()
