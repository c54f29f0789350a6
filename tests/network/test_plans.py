"""How the network statements are planned: what must not depend on Neo4j's statistics at the time."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import date
from typing import Any, LiteralString

import pytest
from neo4j import Driver, ResultSummary

from api.graph import Graph, interview_value, network

# Ways into the graph other than a unique key: fine for reports over everything, never for a
# person's neighbourhood, where they mean "every role" or "every person" once per row.
_SCANS = ("Scan", "NodeIndexSeek", "NodeIndexSeekByRange", "RelationshipIndexSeek")


def _operators(plan: dict[str, Any]) -> list[dict[str, Any]]:
    return [plan, *(operator for child in plan.get("children", []) for operator in _operators(child))]


STATEMENTS = network.planned_statements() + interview_value.planned_statements()


def _name(cypher: str) -> str:
    modules = (network, interview_value)
    return next(name for module in modules for name, value in vars(module).items() if value is cypher)


Explain = Callable[[str, dict[str, Any]], ResultSummary]


@pytest.fixture(scope="module")
def explain(db: Driver) -> Explain:
    """The summary of EXPLAIN for a statement, planned anew on the empty test graph, once for both
    tests here: planning each search takes seconds, and both read the same plan.

    `replan=force` plans it now whatever the cache holds, and leaves in the cache what the next module
    would make on this graph; every other plan stays (clearing them all cost the next module minutes).
    """
    summaries: dict[str, ResultSummary] = {}

    def explained(cypher: str, parameters: dict[str, Any]) -> ResultSummary:
        if cypher not in summaries:
            _, summaries[cypher], _ = db.execute_query("CYPHER replan=force EXPLAIN " + cypher, parameters)
        return summaries[cypher]

    return explained


@pytest.mark.parametrize(
    ("cypher", "parameters"),
    [pytest.param(cypher, parameters, id=_name(cypher)) for cypher, parameters in STATEMENTS],
)
def test_network_statements_start_only_from_unique_keys_whatever_the_statistics(
    explain: Explain, cypher: str, parameters: dict[str, Any]
) -> None:
    # A plan made while the statistics say the graph is empty (as they do just after a bulk write)
    # once started OPPORTUNITIES' role lookups from the Role(status) index and hash-joined every open
    # role once per contact: over 256 MiB of transaction memory for half the people asked, even at
    # 2 000 people. Planned on the empty test graph, every statement must walk from its people.
    summary = explain(cypher, parameters)

    assert summary.plan is not None
    scans = [
        f"{operator['operatorType']}: {operator['args'].get('Details')}"
        for operator in _operators(summary.plan)
        if any(kind in operator["operatorType"].split("@")[0] for kind in _SCANS)
    ]
    assert scans == []


@pytest.mark.parametrize(
    ("cypher", "parameters"),
    [pytest.param(cypher, parameters, id=_name(cypher)) for cypher, parameters in STATEMENTS],
)
def test_network_statements_draw_no_notification(explain: Explain, cypher: str, parameters: dict[str, Any]) -> None:
    # A cartesian product of two lookups, or a subquery variable shadowing an outer one, is a statement
    # worth fixing; each would be logged by the app. UNRECOGNIZED ones (a property no node has yet)
    # depend on the data, so this driver, like the app's (api/graph/runner.py), does not ask for them.
    summary = explain(cypher, parameters)

    assert [
        f"{status.gql_status} at {status.position}: {status.status_description}"
        for status in summary.gql_status_objects
        if status.is_notification
    ] == []


def _as_the_app_asks(parameters: dict[str, Any]) -> dict[str, Any]:
    """The planned parameters with ids like the app's people have (UUIDs), for people nobody has."""
    if "ask" in parameters:  # a statement's arguments as one map (network._one_map)
        return parameters | {"ask": _as_the_app_asks(parameters["ask"])}
    ids = ("personId", "targetId", "otherId", "viewerId")
    return parameters | {key: str(uuid.uuid4()) for key in ids if isinstance(parameters.get(key), str)}


def _plans_cleared(db: Driver) -> int:
    records, _, _ = db.execute_query("CALL db.clearQueryCaches()")
    cleared = re.search(r"of (\d+) quer", records[0][0])
    assert cleared is not None, records[0][0]
    return int(cleared.group(1))


async def test_requests_after_plan_ahead_plan_nothing_anew(db: Driver, graph: Graph) -> None:
    # plan_ahead plans at start-up and after imports so that no request plans a long statement on its
    # own clock. It once EXPLAINed them, and Neo4j caches an EXPLAIN's plan apart from a run's: every
    # first request planned again, for up to a second or more each. What db.clearQueryCaches() clears
    # counts the plans: one per statement, whether plan_ahead or the requests made it.
    db.execute_query("CALL db.clearQueryCaches()")
    await network.plan_ahead(graph, interview_value.planned_statements())
    for cypher, parameters in STATEMENTS:
        await graph.read(cypher, **_as_the_app_asks(parameters))

    assert _plans_cleared(db) == len(STATEMENTS)


async def test_filters_and_short_ids_use_the_plan_made_ahead(db: Driver, graph: Graph) -> None:
    # Neo4j keys a plan on each parameter's type and on a string's or list's length class: before the
    # arguments rode in one map, the first `titleContains: "eng"`, `kinds: [KNOWS]`, `remote: true` or
    # a short id planned the whole search again (seconds) on that request's clock.
    db.execute_query("CALL db.clearQueryCaches()")
    await network.plan_ahead(graph, interview_value.planned_statements())
    day = date(2000, 1, 1)
    asked: list[tuple[LiteralString, dict[str, Any]]] = [
        (network.OPPORTUNITIES, network.opportunities_parameters("p1", max_hops=2, title_contains="eng", on=day)),
        (network.OPPORTUNITIES, network.opportunities_parameters("p2", max_hops=3, kinds=["KNOWS"], remote=True)),
        (network.OPPORTUNITIES, network.opportunities_parameters("a" * 200, max_hops=1, company_id="c", limit=5)),
        (network.OPPORTUNITIES, network.opportunities_parameters("p3", max_hops=2, role_ids=["r1", "r2", "r3"])),
        (network.PATHS_TO, network.paths_parameters("p1", "p2", max_hops=4, first=3, kinds=["WORKED_TOGETHER"])),
        (network.PATHS_TO, network.paths_parameters("p1", "p2", max_hops=6, first=1, shown=False)),
    ]
    for cypher, parameters in asked:
        await graph.read(cypher, **parameters)

    assert _plans_cleared(db) == len(STATEMENTS)
