"""Running :func:`quotes.nlp.extract.extract_batch` elsewhere: other processes, or a Dask cluster.

Every backend is a *batch mapper*: it takes an iterator of text batches and yields each
batch's results in the order the batches came, keeping only a few batches in flight so a
stream of millions of articles never sits in memory. Only plain data crosses a process
boundary: lists of ``str`` go out, lists of frozen :class:`~quotes.models.Quote` records (or
the :class:`~quotes.errors.InputError` a text raised) come back. Each worker process loads
the spaCy model once: the process pool in its initializer, a Dask worker on its first batch
(:func:`quotes.nlp.pipeline.load_pipeline` keeps it for the life of the process).

- :func:`local_mapper`: this process, as before;
- :func:`budget_mapper`: ``N`` processes of :class:`quotes.batch.workpool.ExtractionPool`, each
  article within the time and memory budget the API uses (an article over it comes back as
  its :class:`~quotes.errors.BudgetError`, the worker replaced, the rest of its batch
  extracted again one by one);
- :func:`process_mapper`: ``N`` processes on this machine (``spawn``: safe on every platform
  and with threads in the parent);
- :func:`dask_mapper`: a Dask ``LocalCluster`` on loopback (``"local"``) or an existing
  scheduler (``"tcp://host:8786"``). Dask is an optional extra, imported only here.

Who writes: on SQLite the parent, in article order (SQLite takes one writer). On PostgreSQL
the process and Dask backends (:class:`Workers`) can also store what they extract:
:meth:`Workers.writer` sends :class:`~quotes.models.Article` batches out and gets one
:class:`~quotes.store.records.AddResult` (or the error) per article back, each worker writing its
own articles through its own connection, in parallel with the others (see
:mod:`quotes.store.locks`). :func:`quotes.batch.ingest.ingest_articles` chooses.
"""

from __future__ import annotations

import atexit
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import AbstractContextManager, contextmanager
from functools import partial
from typing import Any, Protocol, TypeVar

from quotes.errors import DaskMissingError, InputError, QuotesError, StoreError
from quotes.models import Article, Quote
from quotes.store.records import AddResult

__all__ = [
    "ArticleMapper",
    "BatchMapper",
    "DaskMissingError",
    "Results",
    "Stored",
    "Workers",
    "budget_mapper",
    "dask_mapper",
    "local_mapper",
    "process_mapper",
]

Results = list[list[Quote] | InputError]
BatchMapper = Callable[[Iterator[list[str]]], Iterator[Results]]
# Per article: what the store did with it, or the InputError / StoreError it raised.
Stored = list[AddResult | QuotesError]
ArticleMapper = Callable[[Iterator[list[Article]]], Iterator[Stored]]


_Batch = TypeVar("_Batch")


class _Future(Protocol):
    def result(self) -> Any: ...


def _ordered(
    submit: Callable[[_Batch], _Future], batches: Iterator[_Batch], ahead: int
) -> Iterator[Any]:
    """Results in batch order, with at most ``ahead`` batches submitted and not yet read."""
    pending: deque[_Future] = deque()
    for batch in batches:
        pending.append(submit(batch))
        if len(pending) >= ahead:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _run_batch(texts: list[str], model: str | None, full_parse: bool | None) -> Results:
    # Imported here so that a Dask worker unpickling this function imports quotes lazily.
    from quotes.nlp.extract import extract_batch

    return extract_batch(texts, model=model, full_parse=full_parse)


# The store of each database URL a worker process writes to, opened on its first batch.
_STORES: dict[str, Any] = {}


def _worker_store(url: str) -> Any:
    from quotes.store.database import Store

    store = _STORES.get(url)
    if store is None:
        store = _STORES[url] = Store(url)  # the parent upgraded the schema already
        atexit.register(store.close)
    return store


def _store_batch(
    articles: list[Article], url: str, model: str | None, full_parse: bool | None, replace: bool
) -> Stored:
    """Extract a batch and store each article in this worker, one transaction per article."""
    results = _run_batch([a.text for a in articles], model, full_parse)
    store = _worker_store(url)
    stored: Stored = []
    for article, quotes in zip(articles, results, strict=True):
        if isinstance(quotes, InputError):
            stored.append(quotes)
            continue
        try:
            stored.append(store.add_article(article, quotes, replace=replace))
        except StoreError as err:
            stored.append(StoreError(str(err)))  # without its driver exception: it pickles
    return stored


