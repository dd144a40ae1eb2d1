"""Running :func:`quotes.ingest.extract_batch` elsewhere: other processes, or a Dask cluster.

Every backend is a *batch mapper*: it takes an iterator of text batches and yields each
batch's results in the order the batches came, keeping only a few batches in flight so a
stream of millions of articles never sits in memory. Only plain data crosses a process
boundary: lists of ``str`` go out, lists of frozen :class:`~quotes.models.Quote` records (or
the :class:`~quotes.errors.InputError` a text raised) come back. Each worker process loads
the spaCy model once: the process pool in its initializer, a Dask worker on its first batch
(:func:`quotes.pipeline.load_pipeline` keeps it for the life of the process).

- :func:`local_mapper`: this process, as before;
- :func:`process_mapper`: ``N`` processes on this machine (``spawn``: safe on every platform
  and with threads in the parent);
- :func:`dask_mapper`: a Dask ``LocalCluster`` on loopback (``"local"``) or an existing
  scheduler (``"tcp://host:8786"``). Dask is an optional extra, imported only here.

The parent keeps writing: SQLite takes one writer, and one writer in article order gives the
same store, ids and graph whatever the number of workers.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import AbstractContextManager, contextmanager
from functools import partial
from typing import Any, Protocol

from quotes.errors import DaskMissingError, InputError
from quotes.models import Quote

__all__ = [
    "BatchMapper",
    "DaskMissingError",
    "Results",
    "dask_mapper",
    "local_mapper",
    "process_mapper",
]

Results = list[list[Quote] | InputError]
BatchMapper = Callable[[Iterator[list[str]]], Iterator[Results]]


class _Future(Protocol):
    def result(self) -> Any: ...


def _ordered(
    submit: Callable[[list[str]], _Future], batches: Iterator[list[str]], ahead: int
) -> Iterator[Results]:
    """Results in batch order, with at most ``ahead`` batches submitted and not yet read."""
    pending: deque[_Future] = deque()
    for batch in batches:
        pending.append(submit(batch))
        if len(pending) >= ahead:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _run_batch(texts: list[str], model: str | None, selective: bool | None) -> Results:
    # Imported here so that a Dask worker unpickling this function imports quotes lazily.
    from quotes.ingest import extract_batch

    return extract_batch(texts, model=model, selective=selective)


def _load_model(model: str | None) -> None:
    from quotes.pipeline import load_pipeline

    load_pipeline(model)


def local_mapper(model: str | None = None, selective: bool | None = None) -> BatchMapper:
    """Extraction in this process, one batch after the other."""
    run = partial(_run_batch, model=model, selective=selective)
    return lambda batches: map(run, batches)


@contextmanager
def process_mapper(
    workers: int, model: str | None = None, selective: bool | None = None
) -> Iterator[BatchMapper]:
    """``workers`` processes, each loading the model once in its initializer."""
    context = multiprocessing.get_context("spawn")
    pool: Executor = ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_load_model, initargs=(model,)
    )
    run = partial(_run_batch, model=model, selective=selective)
    with pool:
        yield lambda batches: _ordered(partial(pool.submit, run), batches, 2 * workers)


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
    address: str, workers: int = 2, model: str | None = None, selective: bool | None = None
) -> Iterator[BatchMapper]:
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
        run = partial(_run_batch, model=model, selective=selective)
        # pure=False: two identical batches are still two tasks, each with its own result
        submit = partial(client.submit, run, pure=False)
        ahead = 2 * max(1, len(client.scheduler_info().get("workers", {})) or workers)
        yield lambda batches: _ordered(submit, batches, ahead)


class _Address(AbstractContextManager[str]):
    """A scheduler address standing where a cluster object would (nothing to shut down)."""

    def __init__(self, address: str) -> None:
        self.address = address

    def __enter__(self) -> str:
        return self.address

    def __exit__(self, *_exc: object) -> None:
        return None
