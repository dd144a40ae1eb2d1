"""The extraction pool (:mod:`quotes.batch.workpool`) with one real worker process, started once:
quotes come back as plain records, an article over the memory or time budget fails with
its :class:`BudgetError` and the worker is replaced, a full queue is a :class:`BusyError`,
and the cheap limits refuse before the queue. :class:`InlinePool` behaves the same way
without processes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from quotes.batch.workpool import ExtractionPool, InlinePool
from quotes.errors import BudgetError, BusyError, EmptyInputError
from quotes.models import Quote
from quotes.nlp.extract import extract

TEXT = "“The bridge is safe for now,” said Ravi Okonkwo-Reyes, the director."


@pytest.fixture(scope="module")
def pool() -> Iterator[ExtractionPool]:
    """One worker, 64 MB of memory over the model, 20 s per article, two may wait."""
    started = ExtractionPool(1, memory_limit=64 * 2**20, time_limit=20.0, queue_size=2)
    yield started
    started.close()


def test_quotes_come_back_as_records(pool: ExtractionPool) -> None:
    quotes = pool.submit(TEXT).result(timeout=60)
    assert [type(q) for q in quotes] == [Quote]
    assert quotes[0].speaker is not None and quotes[0].speaker.name == "Ravi Okonkwo-Reyes"
    assert TEXT[quotes[0].start : quotes[0].end] == quotes[0].text


def test_over_the_memory_budget_the_worker_is_replaced(pool: ExtractionPool) -> None:
    before = pool.pids()
    big = "the council said that the budget will hold until spring " * 5_000  # 285 kB
    with pytest.raises(BudgetError, match="memory budget") as caught:
        pool.submit(big).result(timeout=120)
    assert caught.value.limit == "memory"
    after = pool.submit(TEXT).result(timeout=120)  # the new worker
    assert after and pool.pids() != before and pool.replaced >= 1


@pytest.mark.parametrize(
    "text, error, limit",
    [
        ('"' * 6_000, BudgetError, "token"),
        ("“a” " * 6_000, BudgetError, "marks"),
        ("a " * 200_000, BudgetError, "characters"),
        ("   ", EmptyInputError, None),
    ],
)
def test_cheap_limits_refuse_before_the_queue(
    pool: ExtractionPool, text: str, error: type[Exception], limit: str | None
) -> None:
    with pytest.raises(error) as caught:
        pool.submit(text)  # raised by submit itself: nothing was queued
    assert getattr(caught.value, "limit", None) == limit


def test_within_the_cheap_limits_is_extracted() -> None:
    text = TEXT + " " + "$" * 4_000 + " " + "“a” " * 1_000  # a long run, many marks: allowed
    quotes = extract(text)
    assert quotes and quotes[0].speaker is not None


def test_a_full_queue_is_busy_at_once() -> None:
    inline = InlinePool(queue_size=1)
    try:
        slow = ": " * 40_000
        futures, refused = [], 0
        for _ in range(4):
            try:
                futures.append(inline.submit(slow))
            except BusyError as err:
                refused += 1
                assert err.retry_after >= 1
        assert refused >= 1 and 1 <= len(futures) <= 3
        for future in futures:
            future.cancel()  # the queued ones never run
    finally:
        inline.close()
