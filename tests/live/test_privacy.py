"""A subscriber is told of exactly the roles their own `opportunities` shows: the encounter-sharing rule holds."""

from __future__ import annotations

import asyncio
from typing import Any

from tests.live.arrange import QUIET_S, opportunity
from tests.live.client import bearer, socket
from tests.live.conftest import Cluster

# Maya knows Ben. Ben met Cleo at one interview and Dan at another. Cleo works at Acme, Dan at Globex.
# Ben and Cleo share their encounters; Dan and Maya do not. So for Maya, Ben-Cleo is a link and Ben-Dan
# is not (Dan does not share); for Ben, both are his own encounters; for an admin, every one is a link.
NETWORK = """
CREATE (maya:Person {id: 'maya', name: 'Maya Chen', sharesEncounters: false}),
       (ben:Person {id: 'ben', name: 'Ben Ode', sharesEncounters: true}),
       (cleo:Person {id: 'cleo', name: 'Cleo Ruiz', sharesEncounters: true}),
       (dan:Person {id: 'dan', name: 'Dan Berg', sharesEncounters: false}),
       (acme:Company {id: 'acme', name: 'Acme', nameKey: 'acme'}),
       (globex:Company {id: 'globex', name: 'Globex', nameKey: 'globex'}),
       (maya)-[:KNOWS {since: date('2024-01-01')}]->(ben),
       (cleo)-[:WORKS_AT {key: 'c', startedOn: date('2021-01-01'), title: 'Engineer'}]->(acme),
       (dan)-[:WORKS_AT {key: 'd', startedOn: date('2021-01-01'), title: 'Engineer'}]->(globex),
       (ben)-[:CANDIDATE_IN]->(i1:Interview {id: 'i1', date: date('2025-03-01')})<-[:INTERVIEWER_IN]-(cleo),
       (i1)-[:WITH]->(acme),
       (ben)-[:CANDIDATE_IN]->(i2:Interview {id: 'i2', date: date('2025-04-01')})<-[:INTERVIEWER_IN]-(dan),
       (i2)-[:WITH]->(globex)
"""
OPEN_BOTH = """
MATCH (acme:Company {id: 'acme'}), (globex:Company {id: 'globex'})
CREATE (:Role {id: 'at-acme', title: 'Acme Engineer', status: 'OPEN', postedOn: date(), openedAt: datetime()})
       -[:AT]->(acme),
       (:Role {id: 'at-globex', title: 'Globex Engineer', status: 'OPEN', postedOn: date(), openedAt: datetime()})
       -[:AT]->(globex)
"""
OPPORTUNITIES = """
{ viewer { opportunities(maxHops: 2, first: 100) { edges { node {
  hops score reasons role { id title status company { name } } contact { name }
  paths { steps { from { name } to { name } kind } } } } } } }
"""


def best_by_role(live: Cluster, token: str) -> dict[str, dict[str, Any]]:
    """Each role's first (best) entry in the viewer's own `opportunities`, asked over HTTP."""
    edges = live.b.data(token, OPPORTUNITIES)["viewer"]["opportunities"]["edges"]
    best: dict[str, dict[str, Any]] = {}
    for edge in edges:
        best.setdefault(edge["node"]["role"]["title"], edge["node"])
    return best


async def told(socket_: Any, count: int) -> dict[str, dict[str, Any]]:
    messages = [opportunity(await socket_.next_data("1")) for _ in range(count)]
    return {message["role"]["title"]: message for message in messages}


async def test_each_subscriber_is_told_what_their_own_opportunities_show(live: Cluster) -> None:
    live.db.execute_query(NETWORK)
    maya, ben, admin_maya = live.token("maya"), live.token("ben"), live.token("maya", admin=True)
    async with socket(live.a.url) as as_maya, socket(live.a.url) as as_ben, socket(live.b.url) as as_admin:
        for connection, token in ((as_maya, maya), (as_ben, ben), (as_admin, admin_maya)):
            await connection.init(bearer(token))
            await connection.subscribe("1", maxHops=2)
        await as_maya.silent(1.0)
        live.db.execute_query(OPEN_BOTH)
        heard = {"maya": await told(as_maya, 1), "ben": await told(as_ben, 2), "admin": await told(as_admin, 2)}
        await asyncio.gather(*(each.silent(QUIET_S) for each in (as_maya, as_ben, as_admin)))  # and nothing more

    # Maya reaches Cleo through Ben's interview (both share) but not Dan (he does not).
    assert heard["maya"] == best_by_role(live, maya)
    assert set(heard["maya"]) == {"Acme Engineer"}
    assert heard["maya"]["Acme Engineer"]["paths"][0]["steps"][1] == {
        "from": {"name": "Ben Ode"},
        "to": {"name": "Cleo Ruiz"},
        "kind": "MET_AT_INTERVIEW",
    }
    # Ben took both interviews; an admin sees every interview encounter, as their `opportunities` does.
    assert heard["ben"] == best_by_role(live, ben)
    assert heard["admin"] == best_by_role(live, admin_maya)
    assert set(heard["admin"]) == {"Acme Engineer", "Globex Engineer"}
