"""Extraction in a few worker processes, each article within a time and a memory budget.

:class:`ExtractionPool` keeps ``workers`` processes (``spawn``), each loading the spaCy model
once, and feeds them texts from a bounded queue. :meth:`ExtractionPool.submit` returns a
:class:`~concurrent.futures.Future` at once, or raises :class:`~quotes.errors.BusyError`
when the queue is full: a caller is told to come back, it never waits without bound. Each
process has its own feeder thread in this process (not a shared thread pool), which sends
one text, waits for its quotes at most ``time_limit`` seconds, and on timeout kills the
process and starts another: the article fails with a :class:`~quotes.errors.BudgetError`
(``limit="time"``), nothing else is disturbed. A worker caps its own address space at
``memory_limit`` bytes above what the loaded model takes (``RLIMIT_AS``); a parse that
needs more raises ``MemoryError`` in the worker (or kills it), the article fails with
``limit="memory"`` and the worker is replaced. Workers can run ``nice`` steps below this
process (the API server asks for 10, :mod:`api.extraction`), so that a parse at full CPU
does not delay the server's answers on a machine with few cores. Only plain data crosses:
a ``str`` goes out, frozen :class:`~quotes.models.Quote` records or the error come back,
never a Doc.

:class:`InlinePool` has the same interface and runs extraction in one thread of this process,
without the time or memory limit (a thread cannot be killed): for tests and for embedding
where a process per worker is not wanted.
"""

from __future__ import annotations

import logging
import math
import multiprocessing
import os
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, Protocol

from quotes.errors import BudgetError, BusyError, InputError, QuotesError
from quotes.models import Quote
from quotes.nlp.extract import check_text

__all__ = [
    "DEFAULT_MEMORY_LIMIT",
    "DEFAULT_TIME_LIMIT",
    "Result",
    "ExtractionPool",
    "InlinePool",
    "Pool",
    "default_workers",
]

DEFAULT_TIME_LIMIT = 30.0
# Above what the loaded model takes: a 300,000-character article (the cheap limit) needs
# about 700 MB more than the model; this leaves room without letting one text take the box.
DEFAULT_MEMORY_LIMIT = 1536 * 2**20
_START_TIMEOUT = 300.0  # loading the model on a busy machine
log = logging.getLogger(__name__)


def default_workers() -> int:
    """The number of cores minus one (the server's own), at least one."""
    return max(1, (os.cpu_count() or 1) - 1)


class Pool(Protocol):
    """What the API and ingest need of a pool."""

    def submit(self, text: str) -> Future[list[Quote]]: ...

    def close(self) -> None: ...


# Per text: its quotes, or the InputError (BudgetError included) it raised.
Result = list[Quote] | InputError


class _Job:
    """One text (:meth:`ExtractionPool.submit`) or a batch (:meth:`~ExtractionPool.map_batch`)."""

    __slots__ = ("texts", "future", "single")

    def __init__(self, texts: list[str], single: bool) -> None:
        self.texts = texts
        self.single = single
        self.future: Future[Any] = Future()


