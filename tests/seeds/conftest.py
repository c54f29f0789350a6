"""Run the importer against the session's real Neo4j, and read back what it wrote."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from neo4j import Driver

from api.graph import Graph, open_driver
from api.settings import Neo4jTarget
from seeds.importer import import_sheets
from seeds.report import ImportReport
from seeds.sheets import Sheet

FIXTURES = Path(__file__).parent / "fixtures"


class Importer:
    """Calls the one importer the CLI and GraphQL use, on the test database."""

    def __init__(self, target: Neo4jTarget) -> None:
        self.target = target
        self.queries = 0  # queries the last run sent outside its import transaction (lookups)

    def run(self, sheets: list[Sheet], **options: Any) -> list[ImportReport]:
        async def main() -> list[ImportReport]:
            async with open_driver(self.target) as driver:
                graph = Graph(driver, self.target.database)
                try:
                    return await import_sheets(graph, sheets, **options)
                finally:
                    self.queries = graph.round_trips

        return asyncio.run(main())


@pytest.fixture
def importer(db: Driver, target: Neo4jTarget) -> Importer:
    """An importer on a clean, migrated graph (`db` wipes it and applies the schema)."""
    assert db is not None
    return Importer(target)


def query(db: Driver, cypher: str, **params: Any) -> list[dict[str, Any]]:
    records, _, _ = db.execute_query(cypher, params)
    return [record.data() for record in records]


def counts(db: Driver) -> dict[str, int]:
    """Nodes per label and relationships per type: the shape of the whole graph."""
    nodes = query(db, "MATCH (n) WHERE NOT n:SchemaMigration RETURN labels(n)[0] AS kind, count(*) AS n")
    rels = query(db, "MATCH ()-[r]->() RETURN type(r) AS kind, count(*) AS n")
    return {row["kind"]: row["n"] for row in nodes + rels}


def snapshot(db: Driver) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """Every node and every relationship with all it holds, by element id: to tell what an import changed."""
    nodes = query(
        db,
        "MATCH (n) WHERE NOT n:SchemaMigration RETURN elementId(n) AS id, labels(n) AS labels, properties(n) AS props",
    )
    rels = query(
        db,
        "MATCH (a)-[r]->(b) RETURN elementId(r) AS id, type(r) AS type, elementId(a) AS start, elementId(b) AS end, "
        "properties(r) AS props",
    )
    return {row.pop("id"): row for row in nodes}, {row.pop("id"): row for row in rels}
