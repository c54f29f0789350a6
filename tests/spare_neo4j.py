"""A second local Neo4j that tests may stop, restart or hang, the app on it, and how to hang it for certain.

A pytest plugin of tests/conftest.py: one spare server and one app on it for the whole session,
shared by every module that takes the database away. Each start is costly: a JVM takes tens of
seconds on a busy machine. The app asks no network field, so it does not plan them at start-up,
which on a JVM just started took longer than everything these tests do with it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from api.app import create_app
from api.auth.jwt_tokens import mint
from api.auth.keys import JwtKeys
from api.localdb import LocalNeo4j
from api.settings import Neo4jTarget, Settings
from tests.conftest import free_port

# How long the kernel may take to stop every thread of a loaded JVM before the test gives up.
STOP_WITHIN_S = 30.0


@pytest.fixture(scope="session")
def spare_neo4j(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalNeo4j]:
    """A Neo4j apart from the session's, so that stopping it disturbs no other test; every test leaves it up."""
    local = LocalNeo4j(
        port=free_port(), data_dir=tmp_path_factory.mktemp("spare-neo4j"), cache_dir=Settings.from_env().cache_dir
    )
    local.start()
    try:
        yield local
    finally:
        local.stop()


@dataclass(frozen=True)
class SpareApp:
    http: TestClient
    admin: dict[str, str]  # the Authorization header of an admin


@pytest.fixture(scope="session")
def spare_app(spare_neo4j: LocalNeo4j, settings: Settings) -> Iterator[SpareApp]:
    """The app on the spare Neo4j with the default retry window (the bound docs/security.md states).

    One instance for the session: each test checks that it follows its database down and back up by
    itself, and leaves it answering.
    """
    defaults = replace(settings, neo4j_retry_s=Settings().neo4j_retry_s)
    with TestClient(create_app(Neo4jTarget(spare_neo4j.uri), defaults, plan=False)) as http:
        admin = mint(JwtKeys.from_settings(defaults), subject="admin@example.com", admin=True)
        yield SpareApp(http, {"Authorization": f"Bearer {admin}"})


@contextlib.contextmanager
def hung(local: LocalNeo4j) -> Iterator[None]:
    """The server stopped (SIGSTOP) with its sockets open: it accepts connections and never answers.

    kill() returns once the signal is queued; the kernel wakes one thread to take it, and only that
    thread stops the others. Until then a Bolt thread already running may still answer a query, so
    this waits until every thread of the JVM is stopped, then resumes them all on the way out.
    """
    pid = local.pid()
    assert pid is not None, "the spare Neo4j is not running"
    os.kill(pid, signal.SIGSTOP)
    try:
        deadline = time.monotonic() + STOP_WITHIN_S
        while not _all_threads_stopped(pid):
            assert time.monotonic() < deadline, f"Neo4j (pid {pid}) did not stop within {STOP_WITHIN_S:g}s"
            time.sleep(0.01)
        yield
    finally:
        os.kill(pid, signal.SIGCONT)


def _all_threads_stopped(pid: int) -> bool:
    states = []
    for stat in Path(f"/proc/{pid}/task").glob("*/stat"):
        with contextlib.suppress(FileNotFoundError):  # a thread that ended while we looked
            states.append(stat.read_text().rsplit(")", 1)[-1].split()[0])
    return bool(states) and all(state == "T" for state in states)
