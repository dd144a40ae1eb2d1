"""The API's extraction workers run at a lower priority than the server process, so a parse at
full CPU does not take the core the server needs to answer reads; ``quotes ingest``'s pool
(no ``nice``) keeps the caller's priority; ``QUOTES_EXTRACT_NICE=0`` keeps the server's. A
replaced worker is lowered again."""

from __future__ import annotations

import os

import pytest

from api.extraction import Extractor
from api.settings import Settings
from quotes.batch.workpool import ExtractionPool
from quotes.errors import BudgetError

pytestmark = pytest.mark.slow  # each case starts a worker process that loads the model


def _niceness(pid: int) -> int:
    return os.getpriority(os.PRIO_PROCESS, pid)


def _lowered(steps: int) -> int:
    return min(19, _niceness(0) + steps)  # the kernel caps niceness at 19


@pytest.mark.parametrize("nice, steps", [(0, 0), (7, 7)])
def test_pool_workers_run_nice_steps_below_this_process(nice: int, steps: int) -> None:
    pool = ExtractionPool(1, nice=nice, time_limit=20.0)
    try:
        assert [_niceness(pid) for pid in pool.pids()] == [_lowered(steps)]
    finally:
        pool.close()


@pytest.mark.parametrize("overrides, nice", [({}, 10), ({"extract_nice": 0}, 0)])
def test_the_api_lowers_its_workers_and_their_replacements(
    overrides: dict[str, int], nice: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("QUOTES_EXTRACT_NICE", raising=False)  # the default is under test
    base = Settings(extract_workers=1, extract_time_limit=1.0, extract_memory_mb=64)
    settings = base.model_copy(update=overrides)
    extractor = Extractor(settings)
    pool = extractor.pool
    assert isinstance(pool, ExtractionPool)
    try:
        first = pool.pids()
        assert [_niceness(pid) for pid in first] == [_lowered(nice)]
        with pytest.raises(BudgetError):  # over the memory (or time) budget: replaced
            pool.submit("the council said that the budget will hold " * 6_000).result(120)
        assert pool.pids() != first
        assert [_niceness(pid) for pid in pool.pids()] == [_lowered(nice)]
    finally:
        extractor.close()
