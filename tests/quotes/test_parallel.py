"""Extraction in other processes and on Dask: the same store and graph as one process, and
writes that stay idempotent whatever the number of workers.

On SQLite the parent writes in article order, so whole records (ids included) match. On
PostgreSQL the workers write in parallel: entity ids then depend on who commits first, so
the store and the GraphML graph are compared by content (entities by kind and name).
"""

from __future__ import annotations

import io
import random
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from reliability.support import write_jsonl
from servers import postgres_database
from typer.testing import CliRunner

from quotes.batch.ingest import ingest
from quotes.batch.parallel import (
    BatchMapper,
    DaskMissingError,
    dask_mapper,
    local_mapper,
    process_mapper,
)
from quotes.cli import app
from quotes.graph import build as graph
from quotes.graph.graphml import write_graphml
from quotes.store.database import Store

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
        (["--single-writer"], 0),  # what SQLite does anyway
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


# ---- PostgreSQL: the workers write, in parallel ---------------------------------------------


def _by_name(attrs: dict[str, Any]) -> dict[str, Any]:
    """A node's attributes without its entity id and canonical name, aliases as a set
    (stored in commit order)."""
    entity = "entity_id" in attrs
    attrs = {k: v for k, v in attrs.items() if k != "entity_id" and not (entity and k == "label")}
    if "aliases" in attrs:
        attrs["aliases"] = sorted(attrs["aliases"].split(graph.ALIAS_SEPARATOR))
    return attrs


def _identity(kind: str, name: str, aliases: Iterable[str]) -> tuple[str, str]:
    """An entity by its kind and every spelling it has, not by its canonical name: of two
    equally complete names the first stored stays canonical ("Volodymyr Zelensky" or
    "Volodymyr Selenskyj"), and with parallel writers a race decides which (docs/scaling.md)."""
    return kind, "; ".join(sorted({name, *aliases}))


def _speaker(attrs: dict[str, Any], spelled: dict[str, str]) -> dict[str, Any]:
    return {"speaker": spelled[attrs["speaker"]]} if "speaker" in attrs else {}


def _content(store: Store) -> dict[str, Any]:
    """The store and its GraphML graph with entity ids replaced by (kind, spellings)."""
    records = store.graph_records()
    name = {e.id: _identity(e.kind, e.name, e.aliases) for e in records.entities}
    assert len(set(name.values())) == len(name), "(kind, name) must tell entities apart"
    quotes = sorted(
        (q.id, q.article_id, q.start, q.end, q.text, name.get(q.speaker_id) if q.speaker_id
         else None, q.mention_text, q.mention_start, q.cue_text, q.cue_start, q.role,
         q.affiliation, q.rule, q.confidence, q.published, sorted(name[a] for a in q.about_ids))
        for q in store.iter_quotes()
    )  # fmt: skip
    out = io.BytesIO()
    write_graphml(graph.from_records(records), out)
    g = nx.read_graphml(io.BytesIO(out.getvalue()), force_multigraph=True)
    label = {
        n: ":".join(name[int(d["entity_id"])]) if "entity_id" in d else n
        for n, d in g.nodes(data=True)
    }
    spelled = {e.name: name[e.id][1] for e in records.entities}  # a quote node's speaker
    nodes = sorted(
        (label[n], sorted({**_by_name(d), **_speaker(d, spelled)}.items()))
        for n, d in g.nodes(data=True)
    )
    edges = Counter(
        (label[u], label[v], d["relation"], d["quote_id"]) for u, v, d in g.edges(data=True)
    )
    return {
        "counts": store.counts(),
        "articles": sorted((a.id, a.content_hash, a.title, a.published) for a in records.articles),
        "entities": sorted(name.values()),
        "quotes": quotes,
        "graph nodes": nodes,
        "graph edges": edges,
    }


# One person per surname: a bare "Orrin" then names the same person whoever is stored
# first. (With two Orrins stored, which one a bare "Orrin" joins depends on the order the
# articles are written: order-dependent by design, see docs/scaling.md.)
_PEOPLE = ["Mara Velkin", "Tobias Orrin", "Ilse Haskett", "Quentin Brumley", "Odile Tamsin"]
_ORGS = ["the Harbour Authority", "Greyfield Council", "Norvale Bank"]
_CLAIMS = ["the budget will hold", "nobody was told", "the bridge is safe", "talks resume soon"]


def _made_up(count: int) -> list[dict[str, str]]:
    """Short articles over a few people and organisations, so writers meet on their names."""
    rng = random.Random(11)
    articles = []
    for i in range(count):
        one, two = rng.sample(_PEOPLE, 2)
        org, (claim, other) = rng.choice(_ORGS), rng.sample(_CLAIMS, 2)
        text = (
            f"Report {i} on {org}\n\n{one}, a director of {org}, said: “{claim.capitalize()}.” "
            f"{one.split()[1]} added that “{other}”. “We will see,” said {two} about {org}."
        )
        articles.append({"id": f"made-up-{i:03d}", "published": f"2024-05-{1 + i % 28:02d}",
                         "text": text})  # fmt: skip
    return articles


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The samples and 40 made-up articles."""
    folder = tmp_path_factory.mktemp("corpus")
    return [SAMPLES, write_jsonl(folder / "made-up.jsonl", _made_up(40))]


def _add_article_here(*_args: Any, **_kwargs: Any) -> Any:
    raise AssertionError("the parent wrote: the workers were to store their own articles")


@pytest.mark.postgres
def test_parallel_writers_on_postgresql_give_the_same_store_and_graph(
    corpus: list[Path], postgres_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with postgres_database(postgres_server) as one_url, Store.open(one_url) as one:
        single = ingest(corpus, one, batch_size=4)
        expected, records = _content(one), _snapshot(one)
    assert not single.errors
    assert expected["counts"]["quotes"] > 100 and expected["counts"]["entities"] > 20

    with process_mapper(2) as workers:
        with postgres_database(postgres_server) as url, Store.open(url) as store:
            # one writer in article order (--single-writer): whole records, ids included
            ingest(corpus, store, batch_size=4, mapper=workers, parallel_writes=False)
            _same(_snapshot(store), records)
        with postgres_database(postgres_server) as url, Store.open(url) as store:
            # spawned workers import Store afresh: only the parent's add_article is replaced
            monkeypatch.setattr(Store, "add_article", _add_article_here)
            report = ingest(corpus, store, batch_size=4, mapper=workers)
            assert not report.errors
            assert (report.created, report.quotes) == (single.created, single.quotes)
            assert _content(store) == expected
            again = ingest(corpus, store, batch_size=4, mapper=workers)
            assert (again.existing, again.created, again.quotes) == (single.created, 0, 0)
            assert _content(store) == expected