class Workers:
    """Processes or Dask workers. Called with batches of texts it is a :data:`BatchMapper`;
    :meth:`writer` gives an :data:`ArticleMapper` whose workers also store the articles.

    Either way results come back in batch order, with at most ``ahead`` batches in flight.
    """

    def __init__(
        self,
        submit: Callable[..., _Future],
        ahead: int,
        model: str | None = None,
        full_parse: bool | None = None,
    ) -> None:
        self._submit = submit
        self.ahead = ahead
        self.model = model
        self.full_parse = full_parse

    def __call__(self, batches: Iterator[list[str]]) -> Iterator[Results]:
        run = partial(self._submit, _run_batch, model=self.model, full_parse=self.full_parse)
        return _ordered(run, batches, self.ahead)

    def writer(self, url: str, *, replace: bool = False) -> ArticleMapper:
        """Each worker extracts its batch and stores it in the database at ``url`` (which
        must take several writers: PostgreSQL) with ``Store.add_article(replace=replace)``."""

        def run(batch: list[Article]) -> _Future:
            return self._submit(_store_batch, batch, url, self.model, self.full_parse, replace)

        return lambda batches: _ordered(run, batches, self.ahead)


def _load_model(model: str | None) -> None:
    from quotes.nlp.pipeline import load_pipeline

    load_pipeline(model)


def local_mapper(model: str | None = None, full_parse: bool | None = None) -> BatchMapper:
    """Extraction in this process, one batch after the other."""
    run = partial(_run_batch, model=model, full_parse=full_parse)
    return lambda batches: map(run, batches)


@contextmanager
def process_mapper(
    workers: int, model: str | None = None, full_parse: bool | None = None
) -> Iterator[Workers]:
    """``workers`` processes, each loading the model once in its initializer."""
    context = multiprocessing.get_context("spawn")
    pool: Executor = ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_load_model, initargs=(model,)
    )
    with pool:
        yield Workers(pool.submit, 2 * workers, model, full_parse)


@contextmanager
def budget_mapper(
    workers: int,
    model: str | None = None,
    *,
    time_limit: float | None = None,
    memory_limit: int | None = None,
) -> Iterator[BatchMapper]:
    """``workers`` budgeted processes (defaults: the API's budget, :mod:`quotes.batch.workpool`)."""
    from quotes.batch.workpool import DEFAULT_MEMORY_LIMIT, DEFAULT_TIME_LIMIT, ExtractionPool

    pool = ExtractionPool(
        workers, model=model, queue_size=2 * workers,
        time_limit=DEFAULT_TIME_LIMIT if time_limit is None else time_limit,
        memory_limit=DEFAULT_MEMORY_LIMIT if memory_limit is None else memory_limit,
    )  # fmt: skip
    try:
        yield lambda batches: _ordered(pool.map_batch, batches, 2 * workers)
    finally:
        pool.close()


def _import_dask() -> Any:
    try:
        import distributed
    except ImportError as err:
        raise DaskMissingError(
            "--dask needs the optional extra: pip install 'quotes[dask]' "
            "(dask[distributed]==2026.8.0)"
        ) from err
    return distributed


@contextmanager
def dask_mapper(
    address: str, workers: int = 2, model: str | None = None, full_parse: bool | None = None
) -> Iterator[Workers]:
    """Batches on Dask: ``"local"`` starts a ``LocalCluster`` of ``workers`` one-thread
    processes on 127.0.0.1 (HTTP on a free port); any other value is a scheduler address."""
    distributed = _import_dask()
    cluster: AbstractContextManager[Any]
    if address == "local":
        cluster = distributed.LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True,
            # ":0": the scheduler's HTTP server takes any free port; None still tries 8787
            # and warns when another cluster holds it
            host="127.0.0.1", dashboard_address=":0",
        )  # fmt: skip
    else:
        cluster = _Address(address)
    with cluster as target, distributed.Client(target) as client:
        # pure=False: two identical batches are still two tasks, each with its own result
        submit = partial(client.submit, pure=False)
        ahead = 2 * max(1, len(client.scheduler_info().get("workers", {})) or workers)
        yield Workers(submit, ahead, model, full_parse)


class _Address(AbstractContextManager[str]):
    """A scheduler address standing where a cluster object would (nothing to shut down)."""

    def __init__(self, address: str) -> None:
        self.address = address

    def __enter__(self) -> str:
        return self.address

    def __exit__(self, *_exc: object) -> None:
        return None
