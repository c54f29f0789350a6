"""An async Graph on the session's Neo4j, with the network queries planned up front (as the app does).

Both it and the app the GraphQL tests call wait as long for a query as start-up planning may take.
These tests check answers, not latency: each world loaded changes the statistics the plans were
made with, and the worlds' short ids are planned apart from the app's UUIDs, so Neo4j plans these
long statements anew mid-test, which on a busy 2-core machine can take longer than the app's
query timeout.
"""

from __future__ import annotations

import random
from collections.abc import AsyncIterator, Sequence
from typing import Any

import pytest
from neo4j import Driver

from api.gql.ids import NodeType, to_global_id
from api.graph import Graph, network, open_driver
from api.graph.interview_value import CompanyValue
from api.graph.network import OpportunityRow
from api.settings import Neo4jTarget
from tests.conftest import Api
from tests.network.generators import random_world
from tests.network.world import World, load

# Who is who in the worlds of the HTTP tests here, by id: one cast, so a name reads the same in every file.
CAST = {
    "me": "Mo Reyes",
    "ana": "Ana Lima",
    "bo": "Bo Chen",
    "cy": "Cy Park",
    "dee": "Dee Ortiz",
    "eve": "Eve Ng",
    "fay": "Fay Ito",
    "hal": "Hal Berg",
    "kim": "Kim Ito",
    "rita": "Rita Gomez",
    "sam": "Sam Hill",
    "yu": "Yu Sato",
    "zoe": "Zoe Park",
    "cand1": "Cal Dune",
    "cand2": "Cy Moss",
    "cand4": "Cora Vale",
    "globex": "Globex",
    "hooli": "Hooli",
    "initech": "Initech",
    "staffco": "Staffco",
    "umbrella": "Umbrella",
}


def gid(key: str, node_type: NodeType = "Person") -> str:
    """The global ID of a world's node."""
    return to_global_id(node_type, key)


def as_(api: Api, person: str) -> Api:
    """The app, asked by a world's person (not an admin)."""
    return api.as_viewer(api.token_for(person))


def codes(body: dict[str, Any]) -> list[str]:
    """The error codes of a GraphQL response, in order ([] when it has no errors)."""
    return [error["extensions"]["code"] for error in body.get("errors") or []]


def loaded(db: Driver, shape: str, seed: int) -> tuple[World, random.Random]:
    """The random world of this shape and seed, as the whole graph, and a generator seeded alike to choose in it."""
    world = random_world(shape, seed)
    load(db, world)
    return world, random.Random(seed)  # noqa: S311 - reproducible choice, not secrets


def ranked(page: Sequence[OpportunityRow]) -> list[tuple[str, str, float]]:
    """A page of opportunities as the oracle's ranking lists pairs: (role, contact, score), in order."""
    return [(row["roleId"], row["contactId"], row["score"]) for row in page]


def pairs(page: Sequence[OpportunityRow]) -> list[tuple[str, str]]:
    """A page of opportunities as (role, contact) pairs, in order: the ranking without the scores."""
    return [(row["roleId"], row["contactId"]) for row in page]


def in_order(value: CompanyValue) -> list[OpportunityRow]:
    """An interview value's page of new opportunities in ranking order (the statement gives each its position)."""
    return [entry["row"] for entry in sorted(value["page"], key=lambda entry: entry["at"])]


@pytest.fixture(scope="session")
async def graph(target: Neo4jTarget, db: Driver) -> AsyncIterator[Graph]:  # noqa: ARG001 - db migrates the schema first
    async with open_driver(target) as driver:
        graph = Graph(driver, target.database, timeout_s=network.PLANNING_TIMEOUT_S)
        await network.plan_ahead(graph)
        yield graph


@pytest.fixture
def api(api: Api, monkeypatch: pytest.MonkeyPatch) -> Api:
    """The session's app, its queries under the planning timeout for this test (see above)."""
    monkeypatch.setattr(api.http.app.state.graph, "timeout_s", network.PLANNING_TIMEOUT_S)  # type: ignore[attr-defined]
    return api
