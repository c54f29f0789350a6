"""The `crosspaths seed` commands, and an import killed half-way then re-run."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from neo4j import Driver
from typer.testing import CliRunner

from api.cli import app
from api.settings import PROJECT_ROOT, Neo4jTarget
from seeds.folder import DEMO_DIR
from seeds.synth import generate
from tests.seeds.conftest import FIXTURES, counts, query
from tests.seeds.outage import outage


@pytest.fixture
def env(db: Driver, target: Neo4jTarget, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The environment that points the CLI at the test database (and a clean graph via `db`)."""
    assert db is not None
    values = {"NEO4J_URI": target.uri, "NEO4J_DATABASE": target.database}
    if target.user:
        values |= {"NEO4J_USER": target.user, "NEO4J_PASSWORD": target.password or ""}
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    return {**os.environ, **values}


def seed(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["seed", *args])
    return result.exit_code, result.output


@pytest.mark.usefixtures("env")
def test_seed_csv_reports_every_problem_and_exits_1(db: Driver) -> None:
    code, output = seed("csv", str(FIXTURES / "invalid"))

    assert code == 1
    assert "people.csv:5:openToWork: 'maybe' is not true/false" in output
    assert "positions.csv:3:startedOn: '15/01/2023' is not a date (YYYY-MM-DD)" in output
    assert "nothing was written" in output
    assert counts(db) == {}


@pytest.mark.usefixtures("env")
def test_seed_csv_dry_run_then_real_run_then_nothing_new(db: Driver) -> None:
    code, dry = seed("csv", str(FIXTURES / "valid"), "--dry-run")
    assert (code, counts(db)) == (0, {})
    assert "dry run: nothing was written" in dry

    code, _ = seed("csv", str(FIXTURES / "valid"))
    assert code == 0
    code, again = seed("csv", str(FIXTURES / "valid"))
    assert code == 0
    assert "nothing new" in again
    assert counts(db)["Person"] == 4


@pytest.mark.usefixtures("env")
def test_a_bulk_import_has_the_network_queries_planned_for_the_new_data_and_seed_demo_is_idempotent(
    db: Driver,
) -> None:
    # One test for both: each demo import re-plans the network searches (tens of seconds on a busy machine).
    planned = "network queries planned for the new data\n"
    code, small = seed("csv", str(FIXTURES / "valid"))
    assert (code, planned in small) == (0, False)  # a few rows: Neo4j's plans still hold
    code, dry = seed("csv", str(DEMO_DIR), "--dry-run")
    assert (code, planned in dry) == (0, False)
    code, bulk = seed("demo")
    assert (code, planned in bulk) == (0, True)
    shape = counts(db)
    code, again = seed("demo")
    assert (code, counts(db)) == (0, shape)
    assert ("nothing new" in again, planned in again) == (True, False)


@pytest.mark.usefixtures("env")
def test_seed_csv_skip_invalid_writes_the_valid_rows(db: Driver) -> None:
    code, output = seed("csv", str(FIXTURES / "invalid"), "--skip-invalid")

    assert code == 0
    assert "people.csv:3:name: required" in output
    assert counts(db)["Person"] == 2


@pytest.mark.usefixtures("env")
def test_seed_linkedin_needs_an_existing_owner(db: Driver) -> None:
    file = str(FIXTURES / "connections_2026.csv")
    code, output = seed("linkedin", file, "--owner", "nobody@mail.example")
    assert code == 1
    assert "no person with email or id 'nobody@mail.example'" in output

    db.execute_query("CREATE (:Person {id: 'o', name: 'Olu', email: 'olu@mail.example'})")
    code, _ = seed("linkedin", file, "--owner", "OLU@mail.example")
    assert code == 0
    assert query(db, "MATCH (:Person {id: 'o'})-[k:KNOWS {source: 'linkedin'}]-() RETURN count(k) AS n") == [{"n": 4}]


