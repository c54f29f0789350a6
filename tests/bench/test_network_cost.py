"""`crosspaths bench network` asks interviewValue as the app does, and counts the requests that fail.

The CLI test (test_bench_cli.py) runs the whole scenario; these check what its interviewValue rows
stand for, on seed synth's graph at 60 people: the statement and parameters the app sends when the
person asks over GraphQL (a client weighing one invitation), at sampled companies and at the largest
employer.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any, LiteralString

import pytest

from api.auth.keys import JwtKeys
from api.bench.sample import Sample, draw
from api.bench.statement_cost import (
    AT_LARGEST_EMPLOYER,
    INTERVIEW,
    INTERVIEW_HOPS,
    LARGEST_EMPLOYER_HOPS,
    Asked,
    ask,
    asked,
    largest_employer,
    network_table,
    summarise,
)
from api.bench.under_load import seed_synth
from api.gql.ids import to_global_id
from api.graph import Graph, interview_value, network, open_driver

if TYPE_CHECKING:
    from collections.abc import AsyncIterator
    from pathlib import Path

    from neo4j import Driver
    from rich.table import Table

    from api.graph.runner import Row
    from api.settings import Neo4jTarget, Settings
    from tests.conftest import Api

PEOPLE = 60
SAMPLE = 3

VALUE = """
query($id: ID!, $companyId: ID!, $maxHops: Int) {
  node(id: $id) { ... on Person {
    interviewValue(companyId: $companyId, maxHops: $maxHops) {
      newPeople { within1 withinMaxHops }
      before { people openRoles companies }
      after { people openRoles companies }
      newCompanies { id }
      newOpportunities(first: 20) { totalCount edges { node { hops score role { id } contact { id } } } }
    }
  } }
}
"""


@pytest.fixture
async def graph(target: Neo4jTarget, db: Driver, tmp_path: Path) -> AsyncIterator[Graph]:  # noqa: ARG001 - db migrates the schema first
    """seed synth's graph of PEOPLE, as `bench network --people 60` seeds it."""
    async with open_driver(target) as driver:
        graph = Graph(driver, target.database, timeout_s=network.PLANNING_TIMEOUT_S)
        await seed_synth(graph, tmp_path, people=PEOPLE, seed=1)
        yield graph


@pytest.fixture
async def sample(graph: Graph, settings: Settings) -> Sample:
    return await draw(graph, JwtKeys.from_settings(settings), size=SAMPLE, seed=1)


def interviews(requests: list[Asked]) -> list[Asked]:
    return [request for request in requests if request.statement in (INTERVIEW, AT_LARGEST_EMPLOYER)]


async def test_interview_value_is_the_apps_statement_with_the_apps_parameters(
    graph: Graph, sample: Sample, api: Api, db: Driver, monkeypatch: pytest.MonkeyPatch
) -> None:
    largest = await largest_employer(graph)
    requests = interviews(asked(sample, largest))

    # Each sampled person at their sampled company (companies with open roles), then at the largest employer.
    assert len(sample.companies) == SAMPLE
    assert [(r.statement, r.person, r.company) for r in requests] == [
        *((INTERVIEW, person, company) for person, company in zip(sample.people, sample.companies, strict=True)),
        *((AT_LARGEST_EMPLOYER, person, largest) for person in sample.people),
    ]
    positions = db.execute_query(
        "MATCH (c:Company) RETURN c.id AS id, COUNT { (c)<-[:WORKS_AT]-(:Person) } AS positions"
    ).records
    most = max(record["positions"] for record in positions)
    assert [record["id"] for record in positions if record["positions"] == most] == [largest]
    assert most > PEOPLE / 10, "seed synth's graphs have one big employer"

    # What the app sends Neo4j when the person asks over GraphQL, recorded on its way (Neo4j still answers).
    app_graph = api.http.app.state.graph  # type: ignore[attr-defined]
    sent: list[tuple[str, dict[str, Any]]] = []

    async def recorded(cypher: LiteralString, **parameters: Any) -> list[Row]:
        sent.append((cypher, parameters))
        return await Graph.read_for_response(app_graph, cypher, **parameters)

    monkeypatch.setattr(app_graph, "read_for_response", recorded)
    monkeypatch.setattr(app_graph, "timeout_s", network.PLANNING_TIMEOUT_S)
    for request in requests:
        assert (await ask(graph, request, pid=None, profile=False)).error is None  # the bench's request answers
        hops = LARGEST_EMPLOYER_HOPS if request.statement == AT_LARGEST_EMPLOYER else INTERVIEW_HOPS
        variables = {
            "id": to_global_id("Person", request.person),
            "companyId": to_global_id("Company", request.company or ""),
            "maxHops": hops,
        }
        sent.clear()
        got = api.as_viewer(api.token_for(request.person)).data(VALUE, variables)["node"]["interviewValue"]
        assert got is not None
        [(cypher, parameters)] = [(cypher, parameters) for cypher, parameters in sent if "ask" in parameters]
        assert request.cypher is cypher is interview_value.INTERVIEW_VALUE
        assert request.parameters == parameters, request


def rows(table: Table) -> list[list[str]]:
    """The table's cells, row by row."""
    cells = [list(column.cells) for column in table.columns]
    return [[str(column[at]) if at < len(column) else "" for column in cells] for at in range(table.row_count)]


async def test_a_failed_interview_value_is_counted_and_named_and_left_out_of_the_times(
    graph: Graph, sample: Sample
) -> None:
    requests = interviews(asked(sample, await largest_employer(graph)))
    # Neo4j refuses a statement without one of its parameters: a failure as real as one over the memory cap.
    broken = requests[0]
    requests[0] = Asked(
        broken.statement,
        broken.person,
        broken.cypher,
        {key: value for key, value in broken.parameters.items() if key != "personId"},
        broken.company,
    )

    answers = [await ask(graph, request, pid=None, profile=False) for request in requests]

    assert [answer.error for answer in answers] == ["Neo.ClientError.Statement.ParameterMissing"] + [None] * (
        len(requests) - 1
    )
    summary = {row.statement: row for row in summarise(answers)}
    assert [(s.statement, s.requests, s.failed) for s in summary.values()] == [
        (INTERVIEW, SAMPLE, 1),
        (AT_LARGEST_EMPLOYER, SAMPLE, 0),
    ]
    walls = [answer.wall_ms for answer in answers[1:SAMPLE]]  # the two that answered: nearest ranks of two
    assert summary[INTERVIEW].wall_ms == {"median": min(walls), "p99": max(walls)}
    report = {
        "graph": {"people": PEOPLE, "largestEmployers": []},
        "machine": {"load_at_start": []},
        "load_at_end": [],
        "summary": [asdict(s) for s in summary.values()],
        "answers": [asdict(answer) for answer in answers],
    }
    table = rows(network_table(report))
    assert table[0][:3] == [INTERVIEW, str(SAMPLE), "1"]
    assert [INTERVIEW, broken.person, "Neo.ClientError.Statement.ParameterMissing"] in [row[:3] for row in table]
