"""The graph layer's tests call it directly, through an async Graph on the session's Neo4j."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from neo4j import Driver

from api.graph import Graph, open_driver
from api.settings import Neo4jTarget


@pytest.fixture
async def graph(target: Neo4jTarget, db: Driver) -> AsyncIterator[Graph]:
    """A Graph with the app's defaults (10 s of retries for transient errors), on the schema `db` migrated.

    Migrated first, so the labels exist and no "unknown label" notification joins the ones tests expect.
    """
    assert db is not None
    async with open_driver(target) as driver:
        yield Graph(driver, target.database)
