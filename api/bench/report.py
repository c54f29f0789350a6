"""The benchmark's outputs: a table for people, a JSON list for machines."""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING

from rich.table import Table

if TYPE_CHECKING:
    from pathlib import Path

    from api.bench.stats import Result


def _ms(value: float | None) -> str:
    return "-" if value is None or math.isnan(value) else f"{value:,.1f}"


def table(results: list[Result]) -> Table:
    """One row per scenario: medians, p95s, ratio, target and PASS/MISS."""
    out = Table(title="crosspaths vs reference (ratio = ours / reference, medians)")
    out.add_column("scenario", no_wrap=True)
    for column in ("ours", "ours p95", "reference", "ref p95", "ratio", "target", "", "n"):
        out.add_column(column, justify="right")
    for result in results:
        verdict = {True: "[green]PASS[/green]", False: "[red]MISS[/red]", None: "report"}[result.met]
        out.add_row(
            result.name,
            _ms(result.ours_ms),
            _ms(result.ours_p95_ms),
            _ms(result.reference_ms),
            _ms(result.reference_p95_ms),
            "-" if math.isnan(result.ratio) else f"{result.ratio:.2f}",
            "-" if result.target is None else f"<= {result.target:g}",
            verdict,
            str(result.n) + (f" ({result.failures} failed)" if result.failures else ""),
        )
    return out


def throughput_table(result: Result) -> Table:
    """The per-concurrency numbers of the throughput scenario."""
    out = Table(title="throughput: representative mix vs bare Strawberry hello (same uvicorn settings)")
    for column in ("clients", "ours req/s", "p50 ms", "p99 ms", "failed", "hello req/s", "p50 ms ", "p99 ms "):
        out.add_column(column, justify="right")
    levels = result.detail.get("levels", [])
    for level in levels if isinstance(levels, list) else []:
        out.add_row(*(str(value) for value in level.values()))
    return out


def write_json(results: list[Result], path: Path) -> None:
    """`[{"name", "ours_ms", "reference_ms", "ratio", "target", "n", ...}]`, indented for diffs."""
    path.write_text(json.dumps([result.as_json() for result in results], indent=2) + "\n", encoding="utf-8")
