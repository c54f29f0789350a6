"""The bounds on subscriptions (docs/security.md): per caller, messages per second, idle sockets."""

from __future__ import annotations

import asyncio

from tests.live.arrange import NETWORK, open_role, opportunity
from tests.live.client import bearer, socket
from tests.live.conftest import LIMITS, Cluster

PER_CALLER = int(LIMITS["CROSSPATHS_SUBSCRIPTIONS_PER_CALLER"])
RATE = float(LIMITS["CROSSPATHS_SUBSCRIPTION_MESSAGES_PER_SECOND"])
IDLE_S = float(LIMITS["CROSSPATHS_SUBSCRIPTION_IDLE_SECONDS"])
BURST = 5  # api.live.limits.LiveLimits.burst
# Roles opened by one write (so one poll round finds them all), each reachable by Maya through Ben at Acme.
OPEN_AT_ONCE = """
MATCH (acme:Company {id: 'acme'})
UNWIND range(1, $count) AS n
CREATE (:Role {id: 'burst-' + n, title: 'Engineer ' + n, status: 'OPEN', postedOn: date(), openedAt: datetime()})
       -[:AT]->(acme)
"""


async def test_a_caller_holds_at_most_the_bound_on_a_replica_and_others_are_not_held_back(live: Cluster) -> None:
    live.db.execute_query(NETWORK)
    assert PER_CALLER == 2
    async with socket(live.a.url) as first:
        await first.init(bearer(live.token("maya")))
        await first.subscribe("1")
        await first.subscribe("2")
        role_id = open_role(live, "acme", "Staff Engineer")  # both are followed once both are told
        told = [await first.receive() for _ in "12"]
        assert sorted(message["id"] for message in told) == ["1", "2"]
        assert {opportunity(message["payload"]["data"])["role"]["id"] for message in told} == {role_id}

        await first.subscribe("3")
        [refused] = await first.errors("3")
        assert refused["extensions"]["code"] == "TOO_MANY_SUBSCRIPTIONS"

        # Someone else is not held back by Maya's subscriptions.
        async with socket(live.a.url) as ben:
            await ben.init(bearer(live.token("ben")))
            await ben.subscribe("1")
            await ben.silent(1.0)

        # Another connection of the same person on the same replica counts against the same bound.
        async with socket(live.a.url) as second:
            await second.init(bearer(live.token("maya")))
            await second.subscribe("1")
            [refused] = await second.errors("1")
            assert refused["extensions"]["code"] == "TOO_MANY_SUBSCRIPTIONS"
            assert "at most 2 subscriptions" in refused["message"]

            # Completing one makes room again, once the server has ended it.
            await first.send({"id": "2", "type": "complete"})
            for attempt in range(20):
                await second.subscribe(f"again-{attempt}")
                open_role(live, "acme", f"Engineer {attempt}")  # told, once the subscription is followed
                message = await second.receive()
                if message["type"] == "next":
                    break
                assert message["payload"][0]["extensions"]["code"] == "TOO_MANY_SUBSCRIPTIONS", message
                await asyncio.sleep(0.2)
            else:
                raise AssertionError("the completed subscription never made room")
            assert message["id"] == f"again-{attempt}"


async def test_messages_leave_at_the_rate_after_a_burst_and_none_is_lost(live: Cluster) -> None:
    live.db.execute_query(NETWORK)
    count = BURST + 4
    async with socket(live.a.url) as maya:
        await maya.init(bearer(live.token("maya")))
        await maya.subscribe("1")
        await maya.silent(1.0)
        live.db.execute_query(OPEN_AT_ONCE, count=count)
        loop = asyncio.get_running_loop()
        arrivals: list[float] = []
        titles = set()
        for _ in range(count):
            titles.add(opportunity(await maya.next_data("1"))["role"]["title"])
            arrivals.append(loop.time())
    assert titles == {f"Engineer {n}" for n in range(1, count + 1)}
    # After the burst, one message per 1/RATE seconds: the last ones cannot come sooner, however fast the server.
    paced = count - BURST
    assert arrivals[-1] - arrivals[0] >= paced / RATE - 0.2, arrivals


async def test_a_socket_without_a_subscription_is_closed_when_idle(live: Cluster) -> None:
    live.db.execute_query(NETWORK)
    loop = asyncio.get_running_loop()
    async with socket(live.a.url) as idle, socket(live.a.url) as busy:
        started = loop.time()
        await idle.init(bearer(live.token("maya")))
        await busy.init(bearer(live.token("ben")))
        await busy.subscribe("1")
        code, reason = await idle.closed(within_s=IDLE_S + 5)
        assert loop.time() - started >= IDLE_S
        assert (code, reason) == (4408, f"idle: no subscription for {IDLE_S:g}s")

        # A socket with a subscription is not idle, however quiet; once it completes, the idle clock runs.
        role_id = open_role(live, "acme", "Staff Engineer")
        assert opportunity(await busy.next_data("1"))["role"]["id"] == role_id
        await busy.send({"id": "1", "type": "complete"})
        code, _ = await busy.closed(within_s=IDLE_S + 5)
        assert code == 4408
