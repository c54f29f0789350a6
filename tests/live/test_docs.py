"""The docs' subscription, on the demo data, as written: the README's opening arrives as shown, the
docs/queries.md example answers without errors, and examples/subscribe.py prints it."""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import re
import sys
import time
from typing import Any

from api.settings import PROJECT_ROOT
from tests.demo import DEMO_USER, load_demo
from tests.docs.test_readme import without_scores
from tests.live.arrange import open_role
from tests.live.client import bearer, socket
from tests.live.conftest import POLL_S, Cluster

README = PROJECT_ROOT / "README.md"
QUERIES = PROJECT_ROOT / "docs" / "queries.md"
SUBSCRIBE = PROJECT_ROOT / "examples" / "subscribe.py"
CROSSPATHS = os.path.join(os.path.dirname(sys.executable), "crosspaths")  # noqa: PTH118, PTH120 - beside python
# The demo changes the statistics the replicas planned with: the first search plans anew, slowly on a busy machine.
WITHIN_S = 180.0


def readme_subscription() -> tuple[str, dict[str, Any]]:
    """The README's subscription and the answer shown after it."""
    blocks = re.findall(r"```(graphql|json)\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)
    found = [
        (query, json.loads(answer))
        for (kind, query), (next_kind, answer) in itertools.pairwise(blocks)
        if kind == "graphql" and next_kind == "json" and query.lstrip().startswith("subscription")
    ]
    assert len(found) == 1
    return found[0]


def documented_subscriptions() -> list[str]:
    blocks = re.findall(r"```graphql\n(.*?)```", QUERIES.read_text(encoding="utf-8"), re.DOTALL)
    return [block for block in blocks if block.startswith("subscription")]


async def run(*command: str, env: dict[str, str] | None = None) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        *command, env=env, cwd=PROJECT_ROOT, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )


async def past_the_demo_openings(live: Cluster) -> None:
    """Until the demo's roles opened over a poll interval ago. A replica's feed begins one interval back
    (api.live.feed: a role opened just before the first subscriber came is told), and the subscribers
    below expect the spreadsheet's role as their first message, not a demo role loaded a moment before."""
    while True:
        records, _, _ = live.db.execute_query(
            "MATCH (r:Role) RETURN datetime() > max(r.openedAt) + duration({milliseconds: $ms}) AS past",
            ms=int(2 * POLL_S * 1000),
        )
        if records[0]["past"]:
            return
        await asyncio.sleep(POLL_S)


async def test_the_docs_subscriptions_on_the_demo_data(live: Cluster) -> None:
    await asyncio.to_thread(load_demo, live.target)
    await past_the_demo_openings(live)
    people, _, _ = live.db.execute_query("MATCH (p:Person {email: $email}) RETURN p.id AS id", email=DEMO_USER)
    companies, _, _ = live.db.execute_query("MATCH (c:Company {name: 'Brightpath Health'}) RETURN c.id AS id")
    token, brightpath = live.token(people[0]["id"]), companies[0]["id"]
    readme, shown = readme_subscription()
    [documented] = documented_subscriptions()
    env = os.environ | {"CROSSPATHS_TOKEN": token}
    script = await run(
        sys.executable, str(SUBSCRIBE), live.b.url.replace("http", "ws") + "/graphql", "--count", "1", env=env
    )
    try:
        async with socket(live.a.url) as first, socket(live.b.url) as second:
            await first.init(bearer(token))
            await first.subscribe("readme", readme)
            await second.init(bearer(token))
            await second.subscribe("queries", documented)
            await first.silent(1.0)

            # As the README says: the spreadsheet imported with the command line, against the replicas' Neo4j.
            seed = await run(CROSSPATHS, "seed", "csv", "examples/opening", env=os.environ | live.neo4j_env())
            output, _ = await asyncio.wait_for(seed.communicate(), WITHIN_S)
            assert seed.returncode == 0, output.decode()

            told = (await first.next_data("readme", within_s=WITHIN_S))["opportunityOpened"]
            answered = (await second.next_data("queries", within_s=WITHIN_S))["opportunityOpened"]

        # The script may have subscribed after the spreadsheet's role opened: open roles until it prints one.
        assert script.stdout is not None
        printed = asyncio.ensure_future(script.stdout.readline())
        deadline = time.monotonic() + WITHIN_S
        while not printed.done():
            assert time.monotonic() < deadline, "examples/subscribe.py printed nothing"
            await asyncio.to_thread(open_role, live, brightpath, "Platform Engineer")
            await asyncio.wait([printed], timeout=5)
        line = printed.result().decode()
        assert await asyncio.wait_for(script.wait(), 30) == 0
    finally:
        if script.returncode is None:
            script.kill()
            await script.wait()

    assert {"data": without_scores({"opportunityOpened": told})} == without_scores(shown)
    assert answered["role"]["title"] == "Staff Backend Engineer"
    assert answered["contact"]["headline"] is not None
    assert set(json.loads(line)["opportunityOpened"]) == {"hops", "role", "contact", "reasons"}
