"""examples/client.py against the live app: it authenticates and pages through every opportunity."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request

from neo4j import Driver

from api.auth.jwt_tokens import mint
from api.auth.keys import JwtKeys
from api.gql.ids import to_global_id
from api.settings import PROJECT_ROOT, Neo4jTarget, Settings
from tests.demo import DEMO_USER, load_demo

CLIENT = PROJECT_ROOT / "examples" / "client.py"
COUNT = "{ viewer { opportunities(maxHops: 2, first: 1) { totalCount } } }"


def total(live_url: str, token: str) -> int:
    request = urllib.request.Request(  # noqa: S310 - the live app on 127.0.0.1
        f"{live_url}/graphql",
        data=json.dumps({"query": COUNT}).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - the live app on 127.0.0.1
        count: int = json.load(response)["data"]["viewer"]["opportunities"]["totalCount"]
        return count


def test_client_pages_through_every_opportunity(
    planned_live_url: str, db: Driver, target: Neo4jTarget, settings: Settings
) -> None:
    load_demo(target)
    records, _, _ = db.execute_query("MATCH (p:Person {email: $email}) RETURN p.id AS id", email=DEMO_USER)
    token = mint(JwtKeys.from_settings(settings), subject=to_global_id("Person", records[0]["id"]), email=DEMO_USER)
    expected = total(planned_live_url, token)
    assert expected > 15, "enough opportunities for several pages"

    result = subprocess.run(  # noqa: S603 - our own example script
        [sys.executable, str(CLIENT), f"{planned_live_url}/graphql", "--max-hops", "2", "--page-size", "15"],
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
