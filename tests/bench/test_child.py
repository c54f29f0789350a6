"""The load scenario's servers in child processes: ready by a deadline, output in a log, stopped by PID."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from api.bench.child import ChildServer

# Says it listens, then serves until stopped; with "stubborn" it ignores SIGTERM.
SERVER = """
import signal, sys, time
if sys.argv[1:] == ["stubborn"]:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
print("listening", flush=True)
time.sleep(120)
"""


class NotStarted(Exception):  # noqa: N818 - reads as what happened
    pass


def child(tmp_path: Path, code: str, *argv: str, grace_s: float = 5.0) -> ChildServer:
    return ChildServer(
        [sys.executable, "-c", code, *argv], dict(os.environ), tmp_path / "child.log", stop_grace_s=grace_s
    )


def listening(server: ChildServer) -> bool:
    return b"listening" in server.log_path.read_bytes()


def test_it_runs_from_ready_until_stopped_with_its_output_in_the_log(tmp_path: Path) -> None:
    server = child(tmp_path, SERVER)
    server.start(lambda: listening(server), within_s=30, failed=NotStarted)
    assert server.process is not None
    assert server.process.poll() is None
    server.stop()
    assert server.process.returncode == -15  # SIGTERM
    assert server.log_path.read_text() == "listening\n"


def test_one_that_ignores_sigterm_is_killed_after_the_grace(tmp_path: Path) -> None:
    server = child(tmp_path, SERVER, "stubborn", grace_s=0.5)
    server.start(lambda: listening(server), within_s=30, failed=NotStarted)
    server.stop()
    assert server.process is not None
    assert server.process.returncode == -9  # SIGKILL


def test_one_that_exits_before_ready_fails_with_the_end_of_its_log(tmp_path: Path) -> None:
    server = child(tmp_path, "import sys; print('no database here'); sys.exit(3)")
    with pytest.raises(NotStarted, match="no database here"):
        server.start(lambda: False, within_s=30, failed=NotStarted)
    assert server.process is not None
    assert server.process.returncode == 3


def test_one_not_ready_in_time_is_stopped(tmp_path: Path) -> None:
    server = child(tmp_path, SERVER)
    with pytest.raises(NotStarted):
        server.start(lambda: False, within_s=1, failed=NotStarted)
    assert server.process is not None
    assert server.process.returncode == -15
