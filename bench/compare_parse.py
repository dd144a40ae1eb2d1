"""Extract every article twice, with the default (selective) parse and with the full parse,
and print how many quotes and which of their fields differ.

    python bench/compare_parse.py ../shared/eval/polnear/dev.jsonl
    python bench/compare_parse.py ../shared/eval/polnear/train.jsonl --show 5

A folder means its *.txt files; a .jsonl file means the "text" field of each line. Quotes are
paired by ``(kind, start, end)``; a quote one side finds and the other does not counts as
``only selective`` / ``only full``. For the paired ones each field of the CLI's JSON record
(:meth:`quotes.models.Quote.to_dict`) is compared. ``--show N`` prints the first N
differences (article index, field, both values) to see what changed; exit status 1 when
anything differs, so the command can guard a change.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from quotes.errors import InputError
from quotes.models import Quote
from quotes.nlp.extract import extract_many

Key = tuple[str, int, int]


def load_texts(path: Path) -> list[str]:
    if path.is_dir():
        return [p.read_text(encoding="utf-8") for p in sorted(path.glob("*.txt"))]
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line)["text"] for line in lines if line.strip()]


def records(results: Iterable[list[Quote] | InputError]) -> list[dict[Key, dict[str, Any]]]:
    """Per article, its quotes' JSON records keyed by ``(kind, start, end)``."""
    out: list[dict[Key, dict[str, Any]]] = []
    for result in results:
        quotes = [] if isinstance(result, InputError) else result
        out.append({(q.kind, q.start, q.end): q.to_dict() for q in quotes})
    return out


def compare(
    selective: list[dict[Key, dict[str, Any]]], full: list[dict[Key, dict[str, Any]]]
) -> tuple[Counter[str], list[tuple[int, Key, str, Any, Any]]]:
    """Counts (``quotes``, ``same``, ``only selective``, ``only full``, ``differ`` and
    ``field:<name>``) and the list of differences."""
    counts: Counter[str] = Counter()
    diffs: list[tuple[int, Key, str, Any, Any]] = []
    for n, (sel, ful) in enumerate(zip(selective, full, strict=True)):
        counts["quotes"] += len(ful)
        for key in sorted(sel.keys() - ful.keys()):
            counts["only selective"] += 1
            diffs.append((n, key, "only selective", sel[key]["text"][:60], None))
        for key in sorted(ful.keys() - sel.keys()):
            counts["only full"] += 1
            diffs.append((n, key, "only full", None, ful[key]["text"][:60]))
        for key in sorted(sel.keys() & ful.keys()):
            fields = [f for f in ful[key] if sel[key][f] != ful[key][f]]
            counts["differ" if fields else "same"] += 1
            for f in fields:
                counts[f"field:{f}"] += 1
                diffs.append((n, key, f, sel[key][f], ful[key][f]))
    return counts, diffs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--model", default=None)
    parser.add_argument("--show", type=int, default=0, help="print the first N differences")
    args = parser.parse_args()

    texts = load_texts(args.path)
    sel = records(extract_many(texts, model=args.model, full_parse=False))
    ful = records(extract_many(texts, model=args.model, full_parse=True))
    counts, diffs = compare(sel, ful)
    by_kind = Counter(k[0] for article in ful for k in article)
    print(f"articles={len(texts)} quotes (full parse)={counts['quotes']} {dict(by_kind)}")
    print(
        f"same={counts['same']} differ={counts['differ']} "
        f"only selective={counts['only selective']} only full={counts['only full']}"
    )
    fields = {k.removeprefix("field:"): v for k, v in counts.items() if k.startswith("field:")}
    listed = ", ".join(f"{k}={v}" for k, v in sorted(fields.items()))
    print(f"fields differing: {listed or 'none'}")
    for n, key, field, a, b in diffs[: args.show]:
        print(f"  article {n} {key} {field}: selective={a!r} full={b!r}")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
