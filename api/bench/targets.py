"""The ratios issue 20 sets targets for, read off a load report: one row each, met or not (or why not known)."""

from __future__ import annotations

from typing import Any

Report = dict[str, Any]

PEER_RATIO = 1.2  # crosspaths' req/s over the peer's
FLOOR_RATIO = 0.8  # the mix's req/s over the driver floor's
CPU_RATIO = 2.0  # crosspaths' server CPU per Q2 request over the floor's client CPU


def _row(name: str, value: float | None, target: str, met: bool | None, note: str | None = None) -> dict[str, Any]:
    return {
        "name": name,
        "value": None if value is None else round(value, 3),
        "target": target,
        "met": met,
        "note": note,
    }


def _level(report: Report, workload: str, clients: int) -> dict[str, Any] | None:
    return next((lv for lv in report["levels"] if lv["workload"] == workload and lv["clients"] == clients), None)


def _busiest(report: Report) -> list[int]:
    """The client counts the throughput targets are read at: 8 and 32, or the largest there was."""
    counts = sorted({lv["clients"] for lv in report["levels"]})
    wanted = [c for c in (8, 32) if c in counts]
    return wanted or counts[-1:]


def _versus(report: Report, workload: str, clients: int, other: str, measure: str) -> tuple[float | None, str | None]:
    level = _level(report, workload, clients)
    if level is None:
        return None, "not measured"
    ours, theirs = level["systems"].get("crosspaths"), level["systems"].get(other)
    if ours is None or theirs is None:
        why = level.get("skipped", {}).get("crosspaths") or level.get("skipped", {}).get(other)
        return None, f"{other} did not run" if why is None else why
    if not theirs[measure]:
        return None, f"{other}'s {measure} is 0"
    note = None
    if ours["errors"] or theirs["errors"]:
        note = f"errors: crosspaths {ours['errors']}, {other} {theirs['errors']}"
    return ours[measure] / theirs[measure], note


def _throughput(report: Report, workload: str, other: str, floor: float) -> list[dict[str, Any]]:
    rows = []
    for clients in _busiest(report):
        value, note = _versus(report, workload, clients, other, "rps")
        met = None if value is None else value >= floor and not note
        rows.append(_row(f"{workload} req/s vs {other} at {clients} clients", value, f">= {floor:g}", met, note))
    return rows


def _p99(report: Report, workload: str) -> dict[str, Any]:
    clients = max(lv["clients"] for lv in report["levels"])
    value, note = _versus(report, workload, clients, "peer", "p99_ms")
    met = None if value is None else value < 1.0
    return _row(f"{workload} p99 vs peer at {clients} clients", value, "< 1", met, note)


def _cpu(report: Report) -> dict[str, Any]:
    q2 = next((q for q in report["questions"] if q["name"] == "Q2"), None)
    ours = q2 and q2["cpu"].get("crosspaths", {}).get("server_ms")
    floor = q2 and q2["cpu"].get("floor", {}).get("client_ms")
    if not ours or not floor:
        return _row("Q2 server CPU vs floor client CPU", None, f"<= {CPU_RATIO:g}", None, "not measured")
    return _row("Q2 server CPU vs floor client CPU", ours / floor, f"<= {CPU_RATIO:g}", ours / floor <= CPU_RATIO)


def _statements(report: Report) -> list[dict[str, Any]]:
    rows = []
    for question in report["questions"]:
        counted = question["statements"].get("crosspaths", {}).get("per_request")
        note = None if counted is not None else "not counted (every request failed, or no db.stats)"
        met = None if counted is None else counted == 1
        rows.append(_row(f"{question['name']} statements per request", counted, "= 1", met, note))
    return rows


def _failures(report: Report, workload: str) -> dict[str, Any]:
    question = next(q for q in report["questions"] if q["name"] == workload)
    failed = question["check"]["crosspaths"]["failed"]
    failed += sum(
        lv["systems"].get("crosspaths", {}).get("errors", 0) for lv in report["levels"] if lv["workload"] == workload
    )
    skipped = any("crosspaths" in lv.get("skipped", {}) for lv in report["levels"] if lv["workload"] == workload)
    note = "not timed: every checked request failed" if skipped else None
    return _row(f"{workload} failed requests (check and load)", failed, "= 0", failed == 0, note)


def targets(report: Report) -> list[dict[str, Any]]:
    """Every target of the workloads timed; `met` is None where the run could not tell (say, without the peer)."""
    timed = {level["workload"] for level in report["levels"]}
    asked = {question["name"] for question in report["questions"]}
    rows = []
    for workload in ("Q2", "headline", "Q1"):
        rows += _throughput(report, workload, "peer", PEER_RATIO) if workload in timed else []
    rows += [_p99(report, workload) for workload in ("Q1", "Q2", "headline") if workload in timed]
    rows += _throughput(report, "mix", "floor", FLOOR_RATIO)[:1] if "mix" in timed else []
    rows += [_cpu(report)] if "Q2" in asked else []
    rows += _statements(report)
    rows += [_failures(report, workload) for workload in ("headline", "pathsTo") if workload in asked]
    return rows
