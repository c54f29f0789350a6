"""Each network statement returns rows of exactly the TypedDict its function casts them to.

api.graph.network, interview_value and openings cast the driver's rows to TypedDicts without looking, so mypy
checks every key the API reads against the types; this test checks the types against what the statements
really return, on the demo graph, so a statement and its type cannot drift apart. Keys are compared
recursively through nested rows and lists: a row has every key its type requires and none it does not
declare (for a total TypedDict, exactly its keys), and each value is of the declared kind.
"""

from __future__ import annotations

from typing import Any, LiteralString

import pytest
from neo4j import Driver
from neo4j.time import DateTime

from api.graph import Graph, interview_value, network, openings
from api.graph.links import Viewpoint
from api.settings import Neo4jTarget
from tests.demo import DEMO_USER, load_demo
from tests.graph.row_types import rows_mismatches, rows_within
from tests.network.generators import TODAY

# The row type of every statement network.planned_statements() lists (the ones the API runs).
ROWS: dict[str, Any] = {
    network.OPPORTUNITIES: network.OpportunitiesResult,
    network.PATHS_TO: network.PathsResult,
    network.ENCOUNTERS: network.EncountersResult,
    network.MUTUAL_CONNECTIONS: network.MutualConnectionsResult,
    network.SUGGESTIONS: network.SuggestionRow,
    network.INTERVIEW_STATS: network.InterviewStatsResult,
}

# Maya, someone two KNOWS links away whom she does not know (a path's target, and someone she has
# mutual connections with), the open roles, companies (as many as an interviewValues compares) and a role
# with its company.
_PEOPLE = """
MATCH (me:Person {email: $email})-[:KNOWS]-(:Person)-[:KNOWS]-(other:Person)
WHERE other <> me AND NOT EXISTS { (me)-[:KNOWS]-(other) }
WITH me, other ORDER BY other.id LIMIT 1
MATCH (role:Role {status: 'OPEN'})-[:AT]->(company:Company) WITH me, other, role, company ORDER BY role.id LIMIT 1
RETURN me.id AS me, other.id AS other, COLLECT { MATCH (r:Role {status: 'OPEN'}) RETURN r.id } AS roles,
       COLLECT { MATCH (c:Company) RETURN c.id ORDER BY c.name LIMIT $companies } AS companies,
       role.id AS role, company.id AS company
"""


@pytest.fixture
def people(target: Neo4jTarget, db: Driver) -> dict[str, Any]:
    load_demo(target)
    records, _, _ = db.execute_query(_PEOPLE, email=DEMO_USER, companies=interview_value.MAX_COMPANIES)
    return dict(records[0])


def parameters(planned: dict[str, Any], people: dict[str, Any]) -> dict[str, Any]:
    """The parameters a statement was planned with, for the demo's people instead of nobody: every row type shows."""
    if "ask" in planned:  # a statement's arguments as one map (network._one_map)
        return planned | {"ask": parameters(planned["ask"], people)}
    real = {"personId": people["me"], "otherId": people["other"], "among": {"roleIds": people["roles"]}}
    if planned.get("targetId") is not None:
        real["targetId"] = people["other"]
    wide = {"maxHops": 3, "skip": 0, "limit": 1000, "today": TODAY, "viewerId": people["me"], "seesAllInterviews": True}
    return planned | {key: value for key, value in (real | wide).items() if key in planned}


async def assert_rows_of(graph: Graph, cypher: LiteralString, given: dict[str, Any], row: Any, seen: set[str]) -> None:
    """The statement's rows fit `row`, read either way: the API reads some statements with the driver's
    dates, some with Python's, and the types allow both."""
    for read in (graph.read, graph.read_for_response):
        rows = await read(cypher, **given)
        assert rows, f"no row from {cypher[:60]!r} for {given}"
        found = rows_mismatches(rows, row, seen)
        assert found == [], "\n".join(found[:10])


async def test_every_network_statement_returns_rows_of_its_type(graph: Graph, people: dict[str, Any]) -> None:
    seen: set[str] = set()
    planned = network.planned_statements()
    assert {cypher for cypher, _ in planned} == set(ROWS), "a statement without a row type in ROWS"
    for cypher, planned_parameters in planned:
        await assert_rows_of(graph, cypher, parameters(planned_parameters, people), ROWS[cypher], seen)
    # Every row type in them was met at least once, all its keys checked: no list was always empty.
    assert set().union(*map(rows_within, ROWS.values())) - seen == set()


async def test_the_interview_value_returns_rows_of_its_type(graph: Graph, people: dict[str, Any]) -> None:
    assert [cypher for cypher, _ in interview_value.planned_statements()] == [interview_value.INTERVIEW_VALUE]
    me, admin, everything = people["me"], Viewpoint(None, admin=True), [(0, 100)]
    asked = [
        # As many companies as it compares, 1 hop away: Maya's network reaches most of the demo within 2.
        interview_value.parameters(
            me, people["companies"], max_hops=1, windows=everything, new_companies=10, on=TODAY, viewer=admin
        ),
        # One company, with a role there.
        interview_value.parameters(
            me, [people["company"]], role_id=people["role"], windows=everything, on=TODAY, viewer=admin
        ),
    ]
    seen: set[str] = set()
    for given in asked:
        await assert_rows_of(graph, interview_value.INTERVIEW_VALUE, given, interview_value.InterviewValueResult, seen)
    assert rows_within(interview_value.InterviewValueResult) - seen == set()


async def test_openings_rows_are_of_their_type(graph: Graph, people: dict[str, Any]) -> None:  # noqa: ARG001 - loads the demo
    # As api.graph.openings reads them: the driver's DateTime keeps the nanoseconds an opening's key has.
    since = DateTime(2000, 1, 1).iso_format()
    rows = await graph.read_for_response(openings.OPENED_SINCE, since=since, known=[], limit=1000)
    assert rows, "the demo's open roles opened when they were imported"
    seen: set[str] = set()
    assert rows_mismatches(rows, openings.OpenedRow, seen) == []
    assert seen == {"OpenedRow"}
