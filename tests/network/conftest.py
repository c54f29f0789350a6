"""An async Graph on the session's Neo4j, with the network queries planned up front (as the app does).

Both it and the app the GraphQL tests call wait as long for a query as start-up planning may take.
These tests check answers, not latency: each world loaded changes the statistics the plans were
made with, and the worlds' short ids are planned apart from the app's UUIDs, so Neo4j plans these
long statements anew mid-test, which on a busy 2-core machine can take longer than the app's
query timeout.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from neo4j import Driver

from api.graph import Graph, network, open_driver
from api.settings import Neo4jTarget
from tests.conftest import Api


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
