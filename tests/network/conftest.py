"""An async Graph on the session's Neo4j, with the network queries planned up front (as the app does)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from neo4j import Driver

from api.graph import Graph, network, open_driver
from api.settings import Neo4jTarget


@pytest.fixture(scope="session")
async def graph(target: Neo4jTarget, db: Driver) -> AsyncIterator[Graph]:  # noqa: ARG001 - db migrates the schema first
    async with open_driver(target) as driver:
        graph = Graph(driver, target.database)
        await network.plan_ahead(graph)
        yield graph
