"""Store and export benchmark: synthetic quotes into the store, the graph, and GraphML.

Usage::

    .venv/bin/python bench/bench_store.py [--quotes 100000] [--entities 5000] [--db URL]

Generates ``--quotes`` quotes over ``--entities`` people (10 quotes an article, each about one
or two others), ingests them with :meth:`Store.add_article` (quotes/s), builds the graph from
the store (seconds), then writes the same graph as GraphML with the streamed writer and with
networkx's writers (``write_graphml`` is ``write_graphml_lxml`` when lxml is installed, an
incremental lxml writer; ``write_graphml_xml`` builds an ElementTree), each in a fresh
subprocess: the write's time, its tracemalloc peak (Python allocations, in a second run so
tracing does not skew the timing) and its peak RSS growth (``/proc/self/clear_refs`` resets
the high-water mark first; this also counts lxml's C allocations). Prints figures and ratios.
"""

from __future__ import annotations

import argparse
import json
import pickle
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from quotes.graph import build as graph
from quotes.models import Article, EntityRef, Quote, TextSpan
from quotes.store.database import Store

_SYLLABLES = ["ka", "lo", "mi", "ren", "tos", "vi", "dra", "gun", "bel", "sor", "pet", "zan",
              "ul", "ric", "hal", "mon", "tek", "quin", "yar", "fel"]  # fmt: skip
_GIVEN = ["Anna", "Boris", "Carla", "David", "Elena", "Farid", "Grace", "Hugo", "Irene", "Jonas"]
QUOTES_PER_ARTICLE = 10


def synthetic_people(count: int, rng: random.Random) -> list[EntityRef]:
    """``count`` distinct full names (three-syllable surnames)."""
    names: dict[str, None] = {}
    while len(names) < count:
        surname = "".join(rng.choice(_SYLLABLES) for _ in range(3)).capitalize()
        names.setdefault(f"{rng.choice(_GIVEN)} {surname}", None)
    return [EntityRef(name, "person", (name.split()[1],)) for name in names]


def synthetic_articles(
    quotes: int, people: list[EntityRef], rng: random.Random
) -> Iterator[tuple[Article, list[Quote]]]:
    """(article, quotes) pairs: ``QUOTES_PER_ARTICLE`` quotes each."""
    for a in range(quotes // QUOTES_PER_ARTICLE):
        found = []
        for q in range(QUOTES_PER_ARTICLE):
            start = q * 100
            about = tuple(rng.sample(people, rng.choice((1, 2))))
            found.append(
                Quote(start=start, end=start + 60, text=f"synthetic quote {a}/{q} " * 2,
                      speaker=rng.choice(people), role="official",
                      cue=TextSpan("said", start + 70, start + 74), about=about,
                      rule="synthetic", confidence=0.9)
            )  # fmt: skip
        day = f"2021-{1 + a % 12:02d}-{1 + a % 28:02d}"
        yield Article(text=f"synthetic article {a}", id=f"art{a:06d}", published=day), found


_CHILD = r"""
import json, pickle, sys, time, tracemalloc
import networkx as nx
from quotes.graph.graphml import write_graphml

def rss_kib(field):
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith(field))

which, graph_path, out_path, traced = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "1"
with open(graph_path, "rb") as f:
    g = pickle.load(f)
writers = {"streamed": write_graphml, "networkx-lxml": nx.write_graphml_lxml,
           "networkx-xml": nx.write_graphml_xml}
with open("/proc/self/clear_refs", "w") as f:
    f.write("5")  # reset the peak RSS (VmHWM) to the current RSS
base = rss_kib("VmRSS:")
if traced:
    tracemalloc.start()
t0 = time.perf_counter()
writers[which](g, out_path)
seconds = time.perf_counter() - t0
peak = tracemalloc.get_traced_memory()[1] if traced else 0
print(json.dumps({"seconds": seconds, "peak": peak, "rss_growth_kb": rss_kib("VmHWM:") - base}))
"""


def _child(which: str, graph_path: Path, out: Path, traced: bool) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, which, str(graph_path), str(out), "1" if traced else "0"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quotes", type=int, default=100_000)
    parser.add_argument("--entities", type=int, default=5_000)
    parser.add_argument("--db", help="database URL (default: a SQLite file in a temp folder)")
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    people = synthetic_people(args.entities, rng)
    with tempfile.TemporaryDirectory() as scratch:
        tmp = Path(scratch)
        store = Store.open(args.db or f"sqlite:///{tmp / 'bench.db'}")
        t0 = time.perf_counter()
        stored = sum(store.add_article(a, qs).quotes for a, qs in synthetic_articles(
            args.quotes, people, rng))  # fmt: skip
        ingest_s = time.perf_counter() - t0
        counts = store.counts()
        print(f"store ({store.dialect}): {stored:,} quotes, {counts['entities']:,} entities, "
              f"{counts['articles']:,} articles in {ingest_s:.1f} s = "
              f"{stored / ingest_s:,.0f} quotes/s")  # fmt: skip

        t0 = time.perf_counter()
        records = store.graph_records()
        fetch_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        built = graph.from_records(records)
        build_s = time.perf_counter() - t0
        print(f"graph: {built.number_of_nodes():,} nodes, {built.number_of_edges():,} edges; "
              f"records from the store {fetch_s:.1f} s, graph build {build_s:.1f} s")  # fmt: skip
        del records
        graph_path = tmp / "graph.pickle"
        with graph_path.open("wb") as f:
            pickle.dump(built, f, protocol=pickle.HIGHEST_PROTOCOL)
        del built

        results = {}
        for which in ("streamed", "networkx-lxml", "networkx-xml"):
            out = tmp / f"{which}.graphml"
            timed = _child(which, graph_path, out, traced=False)
            traced = _child(which, graph_path, out, traced=True)
            results[which] = (timed["seconds"], traced["peak"], timed["rss_growth_kb"],
                              out.stat().st_size)  # fmt: skip
            print(f"GraphML {which:>13}: {timed['seconds']:.2f} s, "
                  f"tracemalloc peak {traced['peak'] / 2**20:,.1f} MiB, "
                  f"RSS growth {timed['rss_growth_kb'] / 1024:,.1f} MiB, "
                  f"file {out.stat().st_size / 2**20:,.1f} MiB")  # fmt: skip
        s = results["streamed"]
        for other in ("networkx-lxml", "networkx-xml"):
            n = results[other]
            print(
                f"ratios streamed/{other}: time {s[0] / n[0]:.2f}, "
                f"tracemalloc peak {s[1] / n[1]:.3f}, RSS growth {s[2] / max(n[2], 1):.3f}"
            )
        store.close()


if __name__ == "__main__":
    main()
