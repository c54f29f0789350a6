"""Roles: the row projection, lookups, recruiters, creation and status changes."""

from __future__ import annotations

from datetime import date
from typing import TypedDict, cast

from api.graph.projections import PERSON
from api.graph.rows import PersonRow
from api.graph.runner import Graph
from api.graph.temporal import RowDate


class ProjectedRole(TypedDict):
    """A role as ROLE projects it (api.graph.rows.RoleRow is a compiled read's role: its relations nested)."""

    id: str
    title: str
    status: str
    location: str | None
    remote: bool | None
    postedOn: RowDate | None
    skills: list[str]
    companyId: str | None
    hiringManagerId: str | None


# A role row: {id, title, status, location, remote, postedOn, skills, companyId, hiringManagerId}.
ROLE = """r {.id, .title, .status, .location, .remote, .postedOn,
   skills: COLLECT { MATCH (r)-[:REQUIRES]->(s:Skill) RETURN s.name ORDER BY s.name },
   companyId: COLLECT { MATCH (r)-[:AT]->(c:Company) RETURN c.id }[0],
   hiringManagerId: COLLECT { MATCH (m:Person)-[:HIRES_FOR]->(r) RETURN m.id }[0]}"""

# $ids: [str]
ROLES_BY_IDS = "UNWIND $ids AS id MATCH (r:Role {id: id}) RETURN " + ROLE + " AS role"

# $ids: [str] -> recruiters of each role, by name.
RECRUITERS_BY_ROLE = (
    """
UNWIND $ids AS id
MATCH (r:Role {id: id})
OPTIONAL MATCH (p:Person)-[:RECRUITS_FOR]->(r)
WITH id, p ORDER BY p.name, p.id
RETURN id, collect("""
    + PERSON
    + """) AS people
"""
)

# $companyId, $title, $location, $remote, $postedOn, $hiringManagerId, $recruiterIds, $skills.
CREATE_ROLE = (
    """
MATCH (c:Company {id: $companyId})
CREATE (r:Role {id: randomUUID(), title: $title, status: 'OPEN', location: $location, remote: $remote,
                postedOn: coalesce($postedOn, date()), createdAt: datetime(), openedAt: datetime()})-[:AT]->(c)
WITH r
CALL (r) {
  OPTIONAL MATCH (m:Person {id: $hiringManagerId})
  FOREACH (_ IN CASE WHEN m IS NULL THEN [] ELSE [1] END | CREATE (m)-[:HIRES_FOR]->(r))
}
CALL (r) {
  UNWIND $recruiterIds AS recruiterId
  MATCH (p:Person {id: recruiterId})
  MERGE (p)-[:RECRUITS_FOR]->(r)
}
CALL (r) {
  UNWIND $skills AS skill
  MERGE (s:Skill {name: skill})
  MERGE (r)-[:REQUIRES]->(s)
}
RETURN """
    + ROLE
    + " AS role"
)

# $id, $status. A role set OPEN from CLOSED or FILLED reopens: openedAt moves (subscribers hear of it);
# OPEN again while open changes nothing.
SET_ROLE_STATUS = (
    """
MATCH (r:Role {id: $id})
WITH r, $status = 'OPEN' AND coalesce(r.status <> 'OPEN', true) AS reopens
SET r.status = $status, r.openedAt = CASE WHEN reopens THEN datetime() ELSE r.openedAt END
RETURN """
    + ROLE
    + " AS role"
)


# The statements above return ROLE rows under `role` (RECRUITERS_BY_ROLE: id and PERSON rows as people): that
# RETURN is the contract the casts below rely on, checked by tests/network/test_rows.py.


async def by_ids(graph: Graph, ids: list[str]) -> dict[str, ProjectedRole]:
    return {row["role"]["id"]: cast("ProjectedRole", row["role"]) for row in await graph.read(ROLES_BY_IDS, ids=ids)}


async def recruiters(graph: Graph, ids: list[str]) -> dict[str, list[PersonRow]]:
    rows = await graph.read(RECRUITERS_BY_ROLE, ids=ids)
    return {row["id"]: cast("list[PersonRow]", row["people"]) for row in rows}


async def create(
    graph: Graph,
    *,
    company_id: str,
    title: str,
    location: str | None,
    remote: bool | None,
    posted_on: date | None,
    hiring_manager_id: str | None,
    recruiter_ids: list[str],
    skills: list[str],
) -> ProjectedRole | None:
    rows = await graph.write(
        CREATE_ROLE,
        companyId=company_id,
        title=title,
        location=location,
        remote=remote,
        postedOn=posted_on,
        hiringManagerId=hiring_manager_id,
        recruiterIds=recruiter_ids,
        skills=skills,
    )
    return cast("ProjectedRole", rows[0]["role"]) if rows else None


async def set_status(graph: Graph, role_id: str, status: str) -> ProjectedRole | None:
    rows = await graph.write(SET_ROLE_STATUS, id=role_id, status=status)
    return cast("ProjectedRole", rows[0]["role"]) if rows else None
