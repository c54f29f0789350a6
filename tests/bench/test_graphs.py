"""The benchmark's Cypher-built graphs include big employers (issue 20), and keep every other employer small."""

from __future__ import annotations

from typing import TYPE_CHECKING

from api.bench.graphs import BIG_EMPLOYERS, big_employers, build
from api.graph import Graph, open_driver

if TYPE_CHECKING:
    from neo4j import Driver

    from api.settings import Neo4jTarget

PEOPLE = 500


def _positions(db: Driver) -> tuple[list[int], dict[str, int]]:
    """Positions held at the big employers (largest first), and at every other company by id."""
    records, _, _ = db.execute_query(
        "MATCH (c:Company) RETURN c.id AS id, COUNT { (c)<-[:WORKS_AT]-(:Person) } AS positions"
    )
    positions = {record["id"]: record["positions"] for record in records}
    return [positions.pop(f"bench-c{rank}") for rank in range(BIG_EMPLOYERS)], positions


async def test_the_first_companies_are_big_employers_and_the_rest_stay_under_the_cap(
    target: Neo4jTarget, db: Driver
) -> None:
    async with open_driver(target) as driver:
        await build(Graph(driver, target.database, timeout_s=120.0), PEOPLE)

    big, others = _positions(db)
    assert big == big_employers(PEOPLE)
    assert big[0] > 50
    assert max(others.values()) <= 50


async def test_a_graph_built_for_scaling_keeps_the_smaller_graphs_big_employers(
    target: Neo4jTarget, db: Driver
) -> None:
    # opportunities_scaling compares sizes: below 10 000 people the big employers grow with the graph,
    # and a larger graph with larger employers would measure density instead.
    async with open_driver(target) as driver:
        await build(Graph(driver, target.database, timeout_s=120.0), 2 * PEOPLE, employers_as_at=PEOPLE)

    big, _ = _positions(db)
    assert big == big_employers(PEOPLE)
    assert big != big_employers(2 * PEOPLE)


def test_big_employers_grow_with_the_graph_up_to_seed_synths_largest_then_stay() -> None:
    assert big_employers(1_000)[0] == 400
    assert big_employers(10_000) == big_employers(1_000_000)
    assert big_employers(10_000)[0] == 4_000
    assert big_employers(10_000) == sorted(big_employers(10_000), reverse=True)
