"""Liveness and readiness: /readyz follows Neo4j down and back up, fast, on the same app instance."""

from __future__ import annotations

import time

from starlette.testclient import TestClient

from api.app import create_app
from api.localdb import LocalNeo4j
from api.settings import Neo4jTarget
from api.web.health import READY_TIMEOUT_S
from tests.conftest import free_port
from tests.spare_neo4j import SpareApp, hung

# Every /readyz answer must come within its own timeout plus a little for HTTP on a loaded machine.
ANSWER_WITHIN_S = READY_TIMEOUT_S + 2.0
# A freshly started Neo4j may take a while to answer its first query (the probe says 503 meanwhile).
RECOVER_WITHIN_S = 120.0
READY = (200, {"status": "ok", "neo4j": "ok"})


def probe(http: TestClient) -> tuple[int, dict[str, str]]:
    """GET /readyz, asserting that it answers within its bound whatever the database does."""
    started = time.monotonic()
    response = http.get("/readyz")
    assert time.monotonic() - started < ANSWER_WITHIN_S
    return response.status_code, response.json()


def wait_ready(http: TestClient) -> tuple[int, dict[str, str]]:
    """Probe the way an orchestrator does until ready, returning the last answer."""
    deadline = time.monotonic() + RECOVER_WITHIN_S
    answer = probe(http)
    while answer != READY and time.monotonic() < deadline:
        time.sleep(0.5)
        answer = probe(http)
    return answer


def test_healthz_answers_while_neo4j_is_unreachable() -> None:
    nowhere = Neo4jTarget(f"bolt://127.0.0.1:{free_port()}")
    with TestClient(create_app(nowhere, migrate=False, plan=False)) as http:
        alive = http.get("/healthz")
        readiness = probe(http)

    assert (alive.status_code, alive.json()) == (200, {"status": "ok"})
    assert readiness == (503, {"status": "unavailable", "reason": "neo4j unavailable: ServiceUnavailable"})


def test_readyz_gives_up_on_a_hung_neo4j_within_its_timeout(spare_neo4j: LocalNeo4j, spare_app: SpareApp) -> None:
    http = spare_app.http
    assert wait_ready(http) == READY
    with hung(spare_neo4j):  # the JVM stops answering while its socket stays open
        answer = probe(http)
    assert answer == (
        503,
        {"status": "unavailable", "reason": f"neo4j unavailable: no answer within {READY_TIMEOUT_S:g}s"},
    )
    assert wait_ready(http) == READY


def test_readyz_follows_neo4j_down_and_back_up(spare_neo4j: LocalNeo4j, spare_app: SpareApp) -> None:
    http = spare_app.http
    assert wait_ready(http) == READY

    spare_neo4j.stop()
    status, body = probe(http)
    assert (status, body["status"]) == (503, "unavailable")
    assert body["reason"].startswith("neo4j unavailable: ")
    assert http.get("/healthz").status_code == 200

    spare_neo4j.start()
    assert wait_ready(http) == READY