@pytest.mark.usefixtures("env")
def test_seed_csv_rejects_a_folder_with_a_misnamed_file(tmp_path: Path) -> None:
    (tmp_path / "peeple.csv").write_text("name\nAna\n")
    code, output = seed("csv", str(tmp_path))
    assert code == 1
    assert "unknown file(s) peeple.csv" in output


@pytest.mark.usefixtures("env")
def test_a_dry_run_never_says_rows_were_written(db: Driver, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="crosspaths.seed")  # the progress lines, when not on a terminal

    code, output = seed("csv", str(FIXTURES / "valid"), "--dry-run")

    assert (code, counts(db)) == (0, {})
    assert "people.csv: 4/4 rows tried (dry run: rolled back)" in caplog.text
    said = (output + caplog.text).replace("nothing was written", "")
    assert "written" not in said
    assert "dry run summary: what an import would do" in output


@pytest.mark.usefixtures("env")
@pytest.mark.parametrize("skip_invalid", [[], ["--skip-invalid"]])
def test_a_missing_file_gets_only_advice_that_helps(db: Driver, tmp_path: Path, skip_invalid: list[str]) -> None:
    db.execute_query("CREATE (:Person {id: 'o', name: 'Olu', email: 'olu@mail.example'})")

    code, output = seed("linkedin", str(tmp_path / "Connections.csv"), "--owner", "olu@mail.example", *skip_invalid)

    assert code == 1
    assert "Connections.csv:0:-: cannot read the file: No such file or directory" in output
    assert "nothing was written: fix the files named above" in output
    assert "--skip-invalid" not in output
    assert "rows above" not in output


@pytest.mark.usefixtures("env")
def test_rows_the_database_refuses_are_not_advised_skip_invalid(db: Driver) -> None:
    # Another company already owns the domain acme.example: the unique constraint refuses the batch.
    db.execute_query(
        "CREATE (:Company {id: 'x', name: 'Acme Holdings', nameKey: 'acme holdings', domain: 'acme.example'})"
    )

    code, output = seed("csv", str(FIXTURES / "valid"))

    assert code == 1
    assert "nothing was written: the database refused the rows named above; fix the cause and re-run" in output
    assert "--skip-invalid" not in output


OLU = "CREATE (:Person {id: 'o', name: 'Olu', email: 'olu@mail.example'})"


def test_an_import_cut_off_by_a_database_outage_says_retry(
    env: dict[str, str], db: Driver, target: Neo4jTarget, monkeypatch: pytest.MonkeyPatch
) -> None:
    db.execute_query(OLU)
    with outage(target, b"UNWIND $rows") as (proxy, via):  # the connection drops as the first rows are sent
        monkeypatch.setenv("NEO4J_URI", via.uri)
        code, output = seed("linkedin", str(FIXTURES / "connections_2026.csv"), "--owner", "olu@mail.example")

    assert (proxy.cuts, code) == (1, 1)
    assert "connections_2026.csv:5:-: the database was unavailable, so nothing from this import was written" in output
    assert "the database was unavailable: nothing was written; retry the import once the database is back" in output
    assert "--skip-invalid" not in output
    assert "rows above" not in output
    assert counts(db) == {"Person": 1}
    assert env["NEO4J_URI"] == target.uri


def test_a_database_outage_outside_the_writes_says_retry_not_a_traceback(
    env: dict[str, str], db: Driver, target: Neo4jTarget, monkeypatch: pytest.MonkeyPatch
) -> None:
    db.execute_query(OLU)
    with outage(target, COMMIT) as (proxy, via):  # the first commit the command sends (the schema check's)
        monkeypatch.setenv("NEO4J_URI", via.uri)
        result = CliRunner().invoke(
            app, ["seed", "linkedin", str(FIXTURES / "connections_2026.csv"), "--owner", "olu@mail.example"]
        )

    assert (proxy.cuts, result.exit_code) == (1, 1)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "the database was unavailable: the import did not complete; retry it" in result.output
    assert counts(db) == {"Person": 1}
    assert env["NEO4J_URI"] == target.uri


