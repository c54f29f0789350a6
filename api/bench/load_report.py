"""The load scenario's tables for people (the JSON report is for machines)."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from api.bench.check import SYSTEMS

Report = dict[str, Any]


def _systems(report: Report) -> list[str]:
    return [s for s in SYSTEMS if s != "peer" or report.get("peer", {}).get("ran")]


def _check(cell: dict[str, Any] | None) -> str:
    if cell is None:
        return "-"
    text = f"{cell['equal']}/{cell['asked']} equal"
    if cell["differ"]:
        text += f", [red]{len(cell['differ'])} differ[/red]"
    if cell["failed"]:
        text += f", [red]{cell['failed']} failed[/red]"
    return text


def _number(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def questions_table(report: Report) -> Table:
    """Per question and system: the check, statements per request, and CPU ms per request."""
    out = Table(title="answers checked against the floor; statements and CPU per request (ms: server / Neo4j / client)")
    out.add_column("question", no_wrap=True)
    for system in _systems(report):
        out.add_column(system)
    for question in report["questions"]:
        cells = []
        for system in _systems(report):
            statements = question["statements"].get(system, {}).get("per_request")
            cpu = question["cpu"].get(system)
            text = _check(question["check"].get(system))
            text += f"\n{_number(statements)} statements" if statements is not None else ""
            if cpu:
                text += f"\n{_number(cpu['server_ms'])} / {_number(cpu['neo4j_ms'])} / {_number(cpu['client_ms'])}"
            cells.append(text)
        out.add_row(question["name"], *cells)
    return out


def levels_table(report: Report) -> Table:
    """Per workload and client count: req/s (answered without errors), p50 / p99 ms and errors of each system."""
    out = Table(title="closed-loop load: req/s, p50 / p99 ms, errors (load average when the level began)")
    out.add_column("workload", no_wrap=True)
    out.add_column("clients", justify="right")
    for system in _systems(report):
        out.add_column(system, justify="right")
    out.add_column("load", justify="right")
    for level in report["levels"]:
        cells = []
        for system in _systems(report):
            found = level["systems"].get(system)
            if found is None:
                cells.append(level.get("skipped", {}).get(system, "-"))
                continue
            errors = f", [red]{found['errors']} errors[/red]" if found["errors"] else ""
            cells.append(f"{found['rps']:,.1f} ({found['p50_ms']:,.1f} / {found['p99_ms']:,.1f}){errors}")
        load = f"{level['load_1m']:.2f}" + ("" if level["quiet"] else " (busy)")
        out.add_row(level["workload"], str(level["clients"]), *cells, load)
    return out


def targets_table(report: Report) -> Table:
    """Issue 20's targets: the value, the target and whether this run met it."""
    out = Table(title="targets (issue 20)")
    for column in ("target", "value", "wanted", "", "note"):
        out.add_column(column)
    for row in report["targets"]:
        verdict = {True: "[green]MET[/green]", False: "[red]MISSED[/red]", None: "unknown"}[row["met"]]
        out.add_row(row["name"], _number(row["value"], 3), row["target"], verdict, row["note"] or "")
    return out


def memory_line(report: Report) -> str:
    """Resident memory of each crosspaths worker (and the peer), now and at peak."""
    memory = report["memory"]
    parts = [
        f"crosspaths worker {w['pid']}: {w['rss_mib']:.0f} MiB (peak {w['peak_mib']:.0f})"
        for w in memory["crosspaths_workers"]
    ]
    if "peer" in memory:
        parts.append(f"peer: {memory['peer']['rss_mib']:.0f} MiB (peak {memory['peer']['peak_mib']:.0f})")
    return "; ".join(parts)