def _worker_main(conn: Connection, model: str | None, memory_limit: int, nice: int) -> None:
    """A worker process: lower its priority, load the model, cap memory, then extract texts
    until told to stop."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server's Ctrl-C is the server's
    if nice > 0:
        os.nice(nice)  # before the model loads: a replacement's start must not slow reads
    from quotes.nlp.extract import extract, extract_batch
    from quotes.nlp.pipeline import load_pipeline

    load_pipeline(model)
    extract("Warm-up, “so the first article pays nothing,” she said.", model=model)
    _limit_memory(memory_limit)
    conn.send(("ready", os.getpid()))
    while True:
        try:
            texts = conn.recv()
        except (EOFError, OSError):
            return  # the server is gone
        if texts is None:
            return
        try:
            # One nlp.pipe over the batch; a text that cannot be extracted is its InputError.
            conn.send(("ok", extract_batch(texts, model=model)))
        except MemoryError:
            conn.send(("memory", None))
            return  # the heap may be in any state: let a fresh process take over
        except Exception as err:  # reported to the caller, the worker goes on
            conn.send(("error", f"{type(err).__name__}: {err}"))


def _limit_memory(extra: int) -> None:
    if extra <= 0:
        return
    import resource

    with open("/proc/self/statm", encoding="ascii") as statm:
        size = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = size + extra if hard == resource.RLIM_INFINITY else min(size + extra, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


class _Worker:
    """One process and the end of its pipe."""

    def __init__(self, model: str | None, memory_limit: int, nice: int) -> None:
        context = multiprocessing.get_context("spawn")
        ours, theirs = context.Pipe(duplex=True)
        # One thread for BLAS inside the worker: the pool is the parallelism.
        os.environ.setdefault("OMP_NUM_THREADS", "1")
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
        self.process: BaseProcess = context.Process(
            target=_worker_main, args=(theirs, model, memory_limit, nice), daemon=True,
            name="quotes-extract",
        )  # fmt: skip
        self.process.start()
        theirs.close()
        self.conn = ours
        if not self._ready():
            self.kill()
            raise QuotesError("an extraction worker did not start (see the log)")

    def _ready(self) -> bool:
        if not wait([self.conn, self.process.sentinel], _START_TIMEOUT):
            return False
        try:
            return bool(self.conn.poll() and self.conn.recv()[0] == "ready")
        except (EOFError, OSError):
            return False

    def run(self, texts: list[str], time_limit: float) -> tuple[str, Any]:
        """("ok", results), ("error", message), ("memory" | "time", None)."""
        try:
            self.conn.send(texts)
        except (BrokenPipeError, OSError):
            return ("memory", None)
        ready = wait([self.conn, self.process.sentinel], time_limit)
        if not ready:
            return ("time", None)
        try:
            if self.conn.poll():
                result: tuple[str, Any] = self.conn.recv()
                return result
        except (EOFError, OSError):
            pass
        return ("memory", None)  # died without a word: the address-space cap, or a crash

    def kill(self) -> None:
        self.process.kill()
        self.process.join(timeout=10)
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.kill()
        else:
            self.conn.close()


class ExtractionPool:
    """``workers`` extraction processes behind a queue of at most ``queue_size`` texts."""

    def __init__(
        self,
        workers: int | None = None,
        *,
        model: str | None = None,
        time_limit: float = DEFAULT_TIME_LIMIT,
        memory_limit: int = DEFAULT_MEMORY_LIMIT,
        queue_size: int | None = None,
        nice: int = 0,
    ) -> None:
        self.workers = workers or default_workers()
        self.nice = nice
        self.model = model
        self.time_limit = time_limit
        self.memory_limit = memory_limit
        # One waiting a worker: a write then waits at most one budget before its own, and a
        # storm of costly articles is refused (503) instead of queueing for minutes.
        self.queue_size = queue_size if queue_size is not None else self.workers
        self.replaced = 0  # workers killed and started again, for the logs and the tests
        self._jobs: queue.Queue[_Job | None] = queue.Queue(maxsize=max(1, self.queue_size))
        self._seconds = 1.0  # a running mean of the seconds a text takes, for Retry-After
        self._lock = threading.Lock()
        self._pids: dict[int, int] = {}
        # Start every process first (in parallel: each loads the model), then their feeders.
        self._feeders = []
        starters = [_Starter(self._spawn) for _ in range(self.workers)]
        for slot, starter in enumerate(starters):
            worker = starter.result()
            self._pids[slot] = worker.process.pid or 0
            feeder = threading.Thread(
                target=self._feed, args=(slot, worker), name=f"quotes-feeder-{slot}", daemon=True
            )
            feeder.start()
            self._feeders.append(feeder)

    def pids(self) -> list[int]:
        """The worker processes' ids as they are now."""
        with self._lock:
            return sorted(self._pids.values())

    def submit(self, text: str) -> Future[list[Quote]]:
        """A future of ``text``'s quotes; :class:`BusyError` at once if the queue is full.

        The cheap checks run here, before the queue: an article over them is refused at once
        with its :class:`~quotes.errors.BudgetError` (or :class:`InputError`)."""
        job = _Job([check_text(text)], single=True)
        try:
            self._jobs.put_nowait(job)
        except queue.Full:
            raise BusyError(
                f"all {self.workers} extraction workers are busy and {self.queue_size} "
                "articles are waiting; try again later",
                self._retry_after(),
            ) from None
        return job.future

    def map_batch(self, texts: list[str]) -> Future[list[Result]]:
        """A future of each text's quotes or error, in order; waits for room in the queue.

        The batch is parsed in one ``nlp.pipe`` within ``time_limit`` per text; if it goes
        over (time or memory), its texts are run again one by one, so only the article over
        its budget fails, with its :class:`BudgetError` in its place. For ``quotes ingest``.
        """
        job = _Job(list(texts), single=False)
        self._jobs.put(job)
        return job.future

    def _retry_after(self) -> int:
        waiting = self._jobs.qsize() + self.workers
        return max(1, math.ceil(self._seconds * waiting / self.workers))

    def _spawn(self) -> _Worker:
        return _Worker(self.model, self.memory_limit, self.nice)

    def _feed(self, slot: int, worker: _Worker) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                worker.stop()
                return
            if not job.future.set_running_or_notify_cancel():
                continue  # the caller went away while it waited
            if not worker.process.is_alive():  # died idle (the OOM killer): not this text's fault
                worker.kill()
                worker = self._replace(slot)
            started = time.monotonic()
            kind, value = worker.run(job.texts, self.time_limit * len(job.texts))
            self._seconds = 0.8 * self._seconds + 0.2 * (time.monotonic() - started)
            if kind in ("time", "memory"):
                worker.kill()
                worker = self._replace(slot)
                if len(job.texts) > 1:  # which one? each again, alone, on a fresh worker
                    worker, value = self._one_by_one(slot, worker, job.texts)
                    kind = "ok"
            _settle(job, kind, value, self)

    def _one_by_one(
        self, slot: int, worker: _Worker, texts: list[str]
    ) -> tuple[_Worker, list[Result]]:
        results: list[Result] = []
        for text in texts:
            kind, value = worker.run([text], self.time_limit)
            if kind == "ok":
                results.extend(value)
                continue
            results.append(_failure(kind, value, self))
            if kind in ("time", "memory"):
                worker.kill()
                worker = self._replace(slot)
        return worker, results

    def _replace(self, slot: int) -> _Worker:
        while True:
            try:
                worker = self._spawn()
            except QuotesError:
                log.exception("extraction worker %d could not start again; retrying", slot)
                time.sleep(1.0)
                continue
            with self._lock:
                self._pids[slot] = worker.process.pid or 0
                self.replaced += 1
            return worker

    def close(self) -> None:
        """Stop the workers after the texts already queued."""
        for _ in self._feeders:
            self._jobs.put(None)
        for feeder in self._feeders:
            feeder.join(timeout=self.time_limit + 10)


