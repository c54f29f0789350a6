"""Cypher migrations: applied once each, recorded, idempotent, and refusing edited history."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from neo4j import Driver

from api.graph import Graph, migrations, open_driver
from api.settings import Neo4jTarget

# Probe migrations use versions and names no real migration will take, on a label nothing else uses.
PROBE_VERSION = 901
PROBE_CONSTRAINT = "crosspaths_test_probe_key"
PROBE = f"""// A probe migration for the tests.
CREATE CONSTRAINT {PROBE_CONSTRAINT} IF NOT EXISTS FOR (n:CrosspathsTestProbe) REQUIRE n.key IS UNIQUE;
"""

CONSTRAINTS = {
    ("person_id", "Person", "id"),
    ("person_linkedin", "Person", "linkedinUrl"),
    ("person_email", "Person", "email"),
    ("company_id", "Company", "id"),
    ("company_name_key", "Company", "nameKey"),
    ("company_domain", "Company", "domain"),
    ("role_id", "Role", "id"),
    ("interview_id", "Interview", "id"),
    ("skill_name", "Skill", "name"),
}


def rows(db: Driver, cypher: str) -> list[dict[str, Any]]:
    records, _, _ = db.execute_query(cypher)
    return [record.data() for record in records]


@pytest.fixture
def probe_dir(tmp_path: Path, db: Driver) -> Iterator[Path]:
    """A directory holding one probe migration; its record and constraint are removed afterwards."""
    (tmp_path / f"{PROBE_VERSION}_probe.cypher").write_text(PROBE, encoding="utf-8")
    yield tmp_path
    db.execute_query(f"DROP CONSTRAINT {PROBE_CONSTRAINT} IF EXISTS")
    db.execute_query("MATCH (m:SchemaMigration {version: $version}) DELETE m", version=PROBE_VERSION)


async def test_applying_the_schema_again_changes_nothing(graph: Graph, db: Driver) -> None:
    schema = "SHOW ALL CONSTRAINTS YIELD name RETURN collect(name) AS names"
    records = "MATCH (m:SchemaMigration) RETURN m.version AS version, m.checksum AS checksum, m.appliedAt AS at"
    before = (sorted(rows(db, schema)[0]["names"]), sorted(rows(db, records), key=str))
    assert await migrations.apply(graph) == []
    assert (sorted(rows(db, schema)[0]["names"]), sorted(rows(db, records), key=str)) == before


async def test_each_migration_is_recorded_once(graph: Graph, db: Driver) -> None:
    await migrations.apply(graph)
    recorded = rows(db, "MATCH (m:SchemaMigration) RETURN m.version AS version, count(*) AS times ORDER BY version")
    assert recorded == [{"version": migration.version, "times": 1} for migration in migrations.load()]


def test_the_constraints_exist(db: Driver) -> None:
    found = rows(
        db,
        "SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties "
        "RETURN name, type, labelsOrTypes[0] AS label, properties",
    )
    ours = {(row["name"], row["label"], *row["properties"]) for row in found if row["type"] == "UNIQUENESS"}
    assert ours >= CONSTRAINTS


def test_the_search_index_is_online(db: Driver) -> None:
    found = rows(
        db,
        "SHOW FULLTEXT INDEXES YIELD name, state, labelsOrTypes, properties WHERE name = 'search_text' "
        "RETURN state, labelsOrTypes, properties",
    )
    assert found == [
        {
            "state": "ONLINE",
            "labelsOrTypes": ["Person", "Company", "Role"],
            "properties": ["name", "headline", "title", "industry", "domain"],
        }
    ]


async def test_a_new_migration_is_applied_once(graph: Graph, db: Driver, probe_dir: Path) -> None:
    first = await migrations.apply(graph, probe_dir)
    second = await migrations.apply(graph, probe_dir)
    assert ([m.version for m in first], second) == ([PROBE_VERSION], [])
    assert rows(db, f"SHOW CONSTRAINTS YIELD name WHERE name = '{PROBE_CONSTRAINT}' RETURN name") == [
        {"name": PROBE_CONSTRAINT}
    ]
    assert rows(db, f"MATCH (m:SchemaMigration {{version: {PROBE_VERSION}}}) RETURN m.name AS name") == [
        {"name": "probe"}
    ]


async def test_a_migration_edited_after_it_was_applied_is_refused(graph: Graph, probe_dir: Path) -> None:
    await migrations.apply(graph, probe_dir)
    path = probe_dir / f"{PROBE_VERSION}_probe.cypher"
    path.write_text(PROBE.replace("n.key", "n.otherKey"), encoding="utf-8")
    with pytest.raises(migrations.MigrationError, match=re.escape(f"{path} changed after it was applied")):
        await migrations.apply(graph, probe_dir)


def test_a_misnamed_migration_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "probe.cypher").write_text(PROBE, encoding="utf-8")
    with pytest.raises(migrations.MigrationError, match=re.escape("migration files are named NNN_name.cypher")):
        migrations.load(tmp_path)


def test_load_splits_statements_and_drops_comment_lines(tmp_path: Path) -> None:
    (tmp_path / "001_two.cypher").write_text(
        "// why\nCREATE INDEX a IF NOT EXISTS FOR (n:A) ON (n.x);\n\n"
        "  // more why\nCREATE INDEX b IF NOT EXISTS FOR (n:B) ON (n.y);\n"
    )
    loaded = migrations.load(tmp_path)
    assert [(m.version, m.name, m.statements) for m in loaded] == [
        (
            1,
            "two",
            ("CREATE INDEX a IF NOT EXISTS FOR (n:A) ON (n.x)", "CREATE INDEX b IF NOT EXISTS FOR (n:B) ON (n.y)"),
        )
    ]


async def test_no_migrations_at_all_is_an_incomplete_install_not_an_empty_schema(graph: Graph, tmp_path: Path) -> None:
    # A package built without its schema once applied nothing, said nothing, and failed later in `search`.
    (tmp_path / "schema.graphql").write_text("type Query { a: Int }", encoding="utf-8")
    with pytest.raises(migrations.MigrationError, match=re.escape(f"no Cypher migrations in {tmp_path}")):
        await migrations.apply(graph, tmp_path)


@pytest.fixture
def slow_dir(tmp_path: Path, db: Driver) -> Iterator[Path]:
    """A probe migration whose one statement writes the probe node (so waits for whoever holds its lock)."""
    db.execute_query("CREATE (:CrosspathsTestProbe {key: 'slow'})")
    (tmp_path / f"{PROBE_VERSION + 1}_slow.cypher").write_text(
        "MATCH (n:CrosspathsTestProbe {key: 'slow'}) SET n.migrated = true;\n", encoding="utf-8"
    )
    yield tmp_path
    db.execute_query("MATCH (m:SchemaMigration {version: $version}) DELETE m", version=PROBE_VERSION + 1)


async def test_a_migration_is_not_stopped_at_the_query_time_limit(
    target: Neo4jTarget, db: Driver, slow_dir: Path
) -> None:
    # The statement waits on a lock for longer than a query may run, as an index build on a busy
    # machine outlasts CROSSPATHS_QUERY_TIMEOUT; Neo4j checks the limit every 2 s or so.
    async with open_driver(target) as driver, driver.session(database=target.database) as holder:
        quick = Graph(driver, target.database, timeout_s=0.5)
        held = await holder.begin_transaction()
        await (await held.run("MATCH (n:CrosspathsTestProbe {key: 'slow'}) SET n.held = true")).consume()

        async def release() -> None:
            await asyncio.sleep(5)
            await held.commit()

        releasing = asyncio.create_task(release())
        try:
            applied = await migrations.apply(quick, slow_dir)
        finally:
            await releasing
    assert [migration.version for migration in applied] == [PROBE_VERSION + 1]
    assert rows(db, "MATCH (n:CrosspathsTestProbe {key: 'slow'}) RETURN n.held AS held, n.migrated AS migrated") == [
        {"held": True, "migrated": True}
    ]
