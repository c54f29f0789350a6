"""Two API replicas (two `crosspaths serve` processes, two ports) on the session's Neo4j, through a relay.

The replicas reach Neo4j through a relay (tests/live/relay.py) that a test may cut and restore, so
the database goes away and comes back for them without disturbing the rest of the session. They
run with small subscription bounds, so the tests see them quickly.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx2
import pytest
from neo4j import Driver

from api.auth import access_tokens
from api.auth.jwt_tokens import mint
from api.auth.keys import JwtKeys
from api.gql.ids import to_global_id
from api.graph import Graph, network, open_driver
from api.settings import Neo4jTarget, Settings
from tests.conftest import free_port
from tests.live.relay import Relay

START_TIMEOUT_S = 180.0
POLL_S = 0.25
# The replicas' bounds (docs/configuration.md names each setting).
LIMITS = {
    "CROSSPATHS_SUBSCRIPTION_POLL_SECONDS": str(POLL_S),
    "CROSSPATHS_SUBSCRIPTIONS_PER_CALLER": "2",
    "CROSSPATHS_SUBSCRIPTION_MESSAGES_PER_SECOND": "2",
    "CROSSPATHS_SUBSCRIPTION_IDLE_SECONDS": "3",
    "CROSSPATHS_SUBSCRIPTION_RECHECK_SECONDS": "1",
}


@dataclass(frozen=True)
class Replica:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def post(self, token: str, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        response = httpx2.post(
            f"{self.url}/graphql",
            json={"query": query, "variables": variables or {}},
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        )
        body: dict[str, Any] = response.json()
        return body

    def data(self, token: str, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        body = self.post(token, query, variables)
        assert body.get("errors") is None, body
        result: dict[str, Any] = body["data"]
        return result

    def ready(self) -> bool:
        with contextlib.suppress(httpx2.HTTPError):
            return httpx2.get(f"{self.url}/readyz", timeout=5).status_code == 200
        return False


@dataclass(frozen=True)
class Cluster:
    """The replicas, the relay they reach Neo4j through, a driver to arrange the graph, the JWT keys they trust."""

    target: Neo4jTarget  # the session's Neo4j itself, not through the relay
    relay: Relay
    a: Replica
    b: Replica
    db: Driver
    keys: JwtKeys

    def neo4j_env(self) -> dict[str, str]:
        """The environment a `crosspaths` command needs to use the session's Neo4j directly."""
        env = {"NEO4J_URI": self.target.uri, "NEO4J_DATABASE": self.target.database}
        if self.target.user is not None:
            env |= {"NEO4J_USER": self.target.user, "NEO4J_PASSWORD": self.target.password or ""}
        return env

    def token(self, person_id: str | None = None, *, admin: bool = False) -> str:
        subject = to_global_id("Person", person_id) if person_id else "admin@example.com"
        return mint(self.keys, subject=subject, admin=admin)

    async def access_token(self, person_id: str) -> str:
        """A personal access token of the person's, as `crosspaths token create` issues one."""
        async with open_driver(self.target) as driver:
            issued = await access_tokens.issue(
                Graph(driver, self.target.database), person_id=person_id, admin=False, expires_in=None, name="test"
            )
        return issued.secret

    @property
    def admin(self) -> str:
        return self.token(admin=True)


def _serve(port: int, env: dict[str, str], log: Path) -> Replica:
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603 - our own console script, fixed argv
            [str(Path(sys.executable).parent / "crosspaths"), "serve", "--port", str(port)],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    return Replica(f"http://127.0.0.1:{port}", process, log)


def _stop(replica: Replica) -> None:
    if replica.process.poll() is None:
        replica.process.send_signal(signal.SIGTERM)
        try:
            replica.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            replica.process.kill()
            replica.process.wait()


def _wait_ready(replicas: list[Replica]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    for replica in replicas:
        while not replica.ready():
            if replica.process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"replica {replica.url} did not start:\n{replica.log.read_text()[-3000:]}")
            time.sleep(0.2)


@pytest.fixture(scope="package")
def cluster(target: Neo4jTarget, db: Driver, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    folder = tmp_path_factory.mktemp("replicas")
    address = urlsplit(target.uri)
    assert address.scheme in {"bolt", "neo4j"}, f"the relay passes plain Bolt only, not {target.uri}"
    relay = Relay(address.hostname or "127.0.0.1", address.port or 7687)
    replicas: list[Replica] = []
    try:
        # Once before the replicas start side by side: each then finds the plans made.
        asyncio.run(_plan(target))
        env = {key: value for key, value in os.environ.items() if not key.startswith(("NEO4J_", "CROSSPATHS_"))}
        env |= {
            "NEO4J_URI": relay.uri,
            "NEO4J_DATABASE": target.database,
            **({"NEO4J_USER": target.user, "NEO4J_PASSWORD": target.password or ""} if target.user else {}),
            "CROSSPATHS_JWT_SECRET": secrets.token_urlsafe(48),
            "CROSSPATHS_DATA_DIR": str(folder),
            "CROSSPATHS_LOG_FORMAT": "text",
            "CROSSPATHS_RATE_LIMIT_PER_MINUTE": str(10**9),
            **LIMITS,
        }
        replicas = [_serve(free_port(), env, folder / f"replica-{name}.log") for name in "ab"]
        _wait_ready(replicas)
        yield Cluster(target, relay, replicas[0], replicas[1], db, JwtKeys.from_settings(Settings.from_env(env)))
    finally:
        for replica in replicas:
            _stop(replica)
        relay.close()


async def _plan(target: Neo4jTarget) -> None:
    async with open_driver(target) as driver:
        await network.plan_ahead(Graph(driver, target.database))


@pytest.fixture
def live(cluster: Cluster) -> Cluster:
    """The cluster on an empty graph (schema kept), the database within reach, the searches planned.

    Modules of other folders run on the same Neo4j between these tests, and some clear its plan cache
    (imports of 500 rows or more re-plan, as `crosspaths seed` does): planning again here, not within a
    replica's query timeout. With the plans still cached this takes a fraction of a second.
    """
    cluster.relay.restore()  # a test that cut it may have failed before restoring it
    cluster.db.execute_query("MATCH (n) WHERE NOT n:SchemaMigration DETACH DELETE n")
    asyncio.run(_plan(cluster.target))
    return cluster
