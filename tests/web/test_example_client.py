"""examples/client.py against the live app: it authenticates and pages through every opportunity."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from dataclasses import replace

import pytest
from neo4j import Driver

from api.auth.jwt_tokens import mint
from api.auth.keys import JwtKeys
from api.gql.ids import to_global_id
from api.graph.network import PLANNING_TIMEOUT_S
from api.settings import PROJECT_ROOT, Neo4jTarget, Settings
from tests.demo import DEMO_USER, load_demo
from tests.live_server import served

CLIENT = PROJECT_ROOT / "examples" / "client.py"
COUNT = "{ viewer { opportunities(maxHops: 2, first: 1) { totalCount } } }"
CLIENT_TIMEOUT_S = 60.0  # how long examples/client.py waits for an answer


@pytest.fixture
def demo_url(db: Driver, target: Neo4jTarget, settings: Settings) -> Iterator[str]:
    """The live app on the demo graph, loaded before it starts, so start-up plans the searches for it.

    Neo4j may still plan the opportunities statement anew on a request's clock (tests/network/conftest.py
    says why), which on a busy machine takes longer than the app's 10 s query timeout: its queries wait as
    long as start-up planning may, and requests as long as examples/client.py waits for an answer.
    """
    assert db is not None  # migrated and emptied
    load_demo(target)
    patient = replace(settings, query_timeout_s=PLANNING_TIMEOUT_S, request_timeout_s=CLIENT_TIMEOUT_S)
    with served(target, patient) as url:
        yield url


def total(live_url: str, token: str) -> int:
    request = urllib.request.Request(  # noqa: S310 - the live app on 127.0.0.1
        f"{live_url}/graphql",
        data=json.dumps({"query": COUNT}).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=CLIENT_TIMEOUT_S) as response:  # noqa: S310 - the live app on 127.0.0.1
        count: int = json.load(response)["data"]["viewer"]["opportunities"]["totalCount"]
        return count


def test_client_pages_through_every_opportunity(demo_url: str, db: Driver, settings: Settings) -> None:
    records, _, _ = db.execute_query("MATCH (p:Person {email: $email}) RETURN p.id AS id", email=DEMO_USER)
    token = mint(JwtKeys.from_settings(settings), subject=to_global_id("Person", records[0]["id"]), email=DEMO_USER)
    expected = total(demo_url, token)
    assert expected > 15, "enough opportunities for several pages"

    result = subprocess.run(  # noqa: S603 - our own example script
        [sys.executable, str(CLIENT), f"{demo_url}/graphql", "--max-hops", "2", "--page-size", "15"],
        env=os.environ | {"CROSSPATHS_TOKEN": token},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == expected
    assert [line.split(".", 1)[0] for line in lines] == [str(n) for n in range(1, expected + 1)]
    assert all(" via " in line and "hops, score" in line for line in lines)


def test_client_without_a_token_says_how_to_get_one(live_url: str) -> None:
    env = {key: value for key, value in os.environ.items() if key != "CROSSPATHS_TOKEN"}
    result = subprocess.run(  # noqa: S603 - our own example script
        [sys.executable, str(CLIENT), f"{live_url}/graphql"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "crosspaths token" in result.stderr
