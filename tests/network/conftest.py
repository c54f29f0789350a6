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
        # These tests check answers, not latency. Each world loaded changes the statistics the plans
        # were made with, so some queries are planned anew mid-test, which on a busy 2-core machine
        # can take longer than the app's query timeout.
        graph = Graph(driver, target.database, timeout_s=network.PLANNING_TIMEOUT_S)
        await network.plan_ahead(graph)
        yield graph
