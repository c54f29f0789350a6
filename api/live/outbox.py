"""One subscription's messages waiting to be sent, paced by a token bucket.

A subscriber gets at most `burst` messages at once, then `rate` per second. Messages wait in the
order they came, at most `capacity` of them: past that the lowest-scored waiting one is dropped (the
best stay), and the count of dropped messages is handed out with the next message sent, so the
client can tell it missed some and ask `opportunities` for all.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Delivery(Generic[T]):
    """A message to send now, and how many were dropped since the previous one."""

    item: T
    dropped: int


class Outbox(Generic[T]):
    def __init__(self, *, rate: float, burst: int, capacity: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.burst = burst
        self.capacity = capacity
        self._clock = clock
        self._tokens = float(burst)
        self._filled_at = clock()
        self._waiting: dict[int, tuple[float, T]] = {}  # arrival number -> (score, item), in arrival order
        self._arrivals = itertools.count()
        self._dropped = 0
        self._ready = asyncio.Event()

    def put(self, item: T, score: float) -> None:
        self._waiting[next(self._arrivals)] = (score, item)
        if len(self._waiting) > self.capacity:
            # The lowest score goes; among equals the latest arrival, so earlier news is kept.
            worst = min(self._waiting, key=lambda arrival: (self._waiting[arrival][0], -arrival))
            del self._waiting[worst]
            self._dropped += 1
        self._ready.set()

    def drop(self, count: int) -> None:
        """Counts messages lost before they got here (see Delivery.dropped)."""
        self._dropped += count

    async def take(self) -> Delivery[T]:
        """The next message, once one waits and the bucket holds a token."""
        while not self._waiting:
            self._ready.clear()
            await self._ready.wait()
        await self._token()
        arrival = next(iter(self._waiting))
        _, item = self._waiting.pop(arrival)
        dropped, self._dropped = self._dropped, 0
        return Delivery(item, dropped)

    async def _token(self) -> None:
        while True:
            now = self._clock()
            self._tokens = min(float(self.burst), self._tokens + (now - self._filled_at) * self.rate)
            self._filled_at = now
            if self._tokens >= 1:
                self._tokens -= 1
                return
            await asyncio.sleep((1 - self._tokens) / self.rate)
