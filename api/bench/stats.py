"""Timing two sides of a comparison fairly: warm-up, then alternating runs, then median and p95."""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from neo4j.exceptions import DriverError, Neo4jError

Run = Callable[[], Awaitable[object]]

# What a failed run raises: an error answer over HTTP (api.bench.server.Client), a dropped or timed-out
# connection, or the driver giving up on a statement (the reference).
FAILURES = (RuntimeError, OSError, Neo4jError, DriverError)
GIVE_UP_AFTER = 3


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
        """ours / reference; NaN when either side has no successful run."""
        return self.ours_ms / self.reference_ms if self.reference_ms else math.nan

    @property
    def met(self) -> bool | None:
        if self.failures:
            return False
        return None if self.target is None else self.ratio <= self.target

    def as_json(self) -> dict[str, object]:
        """Numbers rounded; null where a side had no successful run (JSON has no NaN)."""
        return {
            "name": self.name,
            "ours_ms": _rounded(self.ours_ms),
            "reference_ms": _rounded(self.reference_ms),
            "ratio": _rounded(self.ratio),
            "target": self.target,
            "n": self.n,
            "ours_p95_ms": _rounded(self.ours_p95_ms),
            "reference_p95_ms": _rounded(self.reference_p95_ms),
            "failures": self.failures,
            "detail": self.detail,
        }


def _rounded(value: float | None) -> float | None:
    return None if value is None or math.isnan(value) else round(value, 3)


def p95(samples: list[float]) -> float:
    """The nearest-rank 95th percentile (the largest sample when there are fewer than 20; NaN for none)."""
    if not samples:
        return math.nan
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]


@dataclass
class Samples:
    """Milliseconds of each side's successful runs, and the runs that failed (either side)."""

    ours: list[float] = field(default_factory=list)
    reference: list[float] = field(default_factory=list)
    failures: int = 0
    first_error: str | None = None

    def failed(self, error: BaseException) -> None:
        self.failures += 1
        self.first_error = self.first_error or f"{type(error).__name__}: {error}"[:300]

    @property
    def detail(self) -> dict[str, object]:
        return {"first_error": self.first_error} if self.first_error else {}


async def alternate(ours: Run, reference: Run, *, warmup: int, runs: int) -> Samples:
    """Milliseconds of `runs` runs of each side, interleaved so drift in machine load hits both alike.

    The order flips every round (ours first, then reference first) so neither side always runs
    on caches the other just warmed. A run that fails (an error answer, the statement over the
    server's memory limit) is counted, not timed; after GIVE_UP_AFTER failures the scenario stops,
    since each may take the driver's whole retry time.
    """
    samples = Samples()
    for i in range(warmup + runs):
        pair = ((ours, samples.ours), (reference, samples.reference))
        for run, into in pair if i < warmup or (i - warmup) % 2 == 0 else reversed(pair):
            if samples.failures >= GIVE_UP_AFTER:
                return samples
            began = time.perf_counter()
            try:
                await run()
            except FAILURES as error:
                samples.failed(error)
                continue
            if i >= warmup:
                into.append((time.perf_counter() - began) * 1000)
    return samples


def _median(samples: list[float]) -> float:
    return statistics.median(samples) if samples else math.nan


def compare(
    name: str,
    ours: list[float],
    reference: list[float],
    *,
    target: float | None,
    detail: dict[str, object],
    failures: int = 0,
) -> Result:
    """The report line for two lists of samples (NaN for a side whose every run failed)."""
    return Result(
        name,
        _median(ours),
        _median(reference),
        target,
        len(ours),
        ours_p95_ms=p95(ours),
        reference_p95_ms=p95(reference),
        detail=detail,
        failures=failures,
    )
