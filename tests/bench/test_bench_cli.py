"""`crosspaths bench` on a tiny profile: every scenario runs and is reported; speed is not asserted here.

Benchmarks report, tests check behaviour: a timed assertion would fail on a busy machine and
pass on a fast one whatever the code does.
"""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING

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
def test_bench_refuses_to_wipe_a_named_database_unless_told() -> None:
    result = CliRunner().invoke(app, ["bench", "--profile", "tiny"])

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
