"""A per-caller rate limit as a budget of query cost points, refilled continuously (a token bucket).

One budget per process: behind a load balancer each replica keeps its own (see docs/security.md).

Anonymous callers are keyed by their address, and an attacker may have as many addresses as IPv6
gives them, so the buckets are bounded. A bucket that has refilled to full says nothing a missing
one does not (a new caller starts full), so it is forgotten: what is kept is the callers that spent
points within the last minute (a bucket refills from empty in one). Past MAX_CALLERS the fullest half
is forgotten: each forgotten caller gains at most what it was missing, and a caller being throttled
is among the emptiest, so it stays throttled however many new callers arrive. A caller's key is at
most MAX_KEY_CHARS (a longer one, such as a forwarded address no proxy should send, is hashed), so a
bucket takes at most ~BUCKET_BYTES and all of them at most MAX_CALLERS x BUCKET_BYTES (about 4 MiB).
"""

from __future__ import annotations

import hashlib
import heapq
import math
import time
from collections import OrderedDict
from dataclasses import dataclass

DEFAULT_POINTS_PER_MINUTE = 1_000
MAX_CALLERS = 10_000
MAX_KEY_CHARS = 64  # "person:" + a UUID, "ip:" + the longest IPv6 address text
BUCKET_BYTES = 400  # the key, its (points, at) pair and the ordered dict's entry, measured in tests/gql/test_limits.py


def query_cost(nodes: int) -> int:
    """GitHub's rule: one point per request, plus one per hundred nodes it could return."""
    return 1 + math.ceil(nodes / 100) if nodes > 100 else 1  # noqa: PLR2004 - the hundred in the rule


@dataclass
class Throttle:
    allowed: bool
    cost: int
    available: float
    maximum: int
    restore_rate: float  # points per second

    def status(self) -> dict[str, float | int]:
        return {
            "maximumAvailable": self.maximum,
            "currentlyAvailable": math.floor(self.available),
            "restoreRate": round(self.restore_rate, 3),
        }


class CostBudget:
    """Each caller's points, by caller key (see the module for what is kept, and for how long)."""

    def __init__(self, points_per_minute: int = DEFAULT_POINTS_PER_MINUTE, *, max_callers: int = MAX_CALLERS) -> None:
        self.points_per_minute = points_per_minute
        self.max_callers = max_callers
        # caller -> (points, at), the least recently charged first
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    @property
    def restore_rate(self) -> float:
        return self.points_per_minute / 60.0

    @property
    def callers(self) -> int:
        """How many callers' buckets are kept."""
        return len(self._buckets)

    def charge(self, caller: str, cost: int, now: float | None = None) -> Throttle:
        """Take `cost` points from the caller's bucket when it holds enough; never goes negative."""
        now = time.monotonic() if now is None else now
        key = caller if len(caller) <= MAX_KEY_CHARS else hashlib.blake2b(caller.encode(), digest_size=24).hexdigest()
        bucket = self._buckets.pop(key, None)
        points = float(self.points_per_minute) if bucket is None else self._points(bucket, now)
        allowed = cost <= points
        if allowed:
            points -= cost
        self._forget_full(now)
        if len(self._buckets) >= self.max_callers:
            self._forget_fullest_half(now)
        self._buckets[key] = (points, now)
        return Throttle(allowed, cost, points, self.points_per_minute, self.restore_rate)

    def _points(self, bucket: tuple[float, float], now: float) -> float:
        points, at = bucket
        return min(float(self.points_per_minute), points + (now - at) * self.restore_rate)

    def _forget_full(self, now: float) -> None:
        """Forget the least recently charged buckets while they have refilled (a few at a time, so O(1) a charge)."""
        while self._buckets:
            oldest = next(iter(self._buckets.values()))
            if self._points(oldest, now) < self.points_per_minute:
                return
            self._buckets.popitem(last=False)

    def _forget_fullest_half(self, now: float) -> None:
        """Keep the emptiest half: the callers most throttled lose nothing; amortised O(log n) a charge."""
        level = {caller: self._points(bucket, now) for caller, bucket in self._buckets.items()}
        keep = set(heapq.nsmallest(self.max_callers // 2, level, key=level.__getitem__))
        self._buckets = OrderedDict((caller, bucket) for caller, bucket in self._buckets.items() if caller in keep)
