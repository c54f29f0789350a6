"""Versioned Cypher migrations from schema/NNN_name.cypher, applied once each and recorded."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

from api.settings import PROJECT_ROOT, SOURCE_CHECKOUT

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from api.graph.runner import Graph

# schema/ is the source of truth; a wheel carries it as the package data api/schema/ (pyproject.toml).
SCHEMA_DIR: Traversable = PROJECT_ROOT / "schema" if SOURCE_CHECKOUT else resources.files("api") / "schema"
_FILE = re.compile(r"^(\d{3})_([a-z0-9_]+)\.cypher$")

# A migration's time limit, instead of a query's (CROSSPATHS_QUERY_TIMEOUT, 10 s): building an index or
# a constraint over a big graph, and waiting for indexes to come online (`db.awaitIndexes(300)`), take
# minutes, and on a busy machine even the first run's take longer than a query may.
TIMEOUT_S = 600.0

APPLIED = """
MATCH (m:SchemaMigration) RETURN m.version AS version, m.checksum AS checksum
"""
RECORD = """
MERGE (m:SchemaMigration {version: $version})
SET m.name = $name, m.checksum = $checksum, m.appliedAt = datetime()
"""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]
    checksum: str


class MigrationError(RuntimeError):
    """A migration file changed after it was applied, or cannot be read."""


def load(directory: Traversable = SCHEMA_DIR) -> list[Migration]:
    """Every migration file in version order, split into statements; none at all is an incomplete install."""
    paths = sorted((path for path in directory.iterdir() if path.name.endswith(".cypher")), key=lambda p: p.name)
    if not paths:
        msg = (
            f"no Cypher migrations in {directory}: this crosspaths installation is incomplete "
            "(reinstall it; a clone keeps them in schema/)"
        )
        raise MigrationError(msg)
    migrations = []
    for path in paths:
        match = _FILE.match(path.name)
        if match is None:
            msg = f"{path}: migration files are named NNN_name.cypher"
            raise MigrationError(msg)
        text = path.read_text(encoding="utf-8")
        body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
        statements = tuple(s.strip() for s in body.split(";") if s.strip())
        checksum = hashlib.sha256(text.encode()).hexdigest()
        migrations.append(Migration(int(match[1]), match[2], statements, checksum))
    return migrations


async def apply(graph: Graph, directory: Traversable = SCHEMA_DIR) -> list[Migration]:
    """Apply the migrations not yet recorded in the database; return those applied.

    Every statement is idempotent (IF NOT EXISTS), so a run interrupted half-way
    simply runs again from the start of that migration. Each runs with TIMEOUT_S, whatever `graph`'s.
    """
    graph = graph.with_timeout(max(graph.timeout_s, TIMEOUT_S))
    recorded = {row["version"]: row["checksum"] for row in await graph.read(APPLIED)}
    applied = []
    for migration in load(directory):
        if migration.version in recorded:
            if recorded[migration.version] != migration.checksum:
                path = directory.joinpath(f"{migration.version:03d}_{migration.name}.cypher")
                msg = f"{path} changed after it was applied; add a new migration instead of editing an applied one"
                raise MigrationError(msg)
            continue
        for statement in migration.statements:
            # Schema statements come from our own files, never from user input.
            await graph.write(statement)
        await graph.write(RECORD, version=migration.version, name=migration.name, checksum=migration.checksum)
        applied.append(migration)
    if applied:
        await graph.write("CALL db.awaitIndexes(300)")
    return applied
