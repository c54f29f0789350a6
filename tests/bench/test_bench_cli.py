"""`crosspaths bench` and `crosspaths bench load` on tiny profiles: all runs and is reported; speed is not asserted.

Benchmarks report, tests check behaviour: a timed assertion would fail on a busy machine and
pass on a fast one whatever the code does.
"""

from __future__ import annotations

import json
import math
import shutil
from typing import TYPE_CHECKING, Any

import pytest
from typer.testing import CliRunner

from api.cli import app

if TYPE_CHECKING:
    from pathlib import Path

    from neo4j import Driver

    from api.settings import Neo4jTarget

NAMES = [
    "opportunities_http_vs_cypher",
    "paths_http_vs_cypher",
    "nested_list_http_vs_cypher",
    "ingest_vs_load_csv",
    "roundtrips_growth",
    "opportunities_scaling",
    "throughput",
]


@pytest.fixture
def env(db: Driver, target: Neo4jTarget, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point the CLI at the test database (`db` wipes it around the test)."""
    assert db is not None
    monkeypatch.setenv("NEO4J_URI", target.uri)
    monkeypatch.setenv("NEO4J_DATABASE", target.database)
    if target.user:
        monkeypatch.setenv("NEO4J_USER", target.user)
        monkeypatch.setenv("NEO4J_PASSWORD", target.password or "")


@pytest.mark.usefixtures("env")
@pytest.mark.parametrize("command", [["bench"], ["bench", "load"]], ids=["bench", "bench load"])
def test_bench_refuses_to_wipe_a_named_database_unless_told(command: list[str]) -> None:
    result = CliRunner().invoke(app, [*command, "--profile", "tiny"])

    assert result.exit_code == 2
    assert "--wipe" in result.output


@pytest.mark.usefixtures("env")
def test_bench_json_has_every_scenario_with_numbers(tmp_path: Path) -> None:
    out = tmp_path / "out.json"

    result = CliRunner().invoke(app, ["bench", "--profile", "tiny", "--wipe", "--json", str(out)])

    assert result.exit_code == 0, result.output
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert [row["name"] for row in rows] == NAMES
    for row in rows:
        for key in ("ours_ms", "reference_ms", "ratio", "n"):
            assert isinstance(row[key], int | float), (row["name"], key)
            assert math.isfinite(row[key]), (row["name"], key)
            assert row[key] > 0, (row["name"], key)
        assert row["target"] is None or isinstance(row["target"], int | float)
        assert row["ratio"] == pytest.approx(row["ours_ms"] / row["reference_ms"], rel=0.01)
    by_name = {row["name"]: row for row in rows}
    assert by_name["roundtrips_growth"]["target"] == 1.0
    assert [level["clients"] for level in by_name["throughput"]["detail"]["levels"]] == [1, 8, 32]
    for name in NAMES:
        assert name in result.output  # the table names every scenario


QUESTIONS = ["Q1", "Q2", "headline", "pathsTo", "profile", "openRoles", "search"]
WORKLOADS = ["Q1", "Q2", "headline", "pathsTo", "mix"]


def peer_can_run() -> bool:
    """The peer runs wherever node and npm are (its modules are installed on first use)."""
    return shutil.which("node") is not None and shutil.which("npm") is not None


@pytest.mark.usefixtures("env")
def test_bench_load_checks_every_answer_and_times_every_system(tmp_path: Path) -> None:
    out = tmp_path / "load.json"

    result = CliRunner().invoke(
        app, ["bench", "load", "--profile", "tiny", "--wipe", "--json", str(out), "--max-wait", "0"]
    )

    assert result.exit_code == 0, result.output
    report: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    assert report["peer"]["ran"] is peer_can_run(), report["peer"]
    systems = ["crosspaths", "peer", "floor"] if peer_can_run() else ["crosspaths", "floor"]
    assert report["graph"]["people"] == 60
    assert [q["name"] for q in report["questions"]] == QUESTIONS
    for question in report["questions"]:
        for system in systems:
            where = (question["name"], system)
            # Every request was asked of every system, and each answer equals the floor's.
            assert question["check"][system]["equal"] == question["requests"] > 0, (where, question["check"])
            assert question["statements"][system]["per_request"] >= 1, where
            assert question["cpu"][system]["requests"] > 0, where
        # The floor and the peer answer each request with one statement: the instrument counts it so.
        assert question["statements"]["floor"]["per_request"] == 1
        if peer_can_run():
            assert question["statements"]["peer"]["per_request"] == 1
        assert (
            question["statements"]["crosspaths"]["metrics_per_request"]
            == (question["statements"]["crosspaths"]["per_request"])
        )
    levels = {(level["workload"], level["clients"]): level for level in report["levels"]}
    assert sorted(levels) == sorted((workload, clients) for workload in WORKLOADS for clients in (1, 2))
    for level in levels.values():
        assert sorted(level["systems"]) == sorted(systems), level
        for numbers in level["systems"].values():
            assert numbers["requests"] > 0, level
            assert numbers["errors"] == 0, level
            assert numbers["p50_ms"] <= numbers["p99_ms"], level
    assert {row["met"] for row in report["targets"]} <= {True, False, None}
    assert len(report["memory"]["crosspaths_workers"]) == 1
    assert report["memory"]["crosspaths_workers"][0]["rss_mib"] > 0
    assert "targets (issue 20)" in result.output


@pytest.mark.usefixtures("env")
def test_bench_network_reports_every_sampled_request_with_its_cost(tmp_path: Path) -> None:
    out = tmp_path / "network.json"
    result = CliRunner().invoke(
        app,
        [
            "bench",
            "network",
            "--people",
            "60",
            "--sample",
            "3",
            "--rounds",
            "1",
            "--profile",
            "--wipe",
            "--json",
            str(out),
        ],
    )

    assert result.exit_code == 0, result.output
    [report] = json.loads(out.read_text())
    assert report["graph"]["people"] == 60
    assert [(row["statement"], row["requests"], row["failed"]) for row in report["summary"]] == [
        ("opportunities", 3, 0),
        ("pathsTo", 3, 0),
        ("interviewValue", 3, 0),
        ("interviewValue, largest employer, maxHops 3", 3, 0),
    ]
    for answer in report["answers"]:
        assert answer["error"] is None
        assert answer["wall_ms"] > 0
        assert answer["neo4j_cpu_ms"] is not None  # the test database runs here: its process is read
        assert answer["db_hits"] > 0
        assert answer["memory_mib"] is not None
