"""One real Neo4j per test session, a clean graph for every test, and the app talking to it."""

from __future__ import annotations

import asyncio
import secrets
import shutil
import socket
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

import pytest
from neo4j import Driver, GraphDatabase
from starlette.testclient import TestClient

from api.app import create_app
from api.auth.jwt_tokens import mint
from api.auth.keys import JwtKeys
from api.database import neo4j_target
from api.gql.ids import from_global_id, to_global_id
from api.graph import Graph, migrations, open_driver
from api.settings import PROJECT_ROOT, Neo4jTarget, Settings

TEST_DATA_DIR = PROJECT_ROOT / ".data" / "test"

# The session's Neo4j keeps a plan until something clears the plan cache (db.clearQueryCaches,
# db.prepareForReplanning, as network.replan does), however the statistics move. By default Neo4j
# re-plans a statement 10 s after it was planned once the graph has grown or shrunk ~4x, and nearly
# every test wipes the graph and loads a world of its own: the network searches, seconds each to
# plan, were planned anew over and over (minutes of a session). A test whose claim rests on a plan
# made for its own graph asks for one (`CYPHER replan=force` in tests/network/test_plans.py and
# tests/gql/test_plans.py; db.prepareForReplanning in tests/network/test_dense_employer.py).
TEST_NEO4J_CONFIG = {"dbms.cypher.min_replan_interval": "1d"}

# The app on a real port (`live_url`, `live_token`) and a Neo4j tests may stop (`spare_neo4j`), for all tests.
pytest_plugins = ["tests.live_server", "tests.spare_neo4j"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def target() -> Iterator[Neo4jTarget]:
    """NEO4J_URI when set, else a Docker container, else a throw-away local server on a free port."""
    port = free_port()
    shutil.rmtree(TEST_DATA_DIR / f"neo4j-{port}", ignore_errors=True)
    with neo4j_target(
        Settings.from_env(), port=port, data_dir=TEST_DATA_DIR, keep_running=False, extra_config=TEST_NEO4J_CONFIG
    ) as found:
        yield found
    shutil.rmtree(TEST_DATA_DIR / f"neo4j-{port}", ignore_errors=True)


@pytest.fixture(scope="session")
def db(target: Neo4jTarget) -> Iterator[Driver]:
    """A plain sync driver for arranging and inspecting the graph from tests."""
    asyncio.run(_migrate(target))
    with GraphDatabase.driver(
        target.uri, auth=target.auth, notifications_disabled_classifications=["UNRECOGNIZED"]
    ) as driver:
        yield driver


async def _migrate(target: Neo4jTarget) -> None:
    async with open_driver(target) as driver:
        await migrations.apply(Graph(driver, target.database))


@dataclass(frozen=True)
class Api:
    """The live app, called over HTTP through Starlette's TestClient.

    Requests carry an admin token by default, so tests of behaviour need no ceremony;
    `api.as_viewer(token)` (or `api.as_viewer(None)` for anonymous) tests privacy.
    """

    http: TestClient
    keys: JwtKeys
    token: str | None = None

    def as_viewer(self, token: str | None) -> Api:
        return replace(self, token=token)

    def as_person(self, global_id: str) -> Api:
        """This client acting as the person with global id `global_id` (not an admin)."""
        decoded = from_global_id(global_id)
        assert decoded is not None
        assert decoded[0] == "Person"
        return self.as_viewer(self.token_for(decoded[1]))

    def token_for(self, person_id: str | None, *, admin: bool = False, email: str | None = None) -> str:
        """A valid bearer JWT for the person with local id `person_id`."""
        subject = to_global_id("Person", person_id) if person_id else (email or "nobody@example.com")
        return mint(self.keys, subject=subject, email=email, admin=admin)

    def post(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        response = self.http.post("/graphql", json={"query": query, "variables": variables or {}}, headers=headers)
        body: dict[str, Any] = response.json()
        return body

    def data(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The `data` of a request that must succeed without errors."""
        body = self.post(query, variables)
        assert body.get("errors") is None, body["errors"]
        result: dict[str, Any] = body["data"]
        return result

    @property
    def round_trips(self) -> int:
        count: int = self.http.app.state.graph.round_trips  # type: ignore[attr-defined]
        return count


@pytest.fixture(scope="session")
def settings() -> Settings:
    """The environment's settings with a per-session JWT secret, so tests can mint tokens."""
    # A budget no test run can exhaust, and re-plans after uploads with no gap whatever ran before:
    # throttling and the gap are tested with apps of their own.
    return replace(
        Settings.from_env(),
        jwt_secret=secrets.token_urlsafe(48),
        environment="test",
        rate_limit_per_minute=10**9,
        replan_gap_s=0.0,
    )


@pytest.fixture(scope="session")
def api(target: Neo4jTarget, settings: Settings) -> Iterator[Api]:
    keys = JwtKeys.from_settings(settings)
    with TestClient(create_app(target, settings)) as http:
        admin = mint(keys, subject="admin@example.com", email="admin@example.com", admin=True)
        yield Api(http, keys, token=admin)


@pytest.fixture(autouse=True)
def clean_graph(request: pytest.FixtureRequest) -> None:
    """Every test that touches the database starts from an empty graph (schema kept)."""
    if "db" not in request.fixturenames and "api" not in request.fixturenames:
        return
    driver: Driver = request.getfixturevalue("db")
    driver.execute_query("MATCH (n) WHERE NOT n:SchemaMigration DETACH DELETE n")
    if "api" in request.fixturenames:  # the session's app must not remember people of an earlier test
        api: Api = request.getfixturevalue("api")
        api.http.app.state.subjects.clear()  # type: ignore[attr-defined]
