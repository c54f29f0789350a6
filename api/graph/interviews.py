"""Interviews: who sat on which panel, for which role, and their writes."""

from __future__ import annotations

from datetime import date
from typing import Any

from api.graph.projections import PERSON
from api.graph.runner import Graph, Row

# An interview row: {id, date, stage, outcome, practice, notes, candidateId, companyId, roleId}.
INTERVIEW = """i {.id, .date, .stage, .outcome, .notes, practice: coalesce(i.practice, false),
   candidateId: COLLECT { MATCH (p:Person)-[:CANDIDATE_IN]->(i) RETURN p.id }[0],
   companyId: COLLECT { MATCH (i)-[:WITH]->(c:Company) RETURN c.id }[0],
   roleId: COLLECT { MATCH (i)-[:FOR]->(r:Role) RETURN r.id }[0]}"""

# $ids: [str]
INTERVIEWS_BY_IDS = "UNWIND $ids AS id MATCH (i:Interview {id: id}) RETURN " + INTERVIEW + " AS interview"

# $keys: [{id, skip, limit}]: interviews a person took part in (as candidate or interviewer), newest first.
INTERVIEWS_BY_PERSON = (
    """
UNWIND $keys AS key
MATCH (p:Person {id: key.id})
OPTIONAL MATCH (p)-[:CANDIDATE_IN|INTERVIEWER_IN]->(i:Interview)
WITH DISTINCT key, i ORDER BY i.date DESC, i.id
WITH key, collect(i) AS found
RETURN key, size(found) AS total, [i IN found[key.skip..key.skip + key.limit] | """
    + INTERVIEW
    + """] AS page
"""
)

# $ids: [str] -> the interviewers of each interview, by name.
INTERVIEWERS_BY_INTERVIEW = (
    """
UNWIND $ids AS id
MATCH (i:Interview {id: id})
OPTIONAL MATCH (p:Person)-[:INTERVIEWER_IN]->(i)
WITH id, p ORDER BY p.name, p.id
RETURN id, collect("""
    + PERSON
    + """) AS people
"""
)

# $candidateId, $companyId, $roleId, $interviewerIds, $date, $stage, $outcome, $practice, $notes.
RECORD_INTERVIEW = (
    """
MATCH (candidate:Person {id: $candidateId}), (c:Company {id: $companyId})
CREATE (candidate)-[:CANDIDATE_IN]->(i:Interview {id: randomUUID(), date: $date, stage: $stage,
        outcome: $outcome, practice: $practice, notes: $notes, createdAt: datetime()})-[:WITH]->(c)
WITH i
CALL (i) {
  OPTIONAL MATCH (r:Role {id: $roleId})
  FOREACH (_ IN CASE WHEN r IS NULL THEN [] ELSE [1] END | CREATE (i)-[:FOR]->(r))
}
CALL (i) {
  UNWIND $interviewerIds AS interviewerId
  MATCH (p:Person {id: interviewerId})
  MERGE (p)-[:INTERVIEWER_IN]->(i)
}
RETURN """
    + INTERVIEW
    + " AS interview"
)


async def by_ids(graph: Graph, ids: list[str]) -> dict[str, Row]:
    return {row["interview"]["id"]: row["interview"] for row in await graph.read(INTERVIEWS_BY_IDS, ids=ids)}


async def of_people(graph: Graph, keys: list[dict[str, Any]]) -> list[Row]:
    return await graph.read(INTERVIEWS_BY_PERSON, keys=keys)


async def interviewers(graph: Graph, ids: list[str]) -> dict[str, list[Row]]:
    return {row["id"]: row["people"] for row in await graph.read(INTERVIEWERS_BY_INTERVIEW, ids=ids)}


async def record(
    graph: Graph,
    *,
    candidate_id: str,
    company_id: str,
    role_id: str | None,
    interviewer_ids: list[str],
    on: date,
    stage: str | None,
    outcome: str | None,
    practice: bool,
    notes: str | None,
) -> Row | None:
    rows = await graph.write(
        RECORD_INTERVIEW,
        candidateId=candidate_id,
        companyId=company_id,
        roleId=role_id,
        interviewerIds=interviewer_ids,
        date=on,
        stage=stage,
        outcome=outcome,
        practice=practice,
        notes=notes,
    )
    return rows[0]["interview"] if rows else None
