"""A statement over Neo4j's transaction memory limit fails at once, as QUERY_TOO_LARGE, and is not retried.

The test database runs with db.memory.transaction.max=256m (api/localdb/launcher.py).
"""

from __future__ import annotations

import logging

import pytest
import strawberry
from neo4j.exceptions import Neo4jError

from api.auth.viewer import Viewer
from api.gql.context import Context, Info
from api.gql.steps import OperationSteps
from api.graph import Graph
from api.graph.runner import QueryTooLarge

# ~10 million integers in one list: well over 256 MiB of transaction memory.
TOO_LARGE = "UNWIND range(1, 10000000) AS x RETURN collect(x) AS xs"
RETRY_WARNING = "will be retried"  # what the driver logs before each retry of a transaction


async def test_a_statement_over_the_memory_limit_fails_once_as_query_too_large(
    graph: Graph, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="neo4j")
    with pytest.raises(QueryTooLarge, match=r"db\.memory\.transaction\.max") as raised:
        await graph.read(TOO_LARGE)
    assert isinstance(raised.value.__cause__, Neo4jError)
    assert raised.value.__cause__.code == "Neo.TransientError.General.MemoryPoolOutOfMemoryError"
    # The driver logs every retry before it sleeps (and retried this one 3-4 times before the fix);
    # elapsed time says less on a machine this busy: one attempt alone has taken 9 s.
    assert [record.getMessage() for record in caplog.records if RETRY_WARNING in record.getMessage()] == []
    assert await graph.read("RETURN 1 AS one") == [{"one": 1}]  # the connection is fine afterwards


@strawberry.type
class Probe:
    @strawberry.field
    async def everything(self, info: Info) -> int:
        rows = await info.context.graph.read(TOO_LARGE)
        return len(rows[0]["xs"])


async def test_graphql_answers_query_too_large_with_a_message_saying_what_to_do(graph: Graph) -> None:
    # The app's steps (its error codes among them), over a field whose statement hits the limit for real.
    schema = strawberry.Schema(query=Probe, extensions=[OperationSteps])
    context = Context(request=None, graph=graph, viewer=Viewer(None, is_admin=True), production=True)
    result = await schema.execute("{ everything }", context_value=context)
    assert result.data is None
    assert result.errors is not None
    [error] = result.errors
    assert error.extensions == {"code": "QUERY_TOO_LARGE"}
    assert error.message == (
        "the query needed more database memory than one query may use; narrow it (fewer hops, smaller pages)"
    )
