"""Neo4j out of reach and back under open subscriptions: the sockets stay, and the next opening arrives."""

from __future__ import annotations

import asyncio
import time

from tests.live.arrange import NETWORK, open_role, opportunity
from tests.live.client import bearer, socket
from tests.live.conftest import Cluster

RECOVER_WITHIN_S = 60.0


def ready(live: Cluster) -> None:
    deadline = time.monotonic() + RECOVER_WITHIN_S
    while not (live.a.ready() and live.b.ready()):
        assert time.monotonic() < deadline, "the replicas did not find Neo4j again"
        time.sleep(0.25)


async def test_sockets_outlive_the_database_going_away_and_a_later_opening_arrives(live: Cluster) -> None:
    live.db.execute_query(NETWORK)
    cleo = await live.access_token("cleo")  # checked against the database at every sign-in
    async with socket(live.a.url) as maya, socket(live.b.url) as ben:
        await maya.init(bearer(live.token("maya")))
        await maya.subscribe("1")
        await ben.init(bearer(live.token("ben")))
        await ben.subscribe("1", maxHops=1)
        await maya.silent(1.0)

        # As a crashed Neo4j looks to the replicas: every connection reset, every new one refused.
        await asyncio.to_thread(live.relay.cut)
        assert not live.a.ready()
        # Gone for several poll rounds and credential checks: nothing is sent, nothing is closed.
        await maya.silent(3.0)
        await ben.silent(0.1)
        # A new connection that needs the database to sign in is told to come back, not refused for good.
        async with socket(live.a.url) as late:
            await late.send({"type": "connection_init", "payload": bearer(cleo)})
            assert await late.closed(within_s=30) == (1013, "the database is unavailable; try again shortly")

        await asyncio.to_thread(live.relay.restore)
        await asyncio.to_thread(ready, live)
        role_id = await asyncio.to_thread(open_role, live, "acme", "Staff Engineer")
        told = opportunity(await maya.next_data("1", within_s=RECOVER_WITHIN_S))
        assert opportunity(await ben.next_data("1", within_s=RECOVER_WITHIN_S))["role"]["id"] == role_id

    assert told["role"]["id"] == role_id
    assert told["contact"] == {"name": "Ben Ode"}
