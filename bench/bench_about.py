"""What finding whom quotes are about costs, as a share of extraction, measured in one run.

``extract_many`` runs over the texts with :class:`quotes.nlp.about.AboutFinder` timed from the
inside (its construction per article and every ``about`` call, frame targets included), so
the printed share is of the same run's extraction time, whatever else loads the machine.

    python bench/bench_about.py ../shared/eval/polnear/dev.jsonl --repeat 2
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from quotes.nlp import about
from quotes.nlp.extract import extract_many


def load_texts(path: Path) -> list[str]:
    if path.is_dir():
        return [p.read_text(encoding="utf-8") for p in sorted(path.glob("*.txt"))]
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line)["text"] for line in lines if line.strip()]


class _Timed:
    """Seconds spent inside the wrapped callables."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def wrap(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - start

        return timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("texts", type=Path, help="a folder of .txt files or a .jsonl file")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    texts = load_texts(args.texts)
    list(extract_many(texts[:2]))  # load the model outside the timing
    timer = _Timed()
    about.AboutFinder.__init__ = timer.wrap(about.AboutFinder.__init__)  # type: ignore[method-assign]
    about.AboutFinder.about = timer.wrap(about.AboutFinder.about)  # type: ignore[method-assign]
    for round_ in range(args.repeat):
        timer.seconds = 0.0
        start = time.perf_counter()
        quotes = sum(len(q) for q in extract_many(texts) if isinstance(q, list))
        total = time.perf_counter() - start
        print(
            f"round {round_ + 1}: {len(texts)} texts, {quotes} quotes, extraction {total:.2f} s, "
            f"about {timer.seconds:.3f} s = {100 * timer.seconds / total:.1f} % of extraction"
        )


if __name__ == "__main__":
    main()
