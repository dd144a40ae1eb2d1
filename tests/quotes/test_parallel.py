"""Extraction in other processes and on Dask: the same store and graph as one process, and
writes that stay idempotent whatever the number of workers."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from typer.testing import CliRunner

from quotes import graph
from quotes.cli import app
from quotes.ingest import ingest
from quotes.parallel import BatchMapper, DaskMissingError, dask_mapper, local_mapper, process_mapper
from quotes.store import Store

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "articles"


def _snapshot(store: Store) -> tuple[dict[str, int], list[Any], nx.MultiDiGraph]:
    # whole records, ids included: one writer in article order gives the same ids
    quotes = list(store.iter_quotes())
    return store.counts(), quotes, graph.from_records(store.graph_records())


def _ingest(path: Path, mapper: AbstractContextManager[BatchMapper], twice: bool = False) -> Any:
    with Store(f"sqlite:///{path}") as store, mapper as run:
        store.upgrade()
        report = ingest([SAMPLES], store, batch_size=2, mapper=run)
        first = _snapshot(store)
        if twice:
            again = ingest([SAMPLES], store, batch_size=2, mapper=run)
            assert again.existing == report.articles and again.created == 0
            assert _snapshot(store)[0] == first[0]
        return first


def _same(a: Any, b: Any) -> None:
    assert a[0] == b[0] and a[1] == b[1]
    assert nx.utils.graphs_equal(a[2], b[2])
    assert a[0]["quotes"] > 0  # the samples hold quotes: a comparison of nothing proves nothing


@pytest.fixture(scope="module")
def single(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return _ingest(tmp_path_factory.mktemp("one") / "one.db", nullcontext(local_mapper()))


def test_processes_give_the_same_store_and_graph(single: Any, tmp_path: Path) -> None:
    _same(single, _ingest(tmp_path / "two.db", process_mapper(2), twice=True))


def _distributed() -> Any:
    return pytest.importorskip("distributed", reason="the optional dask extra is not installed")


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::DeprecationWarning:distributed.*")
@pytest.mark.filterwarnings("ignore::DeprecationWarning:tornado.*")
def test_dask_local_cluster_gives_the_same_store_and_graph(single: Any, tmp_path: Path) -> None:
    _distributed()
    _same(single, _ingest(tmp_path / "dask.db", dask_mapper("local", workers=2), twice=True))


def test_missing_dask_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(DaskMissingError, match=r"quotes\[dask\]"):
        with dask_mapper("local"):
            pass


@pytest.mark.parametrize(
    "args, code",
    [
        (["--workers", "2"], 0),
        (["--dask", "nowhere"], 2),  # neither "local" nor a URL
        (["--workers", "0"], 2),
    ],
)
def test_cli_workers_and_dask_options(tmp_path: Path, args: list[str], code: int) -> None:
    db = tmp_path / "cli.db"
    result = CliRunner().invoke(app, ["ingest", str(SAMPLES), "--db", str(db), *args])
    assert result.exit_code == code, result.output
    if code == 0:
        with Store(f"sqlite:///{db}") as store:
            assert store.counts()["articles"] == 5


def test_results_come_back_in_batch_order() -> None:
    batches = [[f"“Text number {n} is here,” Ann Lee said."] for n in range(5)]
    with process_mapper(2) as run:
        results: Iterator[Any] = run(iter(batches))
        starts = [r[0][0].text for r in results]
    assert starts == [f"Text number {n} is here" for n in range(5)]