# Bolt's COMMIT message as the driver sends it: a chunk of two bytes (an empty struct, signature 0x12),
# then the end-of-message marker.
COMMIT = b"\x00\x02\xb0\x12\x00\x00"


def _lines(path: Path) -> int:
    with path.open(encoding="utf-8") as stream:
        return sum(1 for _ in stream) - 1


def _kill_when(ready: Callable[[], bool], command: list[str], env: dict[str, str], log: Path) -> None:
    """Run `command` and SIGKILL it as soon as `ready()` holds (while it is still running)."""
    with (
        log.open("wb") as output,
        subprocess.Popen(command, env=env, cwd=PROJECT_ROOT, stdout=output, stderr=output) as process,  # noqa: S603 - our own command line
    ):
        deadline = time.monotonic() + 120
        while not ready():
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
        process.wait()


def _writing_knows(db: Driver) -> bool:
    """An import transaction is writing connections right now (nothing of it is visible before its commit)."""
    running = query(db, "SHOW TRANSACTIONS YIELD currentQuery RETURN currentQuery")
    return any(":KNOWS" in str(row["currentQuery"]) and "UNWIND $rows" in str(row["currentQuery"]) for row in running)


def test_killed_imports_leave_nothing_or_whole_batches_and_a_rerun_completes_without_duplicates(
    env: dict[str, str], db: Driver, tmp_path: Path
) -> None:
    # One test for both ways to kill an import: each re-run that completes re-plans the network searches
    # (tens of seconds on a busy machine), and one re-run over what both left proves what each did.
    folder = tmp_path / "synth"
    generate(2000, 7, folder)  # ~1 MB in all: one transaction unless told otherwise
    expected = {
        "Company": _lines(folder / "companies.csv"),
        "Person": _lines(folder / "people.csv"),
        "Role": _lines(folder / "roles.csv"),
        "WORKS_AT": _lines(folder / "positions.csv"),
        "KNOWS": _lines(folder / "connections.csv"),
        "Interview": _lines(folder / "interviews.csv"),
    }
    command = [sys.executable, "-m", "api.cli", "seed", "csv", str(folder)]

    # Killed while its one transaction writes connections: nothing of it was committed.
    _kill_when(lambda: _writing_knows(db), command, env, tmp_path / "killed.log")
    assert counts(db) == {}, "the transaction was never committed"

    # In batches of 5 000 rows, each committed: killed once people and positions are in and connections
    # are being written.
    batched = env | {"CROSSPATHS_IMPORT_ONE_TRANSACTION_BYTES": "0"}
    _kill_when(lambda: counts(db).get("KNOWS", 0) > 0, command, batched, tmp_path / "killed-batched.log")
    partial = counts(db)
    assert partial["KNOWS"] < expected["KNOWS"]
    assert "Interview" not in partial

    # Re-run (one transaction again) over the batches the second left: the rest is written, nothing twice.
    rerun = subprocess.run(command, env=env, cwd=PROJECT_ROOT, capture_output=True, text=True, check=False)  # noqa: S603 - our own command line

    assert rerun.returncode == 0, rerun.stderr
    assert {kind: counts(db)[kind] for kind in expected} == expected
    unique = query(
        db,
        "MATCH (p:Person) WITH count(p) AS people, count(DISTINCT p.email) AS emails "
        "MATCH (a:Person)-[k:KNOWS]-(b:Person) WHERE elementId(a) < elementId(b) "
        "RETURN people, emails, count(k) AS links, count(DISTINCT [a, b]) AS pairs",
    )
    assert unique == [
        {
            "people": expected["Person"],
            "emails": expected["Person"],
            "links": expected["KNOWS"],
            "pairs": expected["KNOWS"],
        }
    ]
