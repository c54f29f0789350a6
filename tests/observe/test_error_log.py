"""Expected failures (a coded database failure any caller can cause) are one log line; bugs keep their traceback.

Anyone can send a query that times out or runs out of memory, and every request of an outage fails
the same way: a traceback at ERROR for each would let any caller flood the error log and bury the bugs.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from dataclasses import replace

import pytest
import strawberry
from neo4j import Driver

from api.auth.viewer import Viewer
from api.gql.context import Context, Info
from api.gql.schema import CrosspathsSchema
from api.gql.steps import OperationSteps
from api.graph import Graph, open_driver
from api.settings import Neo4jTarget
from tests.conftest import free_port

# A billion rows to add up: runs for minutes, so a short transaction timeout always stops it.
SLOW = "UNWIND range(1, 1000000000) AS x RETURN sum(x) AS total"


@strawberry.type
class Probe:
    @strawberry.field
    async def slow(self, info: Info) -> int:
        rows = await info.context.graph.read(SLOW)
        return int(rows[0]["total"])

    @strawberry.field
    async def one(self, info: Info) -> int:
        rows = await info.context.graph.read("RETURN 1 AS one")
        return int(rows[0]["one"])

    @strawberry.field
    def broken(self) -> int:
        msg = "a bug"
        raise RuntimeError(msg)


SCHEMA = CrosspathsSchema(query=Probe, extensions=[OperationSteps])
ADMIN = Viewer(None, is_admin=True)  # the Probe's fields are not public


@pytest.fixture
async def graph(target: Neo4jTarget, db: Driver) -> AsyncIterator[Graph]:
    assert db is not None
    async with open_driver(target) as driver:
        yield Graph(driver, target.database, timeout_s=0.2)


async def run(query: str, graph: Graph, request_id: str) -> str:
    """The code of the one error the query answers."""
    context = Context(request=None, graph=graph, viewer=ADMIN, production=True, request_id=request_id)
    result = await SCHEMA.execute(query, context_value=context)
    assert result.errors is not None
    [error] = result.errors
    code: str = (error.extensions or {})["code"]
    return code


def logged(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "crosspaths.graphql"]


async def test_a_query_timeout_is_one_warning_line_without_a_traceback(
    graph: Graph, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG, logger="crosspaths.graphql"):
        assert await run("{ slow }", graph, "req-slow-0001") == "QUERY_TIMEOUT"
    [record] = logged(caplog)
    assert record.levelno == logging.WARNING
    assert record.exc_info is None
    assert record.request_id == "req-slow-0001"  # type: ignore[attr-defined]  # passed in `extra`
    message = record.getMessage()
    assert "\n" not in message
    assert message.startswith("QUERY_TIMEOUT in ['slow'] (request id req-slow-0001): Neo.ClientError.Transaction.")


async def test_an_unreachable_database_is_one_warning_line_per_request(
    target: Neo4jTarget, caplog: pytest.LogCaptureFixture
) -> None:
    nowhere = replace(target, uri=f"bolt://127.0.0.1:{free_port()}")
    async with open_driver(nowhere, retry_s=1.0) as driver:
        with caplog.at_level(logging.DEBUG, logger="crosspaths.graphql"):
            assert await run("{ one }", Graph(driver, nowhere.database), "req-down-0001") == "DATABASE_UNAVAILABLE"
    [record] = logged(caplog)
    assert (record.levelno, record.exc_info) == (logging.WARNING, None)
    assert record.getMessage().startswith("DATABASE_UNAVAILABLE in ['one'] (request id req-down-0001): ")


async def test_a_bug_is_still_an_error_with_its_traceback(graph: Graph, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="crosspaths.graphql"):
        assert await run("{ broken }", graph, "req-bug-0001") == "INTERNAL_SERVER_ERROR"
    [record] = logged(caplog)
    assert record.levelno == logging.ERROR
    assert record.exc_info is not None
    assert isinstance(record.exc_info[1], RuntimeError)
    assert "req-bug-0001" in record.getMessage()
