"""Speaker-network export benchmark: 100k synthetic quotes, GraphML and GEXF vs networkx.

Usage::

    .venv/bin/python bench/bench_network.py [--quotes 100000] [--entities 5000] [--db URL]

Fills a store with ``bench_store``'s synthetic quotes (skipped when ``--db`` already holds
quotes), builds the speaker network from it (time and peak RSS growth of the fold), then, each
in a fresh subprocess on the same pickled graph, writes it with the streamed writers
(``quotes.graph.graphml.write_graphml``, ``quotes.graph.gexf.write_gexf``) and with networkx's
(``write_graphml_lxml``, ``write_graphml_xml``, ``write_gexf``): the write's time and its peak
RSS growth (``/proc/self/clear_refs`` resets the high-water mark first). Last, the whole
export as the CLI runs it (store -> network -> file) in a fresh process, for both forms: its
time and peak RSS. Prints figures and ratios measured in this one run.
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
from pathlib import Path

from bench_store import synthetic_articles, synthetic_people

from quotes.graph.network import speaker_network
from quotes.store.database import Store

_WRITE = r"""
import json, pickle, sys, time
import networkx as nx
from quotes.graph.gexf import write_gexf
from quotes.graph.graphml import write_graphml

def kib(field):
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith(field))

which, graph_path, out_path = sys.argv[1:4]
with open(graph_path, "rb") as f:
    g = pickle.load(f)
writers = {"graphml streamed": write_graphml, "graphml networkx-lxml": nx.write_graphml_lxml,
           "graphml networkx-xml": nx.write_graphml_xml, "gexf streamed": write_gexf,
           "gexf networkx": nx.write_gexf}
with open("/proc/self/clear_refs", "w") as f:
    f.write("5")  # reset the peak RSS (VmHWM) to the current RSS
base = kib("VmRSS:")
t0 = time.perf_counter()
writers[which](g, out_path)
print(json.dumps({"seconds": time.perf_counter() - t0, "rss_growth_kb": kib("VmHWM:") - base}))
"""

_EXPORT = r"""
import json, sys, time
from quotes.graph.exports import export_graph
from quotes.graph.gexf import write_gexf
from quotes.graph.graphml import write_graphml
from quotes.store.database import Store

url, form, fmt, out = sys.argv[1:5]
t0 = time.perf_counter()
with Store.open(url) as store:
    (write_gexf if fmt == "gexf" else write_graphml)(export_graph(store, form), out)
with open("/proc/self/status") as f:
    peak = next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))
print(json.dumps({"seconds": time.perf_counter() - t0, "peak_rss_kb": peak}))
"""


def _kib(field: str) -> int:
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith(field))


def _run(code: str, *args: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def _fill(store: Store, quotes: int, entities: int, seed: int) -> None:
    if store.counts()["quotes"]:
        print(f"store: reusing {store.counts()['quotes']:,} quotes")
        return
    rng = random.Random(seed)
    people = synthetic_people(entities, rng)
    t0 = time.perf_counter()
    stored = sum(
        store.add_article(a, qs).quotes for a, qs in synthetic_articles(quotes, people, rng)
    )
    print(f"store: {stored:,} quotes in {time.perf_counter() - t0:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quotes", type=int, default=100_000)
    parser.add_argument("--entities", type=int, default=5_000)
    parser.add_argument("--db", help="database URL (default: a SQLite file in a temp folder)")
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        tmp = Path(scratch)
        url = args.db or f"sqlite:///{tmp / 'bench.db'}"
        with Store.open(url) as store:
            _fill(store, args.quotes, args.entities, args.seed)
            with open("/proc/self/clear_refs", "w") as f:
                f.write("5")  # reset the peak RSS (VmHWM) to the current RSS
            base = _kib("VmRSS:")
            t0 = time.perf_counter()
            network = speaker_network(store)
            fold_s = time.perf_counter() - t0
            fold_kb = _kib("VmHWM:") - base
        print(f"network: {network.number_of_nodes():,} nodes, {network.number_of_edges():,} "
              f"edges from the store in {fold_s:.1f} s, peak RSS growth "
              f"{fold_kb / 1024:,.1f} MiB")  # fmt: skip
        graph_path = tmp / "network.pickle"
        with graph_path.open("wb") as f:
            pickle.dump(network, f, protocol=pickle.HIGHEST_PROTOCOL)
        del network

        results: dict[str, tuple[float, float]] = {}
        for which in ("graphml streamed", "graphml networkx-lxml", "graphml networkx-xml",
                      "gexf streamed", "gexf networkx"):  # fmt: skip
            out = tmp / which.replace(" ", "_")
            timed = _run(_WRITE, which, str(graph_path), str(out))
            results[which] = (timed["seconds"], timed["rss_growth_kb"])
            print(f"{which:>22}: {timed['seconds']:.2f} s, RSS growth "
                  f"{timed['rss_growth_kb'] / 1024:,.1f} MiB, "
                  f"file {out.stat().st_size / 2**20:,.1f} MiB")  # fmt: skip
        for fmt, others in (
            ("graphml", ("networkx-lxml", "networkx-xml")),
            ("gexf", ("networkx",)),
        ):
            mine = results[f"{fmt} streamed"]
            for other in others:
                theirs = results[f"{fmt} {other}"]
                print(f"ratios {fmt} streamed/{other}: time {mine[0] / theirs[0]:.2f}, "
                      f"RSS growth {mine[1] / max(theirs[1], 1):.3f}")  # fmt: skip
        for form in ("speakers", "full"):
            for fmt in ("graphml", "gexf"):
                done = _run(_EXPORT, url, form, fmt, str(tmp / f"export.{fmt}"))
                print(
                    f"export {form:>8} {fmt:>7} (store -> file, fresh process): "
                    f"{done['seconds']:.1f} s, peak RSS {done['peak_rss_kb'] / 1024:,.0f} MiB"
                )


if __name__ == "__main__":
    main()
