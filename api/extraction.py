"""The extractor the API uses: a pool of worker processes, awaited without a thread.

:class:`Extractor` starts the pool in the app's lifespan (each worker loads the model once,
so the first request does not pay for it) and hands it one text per write.
:meth:`Extractor.__call__` is a coroutine: the request waits on the pool's future in the
event loop, so no thread of the server's thread pool (the one the ``def`` read routes run
in) ever blocks on a parse, and a read never queues behind a write. A full queue is a
:class:`~quotes.errors.BusyError` at once (the API answers 503 with ``Retry-After``); an
article over its time or memory budget is a :class:`~quotes.errors.BudgetError` (422), its
worker replaced (:mod:`quotes.batch.workpool`).

The workers run ``QUOTES_EXTRACT_NICE`` (default 10) steps of niceness below the server. A
worker parses at full CPU for up to its whole time budget; the server beside it mostly
sleeps and must wake at once to answer ``/healthz`` and reads. The kernel's weights for nice
0 and 10 are 1024 and 110, so the server gets the core when it wants it, and the worker every
cycle it leaves idle: on a machine of its own the service loses no throughput. On a machine
shared with other busy processes the workers get less of it than at the server's priority
(measured in ``docs/reliability.md``); ``QUOTES_EXTRACT_NICE=0`` trades the reads' latency
back for that throughput. ``quotes ingest`` has no reads to answer: its workers keep the
caller's priority.

``QUOTES_EXTRACT_WORKERS=0`` runs extraction in one thread of the server's process instead
(:class:`~quotes.batch.workpool.InlinePool`: no time or memory limit), which the API tests use to
stay fast.
"""

from __future__ import annotations

import asyncio

from starlette.concurrency import run_in_threadpool

from api.settings import Settings
from quotes.batch.workpool import ExtractionPool, InlinePool, Pool, default_workers
from quotes.models import Quote

__all__ = ["Extractor"]


class Extractor:
    """Quotes of one text, from the pool ``settings`` describe."""

    def __init__(self, settings: Settings) -> None:
        self.model = settings.model
        workers = settings.extract_workers
        self.pool: Pool
        if workers == 0:
            self.pool = InlinePool(model=self.model, queue_size=settings.extract_queue or 4)
        else:
            self.pool = ExtractionPool(
                workers or default_workers(),
                model=self.model,
                time_limit=settings.extract_time_limit,
                memory_limit=settings.extract_memory_mb * 2**20,
                queue_size=settings.extract_queue,
                nice=settings.extract_nice,
            )

    async def __call__(self, text: str) -> list[Quote]:
        # submit() refuses at once (over a cheap limit, queue full); the parse is awaited.
        # The cheap checks scan the whole text (a few ms for 1 MB): in a thread, so the
        # event loop goes on answering reads meanwhile.
        future = await run_in_threadpool(self.pool.submit, text)
        return await asyncio.wrap_future(future)

    def close(self) -> None:
        """Stop the workers."""
        self.pool.close()
