"""How the compiled root pages are planned: a page from the end reads the same index as the first page, backwards."""

from __future__ import annotations

from typing import Any, Literal

import pytest
from neo4j import Driver

from api.graph.compiler import compile_read
from api.graph.plan import CompaniesFilter, Page, PageRead, PeopleFilter, Property, Selection, Viewer


def _operators(plan: dict[str, Any]) -> list[dict[str, Any]]:
    return [plan, *(operator for child in plan.get("children", []) for operator in _operators(child))]


@pytest.mark.parametrize("from_end", [False, True], ids=["first page", "last page"])
@pytest.mark.parametrize("label", ["Person", "Company"])
def test_root_pages_read_the_name_index_in_order_either_way(
    db: Driver, label: Literal["Person", "Company"], from_end: bool
) -> None:
    # Enough nodes for the statistics to favour the index, as any real graph does (docs/benchmarks.md).
    db.execute_query(f"UNWIND range(1, 500) AS i CREATE (:{label} {{id: 'x' + i, name: 'N' + (i % 97)}})")
    narrow = PeopleFilter() if label == "Person" else CompaniesFilter()
    read = PageRead(narrow, Page(0, 20, from_end=from_end), Selection(label, (Property("name"),)))
    statement = compile_read(read, Viewer(None))
    # Planned now, on these nodes' statistics, whatever the cache holds (tests/conftest.py, TEST_NEO4J_CONFIG).
    _, summary, _ = db.execute_query("CYPHER replan=force EXPLAIN " + statement.text, statement.parameters)
    assert summary.plan is not None
    operators = {
        operator["operatorType"].split("@")[0]: operator["args"].get("Details", "")
        for operator in _operators(summary.plan)
    }
    # Read in name order from the name index, sorted only among equal names (by id): no sort of every node.
    assert f":{label}(name) WHERE name IS NOT NULL" in operators["NodeIndexScan"]
    order = "DESC" if from_end else "ASC"
    assert f"`n0.name` {order}, `n0.id` {order}" in operators["PartialTop"]
    assert not {"Sort", "Top"} & set(operators)
