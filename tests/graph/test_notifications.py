"""Neo4j's notifications: once per statement, one short line, DEBUG for hints and WARNING for real problems."""

from __future__ import annotations

import logging
import uuid

import pytest

from api.graph import Graph
from api.graph.notifications import DRIVER_LOGGER

# A statement as long as the big network queries, whose first MATCH builds a cartesian product
# (an INFORMATION-severity PERFORMANCE hint); the marker makes it a statement no other test runs.
PADDING = "\n".join(f"// line {i}: a statement as long as the opportunities query" for i in range(250))


def cartesian(marker: str) -> str:
    return f"MATCH (n:Person {{id: '{marker}'}}), (m:Company {{id: '{marker}'}})\n{PADDING}\nRETURN count(*) AS c"


def notices(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == DRIVER_LOGGER]


async def test_a_performance_hint_is_one_short_debug_line_however_often_it_runs(
    graph: Graph, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger=DRIVER_LOGGER)
    statement = cartesian(uuid.uuid4().hex)
    assert len(statement) > 10_000
    for _ in range(5):
        await graph.read(statement)

    found = notices(caplog)
    assert [record.levelno for record in found] == [logging.DEBUG]
    line = found[0].getMessage()
    assert "cartesian product" in line
    assert "at line 1, column" in line
    assert len(line) < 1_000


async def test_at_info_a_hint_is_not_logged_at_all(graph: Graph, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger=DRIVER_LOGGER)
    await graph.read(cartesian(uuid.uuid4().hex))
    assert notices(caplog) == []


async def test_a_deprecation_stays_a_warning_once_per_statement(graph: Graph, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger=DRIVER_LOGGER)
    marker = uuid.uuid4().hex
    # id() is deprecated in Neo4j 5 (elementId() replaces it): a statement that must change.
    statement = f"MATCH (n:Person) WHERE id(n) = -1 AND n.id = '{marker}' RETURN n.id AS id"
    for _ in range(3):
        await graph.read(statement)

    found = notices(caplog)
    assert [record.levelno for record in found] == [logging.WARNING]
    assert "id(n)" in found[0].getMessage()
