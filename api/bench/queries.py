"""The latency scenarios: each GraphQL request over HTTP against the Cypher it stands for, run directly.

"Directly" is what a team writing Cypher by hand would do: the same statement and parameters
through the driver's execute_query, records back, nothing else (not even crosspaths' own Graph).
"""

from __future__ import annotations

import itertools
import time
from typing import TYPE_CHECKING, Any, LiteralString

from neo4j import RoutingControl

from api.bench.stats import GIVE_UP_AFTER, Result, Samples, alternate, compare
from api.gql.ids import to_global_id
from api.graph import network

if TYPE_CHECKING:
    from api.bench.server import Client
    from api.graph import Graph

OPPORTUNITIES = """query($id: ID!) { node(id: $id) { ... on Person {
  opportunities(maxHops: 2, first: 20) { totalCount edges { node { hops score role { id } contact { id }
  paths { steps { kind on } } } } } } } }"""
PATHS = """query($id: ID!, $to: ID!) { node(id: $id) { ... on Person {
  pathsTo(personId: $to, maxHops: 6, first: 3) { hops steps { kind on } } } } }"""
NESTED = """query($first: Int!) { people(first: $first) { edges { node {
  id name currentPositions { title startedOn company { id name } } } } } }"""

# What a team writing Cypher by hand would send for NESTED: the page ordered as the API orders it,
# each person's current positions newest first, with their company, all in one statement.
NESTED_CYPHER: LiteralString = """
MATCH (p:Person)
WITH p ORDER BY p.name, p.id LIMIT $first
RETURN p {.id, .name, currentPositions: COLLECT {
  MATCH (p)-[w:WORKS_AT]->(c:Company) WHERE w.endedOn IS NULL
  WITH w, c ORDER BY w.startedOn IS NULL, w.startedOn DESC, c.name, c.id
  RETURN {title: w.title, startedOn: w.startedOn, company: c {.id, .name}}
}} AS person
"""


class Pairs:
    """The people a scenario asks about, visited in the same order by both sides."""

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self.pairs = pairs
        self.ours = itertools.cycle(pairs)
        self.reference = itertools.cycle(pairs)


def _post(client: Client, query: str, variables: dict[str, Any]) -> object:
    return client.post(query, variables)


async def direct(graph: Graph, cypher: LiteralString, parameters: dict[str, Any]) -> object:
    """`cypher` through the driver alone: one managed read transaction, its records."""
    return await graph.driver.execute_query(cypher, parameters, routing_=RoutingControl.READ, database_=graph.database)


async def opportunities_vs_cypher(graph: Graph, client: Client, pairs: Pairs, *, warmup: int, runs: int) -> Result:
    """`opportunities(maxHops: 2)` over HTTP against network.OPPORTUNITIES through the driver alone."""

    async def ours() -> object:
        me, _ = next(pairs.ours)
        return _post(client, OPPORTUNITIES, {"id": to_global_id("Person", me)})

    async def reference() -> object:
        me, _ = next(pairs.reference)
        return await direct(graph, network.OPPORTUNITIES, network.opportunities_parameters(me, max_hops=2, limit=20))

    samples = await alternate(ours, reference, warmup=warmup, runs=runs)
    detail: dict[str, object] = {
        "query": "opportunities(maxHops: 2, first: 20)",
        "people asked about": len(pairs.pairs),
    }
    return _compared("opportunities_http_vs_cypher", samples, target=1.25, detail=detail)


async def paths_vs_cypher(graph: Graph, client: Client, pairs: Pairs, *, warmup: int, runs: int) -> Result:
    """`pathsTo(maxHops: 6, first: 3)` over HTTP against network.PATHS_TO through the driver alone."""

    async def ours() -> object:
        me, other = next(pairs.ours)
        return _post(client, PATHS, {"id": to_global_id("Person", me), "to": to_global_id("Person", other)})

    async def reference() -> object:
        me, other = next(pairs.reference)
        return await direct(graph, network.PATHS_TO, network.paths_parameters(me, other, max_hops=6, first=3))

    samples = await alternate(ours, reference, warmup=warmup, runs=runs)
    detail: dict[str, object] = {"query": "pathsTo(maxHops: 6, first: 3)", "pairs asked about": len(pairs.pairs)}
    return _compared("paths_http_vs_cypher", samples, target=1.25, detail=detail)


async def nested_vs_cypher(graph: Graph, client: Client, *, warmup: int, runs: int) -> Result:
    """`people(first: 100)` with current positions and companies against NESTED_CYPHER."""

    async def ours() -> object:
        return _post(client, NESTED, {"first": 100})

    async def reference() -> object:
        return await direct(graph, NESTED_CYPHER, {"first": 100})

    samples = await alternate(ours, reference, warmup=warmup, runs=runs)
    detail: dict[str, object] = {"query": "people(first: 100) { currentPositions { company } }"}
    return _compared("nested_list_http_vs_cypher", samples, target=1.5, detail=detail)


def _compared(name: str, samples: Samples, *, target: float, detail: dict[str, object]) -> Result:
    return compare(
        name, samples.ours, samples.reference, target=target, detail=detail | samples.detail, failures=samples.failures
    )


def roundtrips_growth(app_graph: Graph, client: Client) -> Result:
    """Queries the app sends for the nested list at 100 people over those at 10 (batching keeps it flat)."""
    counts = {}
    for first in (10, 100):
        before = app_graph.round_trips
        client.post(NESTED, {"first": first})
        counts[first] = app_graph.round_trips - before
    detail: dict[str, object] = {"unit": "database round trips, not ms", "at 10": counts[10], "at 100": counts[100]}
    return Result("roundtrips_growth", counts[100], counts[10], 1.0, 1, detail=detail)


async def opportunities_http_ms(client: Client, pairs: Pairs, *, warmup: int, runs: int) -> tuple[list[float], int]:
    """HTTP samples of the opportunities query alone, and how many requests failed.

    The scaling scenario compares graph sizes, so there is nothing to alternate with; a failure
    (say, the query outgrowing the server's transaction memory) is counted, not fatal, and after
    GIVE_UP_AFTER of them the scenario stops (each takes the server's whole retry time).
    """
    samples: list[float] = []
    failures = 0
    for i in range(warmup + runs):
        if failures >= GIVE_UP_AFTER:
            break
        me, _ = next(pairs.ours)
        began = time.perf_counter()
        try:
            client.post(OPPORTUNITIES, {"id": to_global_id("Person", me)})
        except RuntimeError:
            failures += 1
            continue
        if i >= warmup:
            samples.append((time.perf_counter() - began) * 1000)
    return samples, failures
