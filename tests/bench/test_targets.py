"""The verdicts `crosspaths bench load` prints: each target read off the right numbers, unknown when it cannot tell."""

from __future__ import annotations

from typing import Any

import pytest

from api.bench.targets import targets


def level(workload: str, clients: int, **systems: dict[str, float]) -> dict[str, Any]:
    full = {name: {"errors": 0, "p99_ms": 10.0} | numbers for name, numbers in systems.items()}
    return {"workload": workload, "clients": clients, "systems": full, "skipped": {}}


def question(name: str, **statements: float) -> dict[str, Any]:
    return {
        "name": name,
        "check": {"crosspaths": {"failed": 0}},
        "statements": {system: {"per_request": count} for system, count in statements.items()},
        "cpu": {},
    }


def report(levels: list[dict[str, Any]], questions: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    asked = questions or [question(name, crosspaths=1) for name in ("Q1", "Q2", "headline", "pathsTo")]
    return {"levels": levels, "questions": asked}


def by_name(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["name"]: row for row in rows}


def test_throughput_against_the_peer_is_read_at_8_and_32_clients() -> None:
    levels = [
        level("Q2", 1, crosspaths={"rps": 999.0}, peer={"rps": 1.0}),
        level("Q2", 8, crosspaths={"rps": 120.0}, peer={"rps": 100.0}),
        level("Q2", 32, crosspaths={"rps": 130.0}, peer={"rps": 100.0}),
    ]

    rows = by_name(targets(report(levels)))

    assert rows["Q2 req/s vs peer at 8 clients"]["value"] == pytest.approx(1.2)
    assert rows["Q2 req/s vs peer at 8 clients"]["met"] is True
    assert rows["Q2 req/s vs peer at 32 clients"]["value"] == pytest.approx(1.3)
    assert "Q2 req/s vs peer at 1 clients" not in rows


def test_a_target_is_missed_below_it_and_unknown_without_the_peer() -> None:
    levels = [
        level("Q1", 8, crosspaths={"rps": 100.0, "p99_ms": 50.0}, peer={"rps": 100.0, "p99_ms": 40.0}),
        level("Q2", 8, crosspaths={"rps": 100.0, "p99_ms": 50.0}, floor={"rps": 500.0, "p99_ms": 5.0}),
    ]

    rows = by_name(targets(report(levels)))

    assert rows["Q1 req/s vs peer at 8 clients"]["met"] is False
    assert rows["Q1 p99 vs peer at 8 clients"]["met"] is False
    assert rows["Q2 req/s vs peer at 8 clients"]["met"] is None
    assert rows["Q2 req/s vs peer at 8 clients"]["note"] == "peer did not run"


def test_errors_keep_a_faster_ratio_from_counting_as_met() -> None:
    crosspaths = {"rps": 200.0, "errors": 3}
    levels = [level("headline", 8, crosspaths=crosspaths, peer={"rps": 100.0})]

    row = by_name(targets(report(levels)))["headline req/s vs peer at 8 clients"]

    assert row["value"] == pytest.approx(2.0)
    assert row["met"] is False
    assert "crosspaths 3" in row["note"]


def test_the_mix_is_compared_with_the_floor_and_statements_with_one() -> None:
    levels = [level("mix", 8, crosspaths={"rps": 90.0}, floor={"rps": 100.0})]
    asked = [question("Q1", crosspaths=1), question("Q2", crosspaths=4), question("headline", crosspaths=1)]
    asked.append(question("pathsTo"))

    rows = by_name(targets(report(levels, asked)))

    assert rows["mix req/s vs floor at 8 clients"]["met"] is True
    assert rows["Q1 statements per request"]["met"] is True
    assert rows["Q2 statements per request"]["met"] is False
    assert rows["pathsTo statements per request"]["met"] is None