def _settle(job: _Job, kind: str, value: Any, pool: ExtractionPool) -> None:
    if kind != "ok":
        failure = _failure(kind, value, pool)
        if job.single:
            # A bug in extraction (not the article's fault) is a plain error: a 500, logged.
            job.future.set_exception(
                QuotesError("extraction failed") if kind == "error" else failure
            )
        else:
            job.future.set_result([failure] * len(job.texts))
    elif not job.single:
        job.future.set_result(value)
    elif isinstance(value[0], InputError):
        job.future.set_exception(value[0])
    else:
        job.future.set_result(value[0])


def _failure(kind: str, value: Any, pool: ExtractionPool) -> InputError:
    if kind == "time":
        return BudgetError(
            f"the article took longer than the {pool.time_limit:g} s budget to extract", "time"
        )
    if kind == "memory":
        return BudgetError(
            "the article needed more than the worker's memory budget of "
            f"{pool.memory_limit / 2**20:,.0f} MB",
            "memory",
        )
    log.error("extraction failed: %s", value)
    return InputError(f"extraction failed: {value}")


class _Starter:
    """A worker started in a thread of its own, so several load the model at once."""

    def __init__(self, spawn: Callable[[], _Worker]) -> None:
        self._result: _Worker | BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(spawn,), daemon=True)
        self._thread.start()

    def _run(self, spawn: Callable[[], _Worker]) -> None:
        try:
            self._result = spawn()
        except BaseException as err:  # handed to the caller of result()
            self._result = err

    def result(self) -> _Worker:
        self._thread.join()
        if isinstance(self._result, BaseException):
            raise self._result
        assert self._result is not None
        return self._result


class InlinePool:
    """Extraction in one thread of this process, behind the same bounded queue; no time or
    memory limit (for tests and embedding)."""

    def __init__(self, *, model: str | None = None, queue_size: int = 4) -> None:
        from quotes.nlp.pipeline import load_pipeline

        self.model = model
        self.queue_size = queue_size
        self.workers = 1
        load_pipeline(model)
        self._jobs: queue.Queue[_Job | None] = queue.Queue(maxsize=max(1, queue_size))
        self._thread = threading.Thread(target=self._feed, name="quotes-inline", daemon=True)
        self._thread.start()

    def submit(self, text: str) -> Future[list[Quote]]:
        """As :meth:`ExtractionPool.submit`."""
        job = _Job([check_text(text)], single=True)
        try:
            self._jobs.put_nowait(job)
        except queue.Full:
            raise BusyError(
                f"the extractor is busy and {self.queue_size} articles are waiting; "
                "try again later",
                1,
            ) from None
        return job.future

    def _feed(self) -> None:
        from quotes.nlp.extract import extract

        while (job := self._jobs.get()) is not None:
            if not job.future.set_running_or_notify_cancel():
                continue
            try:
                job.future.set_result(extract(job.texts[0], model=self.model))
            except Exception as err:  # handed to the caller
                job.future.set_exception(err)

    def close(self) -> None:
        self._jobs.put(None)
        self._thread.join(timeout=60)
