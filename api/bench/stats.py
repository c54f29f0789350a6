"""Timing two sides of a comparison fairly: warm-up, then alternating runs, then median and p95."""

from __future__ import annotations

import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

Run = Callable[[], Awaitable[object]]


@dataclass(frozen=True)
class Result:
    """One line of the report (and of `--json`): ours against the reference, ratio of medians.

    For `roundtrips_growth` the *_ms fields hold round-trip counts, for `ingest_vs_load_csv`
    milliseconds of a whole import; `detail` says what was measured, for people reading the JSON.
    """

    name: str
    ours_ms: float
    reference_ms: float
    target: float | None
    n: int
    ours_p95_ms: float | None = None
    reference_p95_ms: float | None = None
    detail: dict[str, object] = field(default_factory=dict)
    failures: int = 0  # requests that failed (e.g. over the server's memory limit): never a PASS

    @property
    def ratio(self) -> float:
        return self.ours_ms / self.reference_ms if self.reference_ms else float("inf")

    @property
    def met(self) -> bool | None:
        if self.failures:
            return False
        return None if self.target is None else self.ratio <= self.target

    def as_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "ours_ms": round(self.ours_ms, 3),
            "reference_ms": round(self.reference_ms, 3),
            "ratio": round(self.ratio, 3),
            "target": self.target,
            "n": self.n,
            "ours_p95_ms": None if self.ours_p95_ms is None else round(self.ours_p95_ms, 3),
            "reference_p95_ms": None if self.reference_p95_ms is None else round(self.reference_p95_ms, 3),
            "failures": self.failures,
            "detail": self.detail,
        }


def p95(samples: list[float]) -> float:
    """The nearest-rank 95th percentile (the largest sample when there are fewer than 20)."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]


async def alternate(ours: Run, reference: Run, *, warmup: int, runs: int) -> tuple[list[float], list[float]]:
    """Milliseconds of `runs` runs of each side, interleaved so drift in machine load hits both alike.

    The order flips every round (ours first, then reference first) so neither side always runs
    on caches the other just warmed.
    """
    for _ in range(warmup):
        await ours()
        await reference()
    ours_ms: list[float] = []
    reference_ms: list[float] = []
    for i in range(runs):
        pair = ((ours, ours_ms), (reference, reference_ms))
        for run, into in pair if i % 2 == 0 else reversed(pair):
            began = time.perf_counter()
            await run()
            into.append((time.perf_counter() - began) * 1000)
    return ours_ms, reference_ms


def compare(
    name: str,
    ours: list[float],
    reference: list[float],
    *,
    target: float | None,
    detail: dict[str, object],
    failures: int = 0,
) -> Result:
    """The report line for two lists of samples."""
    return Result(
        name,
        statistics.median(ours),
        statistics.median(reference),
        target,
        len(ours),
        ours_p95_ms=p95(ours),
        reference_p95_ms=p95(reference),
        detail=detail,
        failures=failures,
    )
