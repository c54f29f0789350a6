"""Settings come from the environment; a value that cannot be used is named, not a traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest
from neo4j import Driver

from api.localdb.launcher import server_config
from api.settings import Settings, SettingsError
from tests.conftest import TEST_NEO4J_CONFIG


def test_defaults_without_environment() -> None:
    settings = Settings.from_env({})
    assert (settings.neo4j_uri, settings.local_port, settings.environment) == (None, 7687, "development")
    assert (settings.max_body_bytes, settings.rate_limit_per_minute) == (1_048_576, 1_000)
    assert (settings.local_page_cache, settings.viewer_cache_s) == ("64m", 60.0)
    assert Settings.from_env({"CROSSPATHS_VIEWER_CACHE_SECONDS": "0"}).viewer_cache_s == 0  # 0: ask every time
    assert settings.replan_gap_s == 300.0
    assert Settings.from_env({"CROSSPATHS_REPLAN_GAP_SECONDS": "0"}).replan_gap_s == 0  # 0: no gap


def test_the_local_page_cache_reaches_the_launched_server() -> None:
    settings = Settings.from_env({"CROSSPATHS_NEO4J_PAGECACHE": "1G"})
    assert settings.local_page_cache == "1g"
    assert server_config(7687, settings.local_page_cache)["server.memory.pagecache.size"] == "1g"


def test_trusted_proxies_are_none_unless_listed() -> None:
    assert Settings.from_env({}).trusted_proxies == ()
    listed = Settings.from_env({"CROSSPATHS_TRUSTED_PROXIES": "10.0.0.5, 10.1.0.0/16,"})
    assert listed.trusted_proxies == ("10.0.0.5", "10.1.0.0/16")


def test_values_are_read_from_the_environment() -> None:
    settings = Settings.from_env(
        {"NEO4J_URI": "neo4j+s://x.databases.neo4j.io", "CROSSPATHS_NEO4J_PORT": "7999", "CROSSPATHS_ENV": "production"}
    )
    assert (settings.neo4j_uri, settings.local_port, settings.production) == (
        "neo4j+s://x.databases.neo4j.io",
        7999,
        True,
    )


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("CROSSPATHS_NEO4J_PORT", "abc", "CROSSPATHS_NEO4J_PORT must be an integer, got 'abc'"),
        ("CROSSPATHS_QUERY_TIMEOUT", "soon", "CROSSPATHS_QUERY_TIMEOUT must be a number, got 'soon'"),
        ("CROSSPATHS_MAX_BODY_BYTES", "-1", "CROSSPATHS_MAX_BODY_BYTES must be positive, got '-1'"),
        (
            "CROSSPATHS_NEO4J_PAGECACHE",
            "lots",
            "CROSSPATHS_NEO4J_PAGECACHE must be a size such as 512m or 2g, got 'lots'",
        ),
        ("CROSSPATHS_VIEWER_CACHE_SECONDS", "-5", "CROSSPATHS_VIEWER_CACHE_SECONDS must be zero or positive, got '-5'"),
        ("CROSSPATHS_REPLAN_GAP_SECONDS", "soon", "CROSSPATHS_REPLAN_GAP_SECONDS must be a number, got 'soon'"),
        (
            "CROSSPATHS_TRUSTED_PROXIES",
            "10.0.0.1, *",
            "CROSSPATHS_TRUSTED_PROXIES must list IP addresses or networks (10.0.0.0/8), comma-separated; got '*'",
        ),
    ],
)
def test_unusable_values_name_the_variable(name: str, value: str, message: str) -> None:
    with pytest.raises(SettingsError) as raised:
        Settings.from_env({name: value})
    assert str(raised.value) == message


def test_the_command_reports_a_bad_variable_without_a_traceback() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "api.cli", "db", "status"],
        env={"PATH": "/usr/bin:/bin", "CROSSPATHS_NEO4J_PORT": "abc"},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 2
    assert "CROSSPATHS_NEO4J_PORT must be an integer, got 'abc'" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


def test_only_the_test_sessions_neo4j_keeps_its_plans_however_the_graph_changes(db: Driver) -> None:
    # Served and benchmarked servers re-plan as Neo4j does by default; the tests' server is told apart
    # (tests/conftest.py), and the tests that need plans made for their graph ask for them.
    assert not TEST_NEO4J_CONFIG.keys() & server_config(7687).keys()
    shown, _, _ = db.execute_query(
        "SHOW SETTINGS YIELD name, value WHERE name IN $names RETURN name, value", names=list(TEST_NEO4J_CONFIG)
    )
    assert {record["name"]: record["value"] for record in shown} == TEST_NEO4J_CONFIG
