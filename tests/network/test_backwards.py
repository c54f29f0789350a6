"""The network connections page backwards: from the end, page by page, the forward list reversed, as the oracle has it.

Over GraphQL, as an admin (who sees every link), on random worlds: opportunities (ranked as the
oracle ranks them), encounters and mutual connections (as the oracle's sets, in the API's order).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from neo4j import Driver

from api.gql.ids import from_global_id, to_global_id
from tests.conftest import Api
from tests.network.generators import CASES, random_world
from tests.network.oracle import Oracle, Viewer
from tests.network.world import load

PAGE = "totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { %s } }"
ARGUMENTS = "first: $first, after: $after, last: $last, before: $before"
DECLARED = "$id: ID!, $first: Int, $after: String, $last: Int, $before: String"
FIELDS = {
    "opportunities": (
        f"opportunities(maxHops: 2, {ARGUMENTS})",
        "score role { id } contact { id }",
    ),
    "encounters": (f"encounters({ARGUMENTS})", "kind on person { id }"),
    "mutualConnections": (f"mutualConnections(otherId: $other, {ARGUMENTS})", "id name"),
}
WORLDS = [case for case in CASES if case[1] == 0 and case[0] in {"dense", "big_employer", "panels"}]


def key(global_id: str) -> str:
    decoded = from_global_id(global_id)
    assert decoded is not None
    return decoded[1]


def walk(api: Api, field: str, variables: dict[str, Any], **direction: int) -> list[dict[str, Any]]:
    """Every page of the field, `first` (following endCursor) or `last` (following startCursor) at a time."""
    call, node = FIELDS[field]
    other = ", $other: ID!" if field == "mutualConnections" else ""
    query = f"query({DECLARED}{other}) {{ node(id: $id) {{ ... on Person {{ {call} {{ {PAGE % node} }} }} }} }}"
    forwards = "first" in direction
    pages: list[dict[str, Any]] = []
    cursor = None
    while True:
        moved = {"after": cursor} if forwards else {"before": cursor}
        page = api.data(query, {**variables, **direction, **moved})["node"][field]
        pages.append(page)
        info = page["pageInfo"]
        if not (info["hasNextPage"] if forwards else info["hasPreviousPage"]):
            return pages
        cursor = info["endCursor"] if forwards else info["startCursor"]


def assert_backwards_is_forwards_reversed(api: Api, field: str, variables: dict[str, Any]) -> list[dict[str, Any]]:
    """The whole list read forwards in pages of 3 and backwards in pages of 3: the same edges, cursors included."""
    forwards = walk(api, field, variables, first=3)
    backwards = walk(api, field, variables, last=3)
    edges = [edge for page in forwards for edge in page["edges"]]
    assert [edge for page in reversed(backwards) for edge in page["edges"]] == edges
    total = len(edges)
    assert {page["totalCount"] for page in forwards + backwards} == {total}
    # Backwards, pages are cut from the end: the one read last holds what is left over.
    assert [len(page["edges"]) for page in backwards] == [3] * (len(backwards) - 1) + [total - 3 * (len(backwards) - 1)]
    assert [page["pageInfo"]["hasNextPage"] for page in backwards] == [False] + [True] * (len(backwards) - 1)
    assert [page["pageInfo"]["hasPreviousPage"] for page in forwards] == [False] + [True] * (len(forwards) - 1)
    return edges


@pytest.mark.parametrize(("shape", "seed"), WORLDS)
def test_every_network_connection_pages_backwards(api: Api, db: Driver, shape: str, seed: int) -> None:
    world = random_world(shape, seed)
    load(db, world)
    # Over HTTP the API's "today" is the real one (UTC), so the oracle's is too.
    oracle = Oracle(world, datetime.now(UTC).date(), viewer=Viewer(None, admin=True))
    me = max(world.people, key=lambda person: len(oracle.ranking(person, 2)))
    other = max((p for p in world.people if p != me), key=lambda person: len(oracle.mutual_connections(me, person)))
    variables = {"id": to_global_id("Person", me), "other": to_global_id("Person", other)}

    ranked = assert_backwards_is_forwards_reversed(api, "opportunities", variables)
    assert [(key(e["node"]["role"]["id"]), key(e["node"]["contact"]["id"]), e["node"]["score"]) for e in ranked] == (
        oracle.ranking(me, 2)
    )
    assert len(ranked) > 6, "a world with several pages of opportunities"

    met = assert_backwards_is_forwards_reversed(api, "encounters", variables)
    assert len(met) > 3
    assert {(key(e["node"]["person"]["id"]), e["node"]["kind"], e["node"]["on"]) for e in met} == {
        (person, kind, None if on is None else on.isoformat()) for person, kind, on in oracle.encounters(me)
    }

    mutual = assert_backwards_is_forwards_reversed(api, "mutualConnections", variables)
    assert [key(e["node"]["id"]) for e in mutual] == sorted(
        oracle.mutual_connections(me, other), key=lambda person: (world.names.get(person, f"Person {person}"), person)
    )
