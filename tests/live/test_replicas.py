"""opportunityOpened across two replicas on one Neo4j, with no broker: a real client on real servers."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from tests.live.arrange import NETWORK, QUIET_S, SET_STATUS, open_role, opportunity
from tests.live.client import Socket, bearer, socket
from tests.live.conftest import POLL_S, Cluster


@contextlib.asynccontextmanager
async def across_replicas(live: Cluster, other: str) -> AsyncIterator[tuple[Socket, Socket]]:
    """Maya following her opportunities through replica a ("maya"), `other` theirs within 1 hop through b (`other`)."""
    async with socket(live.a.url) as maya, socket(live.b.url) as them:
        await maya.init(bearer(live.token("maya")))
        await maya.subscribe("maya")
        await them.init(bearer(live.token(other)))
        await them.subscribe(other, maxHops=1)
        await maya.silent(3 * POLL_S)  # subscribed and following before a role opens
        yield maya, them


async def test_a_role_opened_through_one_replica_reaches_the_subscriber_on_the_other_once(live: Cluster) -> None:
    live.db.execute_query(NETWORK)
    async with socket(live.a.url) as maya:
        await maya.init(bearer(live.token("maya")))
        await maya.subscribe("1", maxHops=2)
        await maya.silent(3 * POLL_S)  # subscribed and following before the role opens

        role_id = open_role(live, "acme", "Staff Engineer")
        message = opportunity(await maya.next_data("1"))
        await maya.silent(QUIET_S)

    # Ben and Cleo both work at Acme: the one message names the best contact, as `opportunities` ranks them.
    assert message["role"] == {"id": role_id, "title": "Staff Engineer", "status": "OPEN", "company": {"name": "Acme"}}
    assert message["contact"] == {"name": "Ben Ode"}
    assert message["hops"] == 1
    assert message["reasons"] == [
        "You know Ben Ode (connected on 2024-01-01)",
        "Ben works at Acme",
        "Opened after you met",  # posted today
    ]
    step = {"from": {"name": "Maya Chen"}, "to": {"name": "Ben Ode"}, "kind": "KNOWS"}
    assert message["paths"] == [{"steps": [step]}]
    best = live.a.data(
        live.token("maya"),
        "{ viewer { opportunities(first: 1) { edges { node { score contact { name } role { id } } } } } }",
    )["viewer"]["opportunities"]["edges"][0]["node"]
    assert best == {"score": message["score"], "contact": {"name": "Ben Ode"}, "role": {"id": role_id}}


async def test_a_role_out_of_reach_sends_nothing(live: Cluster) -> None:
    live.db.execute_query(NETWORK)
    async with across_replicas(live, "ben") as (maya, ben):
        open_role(live, "zeta", "Founding Engineer", through="a")
        await maya.silent(QUIET_S)
        await ben.silent(POLL_S)


async def test_each_replica_tells_its_own_subscribers_and_a_reopening_is_news(live: Cluster) -> None:
    live.db.execute_query(NETWORK)
    async with across_replicas(live, "cleo") as (maya, cleo):
        role_id = open_role(live, "acme", "Data Engineer", through="a")
        assert opportunity(await maya.next_data("maya"))["role"]["id"] == role_id
        # Cleo works at Acme herself; Ben, one hop away, is her contact.
        assert opportunity(await cleo.next_data("cleo"))["contact"] == {"name": "Ben Ode"}

        closed = live.b.data(live.admin, SET_STATUS, {"id": role_id, "status": "FILLED"})
        assert closed["setRoleStatus"]["role"] == {"status": "FILLED"}
        await maya.silent(QUIET_S)  # closing is no news

        live.a.data(live.admin, SET_STATUS, {"id": role_id, "status": "OPEN"})
        again = opportunity(await maya.next_data("maya"))
        live.b.data(live.admin, SET_STATUS, {"id": role_id, "status": "OPEN"})  # already open: nothing moves
        await maya.silent(QUIET_S)
        assert opportunity(await cleo.next_data("cleo"))["role"]["id"] == role_id

    assert again["role"] == {"id": role_id, "title": "Data Engineer", "status": "OPEN", "company": {"name": "Acme"}}
