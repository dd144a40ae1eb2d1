"""A per-client rate limit for writes: a token bucket per client address, in memory.

Each client may make ``limit`` writes in a burst, and earns them back at ``limit / window``
per second. A write over the limit is refused with 429 and a ``Retry-After`` (whole seconds
until the next token). Failed writes count too, so the limit also slows down anyone guessing
keys. The buckets live in this process: with several server processes each has its own, so
the effective limit is ``limit`` times the number of processes. At most ``max_clients``
buckets are kept; the least recently seen client is forgotten first (it comes back with a
full bucket, which errs on the side of letting a real client through).
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["DEFAULT_MAX_CLIENTS", "RateLimiter"]

DEFAULT_MAX_CLIENTS = 10_000


@dataclass(slots=True)
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    """``limit`` events per ``window`` seconds per client, bursts up to ``limit``."""

    def __init__(
        self,
        limit: int,
        window: float,
        *,
        max_clients: int = DEFAULT_MAX_CLIENTS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if limit < 1 or window <= 0 or max_clients < 1:
            raise ValueError("limit and max_clients must be >= 1 and window > 0")
        self.limit = limit
        self.window = window
        self.rate = limit / window  # tokens earned per second
        self.max_clients = max_clients
        self._clock = clock
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()
        self._lock = threading.Lock()

    def acquire(self, client: str) -> float:
        """Take one token for ``client``: 0.0 if allowed, else the seconds to wait."""
        now = self._clock()
        with self._lock:
            bucket = self._bucket(client, now)
            if bucket.tokens >= 1.0:
                bucket.tokens -= 1.0
                return 0.0
            return (1.0 - bucket.tokens) / self.rate

    def retry_after(self, wait: float) -> str:
        """``wait`` as a ``Retry-After`` value: whole seconds, at least 1."""
        return str(max(1, math.ceil(wait)))

    def __len__(self) -> int:
        return len(self._buckets)

    def _bucket(self, client: str, now: float) -> _Bucket:
        bucket = self._buckets.get(client)
        if bucket is None:
            bucket = _Bucket(float(self.limit), now)
            self._buckets[client] = bucket
            while len(self._buckets) > self.max_clients:
                self._buckets.popitem(last=False)
        else:
            earned = (now - bucket.updated) * self.rate
            bucket.tokens = min(float(self.limit), bucket.tokens + earned)
            bucket.updated = now
            self._buckets.move_to_end(client)
        return bucket
