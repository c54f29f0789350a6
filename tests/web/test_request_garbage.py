"""What a request makes goes when it ends: nothing of ours waits for the garbage collector.

Objects in a reference cycle are freed only by a collection, which walks every one of them: a
request that leaves its context, executor and HTTP request in a cycle makes the young collections
run more often and cost more (docs/benchmarks.md). The driver's own result objects still form one.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from neo4j import Driver

from api.gql.context import Context
from api.gql.execution import LeanExecutionContext
from api.gql.ids import to_global_id
from tests.conftest import Api

PROFILE = """query Profile($id: ID!) { node(id: $id) { ... on Person { id name
  connections(first: 5) { edges { node { id name } } } } } }"""


@pytest.fixture
def collector_off() -> Iterator[None]:
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _left(*kinds: type) -> list[object]:
    return [found for found in gc.get_objects() if isinstance(found, kinds)]


@pytest.mark.usefixtures("collector_off")
def test_an_operation_leaves_no_context_or_executor_to_the_collector(api: Api, db: Driver) -> None:
    # Alive before this test's requests and after a collection, so reachable from something an earlier
    # test in this worker left running: not this test's. Held here, so no new object can reuse their ids.
    earlier = _left(Context, LeanExecutionContext)
    known = {id(found) for found in earlier}
    db.execute_query("CREATE (:Person {id: 'g1', name: 'Ada'})-[:KNOWS]->(:Person {id: 'g2', name: 'Bo'})")
    person = api.as_person(to_global_id("Person", "g1"))
    answer = person.data(PROFILE, {"id": to_global_id("Person", "g1")})
    assert answer["node"]["connections"]["edges"] == [{"node": {"id": to_global_id("Person", "g2"), "name": "Bo"}}]
    assert api.as_viewer(None).data("{ __typename }") == {"__typename": "Query"}
    assert [found for found in _left(Context, LeanExecutionContext) if id(found) not in known] == []
