"""Interviews: the row projection, lookups, recording one and confirming an interviewer's part.

A candidate who is not an admin may name interviewers, but each one's part is stored as
`(:Person)-[:INTERVIEWER_IN {confirmed: false}]->(:Interview)` until that interviewer (or an
admin) confirms it, which sets `confirmed: true`. No `confirmed` property means confirmed:
admin writes and CSV imports. Until then the interview is not one of the interviewer's interviews;
it waits in their `interviewsToConfirm` (api.graph.relations reads both lists), where they confirm it or
decline it (which removes their part).
"""

from __future__ import annotations

from datetime import date
from typing import TypedDict, cast

from api.graph.runner import Graph
from api.graph.temporal import RowDate


class ProjectedInterview(TypedDict):
    """An interview as INTERVIEW projects it (api.graph.rows.InterviewRow is a compiled read's: relations nested)."""

    id: str
    date: RowDate
    stage: str | None
    outcome: str | None
    notes: str | None
    practice: bool
    candidateId: str | None
    companyId: str | None
    roleId: str | None


# An interview row: {id, date, stage, outcome, practice, notes, candidateId, companyId, roleId}.
INTERVIEW = """i {.id, .date, .stage, .outcome, .notes, practice: coalesce(i.practice, false),
   candidateId: COLLECT { MATCH (p:Person)-[:CANDIDATE_IN]->(i) RETURN p.id }[0],
   companyId: COLLECT { MATCH (i)-[:WITH]->(c:Company) RETURN c.id }[0],
   roleId: COLLECT { MATCH (i)-[:FOR]->(r:Role) RETURN r.id }[0]}"""

# $ids: [str]
INTERVIEWS_BY_IDS = "UNWIND $ids AS id MATCH (i:Interview {id: id}) RETURN " + INTERVIEW + " AS interview"

# $candidateId, $companyId, $roleId, $interviewerIds, $date, $stage, $outcome, $practice, $notes,
# $confirmed: false stores each interviewer's part as awaiting their confirmation.
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
  MERGE (p)-[part:INTERVIEWER_IN]->(i)
  SET part.confirmed = CASE WHEN $confirmed THEN null ELSE false END
}
RETURN """
    + INTERVIEW
    + " AS interview"
)

# $id, $interviewerId: str|null -> the interview, once that interviewer's part is confirmed (null: every
# interviewer's, as an admin does). No row when the interview does not name that interviewer.
CONFIRM_INTERVIEW = (
    """
MATCH (i:Interview {id: $id})
CALL (i) {
  OPTIONAL MATCH (p:Person)-[part:INTERVIEWER_IN]->(i) WHERE $interviewerId IS NULL OR p.id = $interviewerId
  FOREACH (_ IN CASE WHEN part.confirmed = false THEN [1] ELSE [] END | SET part.confirmed = true)
  RETURN count(part) AS named
}
WITH i WHERE named > 0 OR $interviewerId IS NULL
RETURN """
    + INTERVIEW
    + " AS interview"
)

# $id, $interviewerId -> {confirmed}: whether that interviewer's part in the interview was confirmed.
# An unconfirmed part is removed (the interviewer declined it); a confirmed one stays. No row when the
# interview does not name that interviewer.
DECLINE_INTERVIEW = """
MATCH (:Person {id: $interviewerId})-[part:INTERVIEWER_IN]->(:Interview {id: $id})
WITH part, coalesce(part.confirmed, true) AS confirmed
FOREACH (_ IN CASE WHEN confirmed THEN [] ELSE [1] END | DELETE part)
RETURN confirmed
"""


# The statements above return INTERVIEW rows under `interview` (DECLINE_INTERVIEW: confirmed): that RETURN is
# the contract the casts below rely on, checked by tests/network/test_rows.py.


async def by_ids(graph: Graph, ids: list[str]) -> dict[str, ProjectedInterview]:
    rows = await graph.read(INTERVIEWS_BY_IDS, ids=ids)
    return {row["interview"]["id"]: cast("ProjectedInterview", row["interview"]) for row in rows}


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
    confirmed: bool,
) -> ProjectedInterview | None:
    """The new interview; `confirmed=False` leaves each interviewer's part awaiting their confirmation."""
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
        confirmed=confirmed,
    )
    return cast("ProjectedInterview", rows[0]["interview"]) if rows else None


async def confirm(graph: Graph, interview_id: str, *, interviewer_id: str | None) -> ProjectedInterview | None:
    """The interview once `interviewer_id`'s part in it is confirmed (None: every interviewer's);
    None when the interview does not exist or does not name that interviewer."""
    rows = await graph.write(CONFIRM_INTERVIEW, id=interview_id, interviewerId=interviewer_id)
    return cast("ProjectedInterview", rows[0]["interview"]) if rows else None


async def decline(graph: Graph, interview_id: str, *, interviewer_id: str) -> bool | None:
    """Remove `interviewer_id`'s unconfirmed part in the interview: True when it was removed, False when
    their part was confirmed already (and stays), None when the interview does not name them."""
    rows = await graph.write(DECLINE_INTERVIEW, id=interview_id, interviewerId=interviewer_id)
    return None if not rows else not rows[0]["confirmed"]
