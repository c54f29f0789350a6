"""A per-caller rate limit as a budget of query cost points, refilled continuously (a token bucket).

One budget per process: behind a load balancer each replica keeps its own (see docs/security.md).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

DEFAULT_POINTS_PER_MINUTE = 1_000


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


@dataclass
class CostBudget:
    points_per_minute: int = DEFAULT_POINTS_PER_MINUTE
    _buckets: dict[str, tuple[float, float]] = field(default_factory=dict)  # caller -> (points, at)

    @property
    def restore_rate(self) -> float:
        return self.points_per_minute / 60.0

    def charge(self, caller: str, cost: int, now: float | None = None) -> Throttle:
        """Take `cost` points from the caller's bucket when it holds enough; never goes negative."""
        now = time.monotonic() if now is None else now
        points, at = self._buckets.get(caller, (float(self.points_per_minute), now))
        points = min(float(self.points_per_minute), points + (now - at) * self.restore_rate)
        allowed = cost <= points
        if allowed:
            points -= cost
        self._buckets[caller] = (points, now)
        return Throttle(allowed, cost, points, self.points_per_minute, self.restore_rate)
