"""Companies: lists, lookups, employees, open roles and creation."""

from __future__ import annotations

from typing import Any

from neo4j.exceptions import ConstraintError

from api.graph.keys import KeyTaken, company_key
from api.graph.projections import COMPANY, PERSON
from api.graph.roles import ROLE
from api.graph.runner import Graph, Row

# $nameContains: str|null, $hasOpenRoles: bool|null.
_COMPANY_FILTER = """
MATCH (c:Company)
WHERE ($nameContains IS NULL OR toLower(c.name) CONTAINS toLower($nameContains))
  AND ($hasOpenRoles IS NULL OR EXISTS { MATCH (:Role {status: 'OPEN'})-[:AT]->(c) } = $hasOpenRoles)
"""
COMPANIES_PAGE = _COMPANY_FILTER + "RETURN " + COMPANY + " AS company ORDER BY c.name, c.id SKIP $skip LIMIT $limit"
COMPANIES_COUNT = _COMPANY_FILTER + "RETURN count(c) AS total"

# $ids: [str]
COMPANIES_BY_IDS = "UNWIND $ids AS id MATCH (c:Company {id: id}) RETURN " + COMPANY + " AS company"

# $keys: [{id, current: bool|null, skip, limit}]: people with a position there.
# current true = works there now (a position with no end date); false = used to, but no longer
# (someone promoted in place has an ended position too, yet is no former employee); null = both.
EMPLOYEES_BY_COMPANY = (
    """
UNWIND $keys AS key
MATCH (c:Company {id: key.id})
OPTIONAL MATCH (p:Person)-[:WORKS_AT]->(c)
  WHERE key.current IS NULL
     OR EXISTS { MATCH (p)-[now:WORKS_AT]->(c) WHERE now.endedOn IS NULL } = key.current
WITH DISTINCT key, p ORDER BY p.name, p.id
WITH key, collect(p) AS found
RETURN key, size(found) AS total, [p IN found[key.skip..key.skip + key.limit] | """
    + PERSON
    + """] AS page
"""
)

# $keys: [{id, skip, limit}]: roles with status OPEN at the company, newest first.
OPEN_ROLES_BY_COMPANY = (
    """
UNWIND $keys AS key
MATCH (c:Company {id: key.id})
OPTIONAL MATCH (r:Role {status: 'OPEN'})-[:AT]->(c)
WITH key, r ORDER BY r.postedOn IS NULL, r.postedOn DESC, r.title, r.id
WITH key, collect(r) AS found
RETURN key, size(found) AS total, [r IN found[key.skip..key.skip + key.limit] | """
    + ROLE
    + """] AS page
"""
)

# $nameKey, $domain: an existing company with the same normalised name or domain.
COMPANY_BY_KEYS = (
    """
MATCH (c:Company) WHERE c.nameKey = $nameKey OR ($domain IS NOT NULL AND c.domain = $domain)
RETURN """
    + COMPANY
    + " AS company LIMIT 1"
)

CREATE_COMPANY = (
    """
CREATE (c:Company {id: randomUUID(), name: $name, nameKey: $nameKey, domain: $domain, industry: $industry,
                   createdAt: datetime()})
RETURN """
    + COMPANY
    + " AS company"
)


async def page(
    graph: Graph, *, skip: int, limit: int, name_contains: str | None = None, has_open_roles: bool | None = None
) -> list[Row]:
    rows = await graph.read(
        COMPANIES_PAGE, skip=skip, limit=limit, nameContains=name_contains, hasOpenRoles=has_open_roles
    )
    return [row["company"] for row in rows]


async def count(graph: Graph, *, name_contains: str | None = None, has_open_roles: bool | None = None) -> int:
    rows = await graph.read(COMPANIES_COUNT, nameContains=name_contains, hasOpenRoles=has_open_roles)
    return int(rows[0]["total"])


async def by_ids(graph: Graph, ids: list[str]) -> dict[str, Row]:
    return {row["company"]["id"]: row["company"] for row in await graph.read(COMPANIES_BY_IDS, ids=ids)}


async def employees(graph: Graph, keys: list[dict[str, Any]]) -> list[Row]:
    return await graph.read(EMPLOYEES_BY_COMPANY, keys=keys)


async def open_roles(graph: Graph, keys: list[dict[str, Any]]) -> list[Row]:
    return await graph.read(OPEN_ROLES_BY_COMPANY, keys=keys)


async def existing(graph: Graph, *, name: str, domain: str | None) -> Row | None:
    rows = await graph.read(COMPANY_BY_KEYS, nameKey=company_key(name), domain=domain)
    return rows[0]["company"] if rows else None


async def create(graph: Graph, *, name: str, domain: str | None, industry: str | None) -> Row:
    """The new company; KeyTaken when its normalised name or domain was taken since the caller checked."""
    try:
        rows = await graph.write(CREATE_COMPANY, name=name, nameKey=company_key(name), domain=domain, industry=industry)
    except ConstraintError as error:
        raise KeyTaken(error.message) from error
    company: Row = rows[0]["company"]
    return company
