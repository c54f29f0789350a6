"""An async Graph on the session's Neo4j, with the network queries planned once up front."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date

import pytest
from neo4j import Driver

from api.graph import Graph, network, open_driver
from api.settings import Neo4jTarget

# The BFS queries are long; planning them on a cold JVM can take seconds on a busy machine,
# which would count against the first test's transaction timeout. Plans are cached afterwards.
# EXPLAIN only caches a plan when every parameter has a value, hence the placeholders.
_PLANNED = (network.OPPORTUNITIES, network.PATHS_TO, network.DEGREE, network.SUGGESTIONS, network.ENCOUNTERS)
_PLACEHOLDERS = {
    "personId": "",
    "targetId": "",
    "otherId": "",
    "maxHops": 1,
    "k": 1,
    "kinds": [],
    "today": date(2025, 1, 1),
    "skip": 0,
    "limit": 1,
    "companyId": None,
    "titleContains": None,
    "remote": None,
}


@pytest.fixture(scope="session")
async def graph(target: Neo4jTarget, db: Driver) -> AsyncIterator[Graph]:  # noqa: ARG001 - db migrates the schema first
    async with open_driver(target) as driver:
        for cypher in _PLANNED:
            await driver.execute_query("EXPLAIN " + cypher, _PLACEHOLDERS, database_=target.database)
        yield Graph(driver, target.database)
