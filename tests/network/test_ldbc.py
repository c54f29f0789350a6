"""degreeTo and pathsTo over connections only, on real data: the LDBC SNB Interactive test graph's `knows` edges.

LDBC's Interactive complex query 13 is the length of the shortest path over `knows` alone; degreeTo with
kinds: [KNOWS] must give the same, here checked against networkx on the same edges (see data/README.md:
the benchmark's own expected answers were not available). Everyone also works at one company, so a
search that followed the other kinds of link would put everybody one hop away.
"""

from __future__ import annotations

import csv
import random
from datetime import UTC, date, datetime
from pathlib import Path

import networkx as nx
import pytest
from neo4j import Driver

from api.graph import Graph, network
from tests.network.generators import TODAY
from tests.network.world import Position, World, load

EDGES = Path(__file__).parent / "data" / "ldbc_snb_person_knows_person.csv"
# The pair LDBC's own Cypher tests ask query 13 for.
LDBC_PAIR = ("10995116277794", "8796093022357")


def _edges() -> list[tuple[str, str, date | None]]:
    with EDGES.open(newline="") as file:
        rows = list(csv.reader(file, delimiter="|"))[1:]
    return [(a, b, datetime.fromtimestamp(int(ms) / 1000, tz=UTC).date()) for a, b, ms in rows]


@pytest.fixture(scope="module")
def knows() -> nx.Graph:
    graph = nx.Graph()
    graph.add_edges_from((a, b) for a, b, _ in _edges())
    return graph


@pytest.fixture
def ldbc(db: Driver, knows: nx.Graph) -> nx.Graph:
    people = sorted(knows.nodes)
    load(
        db,
        World(
            people=people,
            companies=["ldbc"],
            positions=[Position(person, "ldbc", "Member", date(2010, 1, 1), None) for person in people],
            knows=_edges(),
        ),
    )
    return knows


def _pairs(knows: nx.Graph) -> list[tuple[str, str]]:
    """LDBC's pair, then two pairs at every distance there is, and two with no path, drawn with a seed."""
    rng = random.Random(13)  # noqa: S311 - a reproducible sample, not a secret
    lengths = dict(nx.all_pairs_shortest_path_length(knows))
    by_distance: dict[int | None, list[tuple[str, str]]] = {}
    for a in sorted(knows.nodes):
        for b in sorted(knows.nodes):
            if a < b:
                by_distance.setdefault(lengths[a].get(b), []).append((a, b))
    sampled = [pair for distance in sorted(by_distance, key=str) for pair in rng.sample(by_distance[distance], 2)]
    return [LDBC_PAIR, *sampled]


async def test_degree_over_knows_is_ldbc_query_13(ldbc: nx.Graph, graph: Graph) -> None:
    pairs = _pairs(ldbc)
    assert {nx.shortest_path_length(ldbc, *LDBC_PAIR)} == {3}
    for a, b in pairs:
        expected = nx.shortest_path_length(ldbc, a, b) if nx.has_path(ldbc, a, b) else None
        assert await network.degree(graph, a, b, kinds=["KNOWS"], on=TODAY) == expected, (a, b)
        assert await network.degree(graph, b, a, kinds=["KNOWS"], on=TODAY) == expected, (b, a)
    # The other kinds are there: everybody works at LDBC, so with them everyone is one hop away.
    assert await network.degree(graph, *LDBC_PAIR, on=TODAY) == 1


async def test_paths_over_knows_are_the_shortest_chains_of_knows(ldbc: nx.Graph, graph: Graph) -> None:
    for a, b in _pairs(ldbc):
        found = await network.paths_to(graph, a, b, max_hops=6, first=5, kinds=["KNOWS"], on=TODAY)
        if not nx.has_path(ldbc, a, b):
            assert found["paths"] == []
            continue
        shortest = {tuple(path) for path in nx.all_shortest_paths(ldbc, a, b)}
        steps = [path["steps"] for path in found["paths"]]
        chains = [(chain[0]["fromId"], *(step["toId"] for step in chain)) for chain in steps]
        assert len(set(chains)) == len(chains) == min(5, len(shortest)), (a, b)
        assert set(chains) <= shortest
        assert {step["kind"] for path in found["paths"] for step in path["steps"]} == {"KNOWS"}
