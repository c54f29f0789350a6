"""People: lookups by id or email, and their writes (profiles, positions, KNOWS links).

Every query takes named parameters only; rows are plain maps (see PERSON).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal, TypedDict, cast

from neo4j.exceptions import ConstraintError

from api.graph.keys import KeyTaken
from api.graph.projections import PERSON
from api.graph.rows import PersonRow
from api.graph.runner import Graph

# $ids: [str]
PEOPLE_BY_IDS = "UNWIND $ids AS id MATCH (p:Person {id: id}) RETURN " + PERSON + " AS person"

# $emails: [str] (matched case-insensitively on the stored, lower-cased email)
PEOPLE_BY_EMAIL = "UNWIND $emails AS email MATCH (p:Person {email: toLower(email)}) RETURN " + PERSON + " AS person"

CREATE_PERSON = (
    """
CREATE (p:Person {id: randomUUID(), name: $name, headline: $headline, location: $location,
                  email: $email, linkedinUrl: $linkedinUrl, openToWork: $openToWork, createdAt: datetime()})
RETURN """
    + PERSON
    + " AS person"
)

# $id, $changes: map of the properties to set (only keys the caller gave), $bySelf: the person is
# changing their own profile. An email someone gives themselves is marked `emailSelfAsserted`: nobody
# checked the mailbox is theirs, so an identity provider's subject never binds to it (api.graph.identities);
# an admin setting the email removes the mark. The API lets only admins change an email now
# (api.gql.mutations), so the mark is found on addresses people typed in before that rule.
UPDATE_PERSON = (
    """
MATCH (p:Person {id: $id})
WITH p, 'email' IN keys($changes) AND coalesce($changes.email, '') <> coalesce(p.email, '') AS emailMoves
SET p.emailSelfAsserted = CASE WHEN NOT emailMoves THEN p.emailSelfAsserted WHEN $bySelf THEN true END
SET p += $changes
RETURN """
    + PERSON
    + " AS person"
)

# $id -> the deleted person's id; no row when there is none. Erases the person with every relationship
# they have (KNOWS, WORKS_AT, HIRES_FOR, RECRUITS_FOR, INTERVIEWER_IN), the interviews they were the
# candidate in (those records and their notes are theirs), their access tokens and sign-in bindings,
# in one transaction. Interviews they sat on as an interviewer stay, without them.
DELETE_PERSON = """
MATCH (p:Person {id: $id})
CALL (p) {
  MATCH (p)-[:CANDIDATE_IN]->(i:Interview)
  DETACH DELETE i
}
CALL (p) {
  MATCH (t:AccessToken {personId: p.id})
  DELETE t
}
CALL (p) {
  MATCH (x:ExternalIdentity {personId: p.id})
  DELETE x
}
WITH p, p.id AS id
DETACH DELETE p
RETURN id
"""


class TakenKey(TypedDict):
    key: Literal["email", "linkedinUrl"]
    id: str


# $emails, $linkedinUrls: which of these are taken, and by whom (uniqueness checks before a write).
TAKEN_KEYS = """
MATCH (p:Person) WHERE p.email IN $emails OR p.linkedinUrl IN $linkedinUrls
UNWIND [['email', p.email IN $emails], ['linkedinUrl', p.linkedinUrl IN $linkedinUrls]] AS hit
WITH p, hit WHERE hit[1]
RETURN hit[0] AS key, p.id AS id
"""

# A position's natural key within (person, company): its start date and lower-cased title.
# MERGE on it makes recording the same position twice (API or import) a no-op.
POSITION_KEY = "coalesce(toString($startedOn), '?') + '|' + toLower(trim(coalesce($title, '')))"

# $personId, $companyId, $title, $startedOn, $endedOn.
ADD_POSITION = (
    """
MATCH (p:Person {id: $personId}), (c:Company {id: $companyId})
MERGE (p)-[w:WORKS_AT {key: """
    + POSITION_KEY
    + """}]->(c)
SET w.title = $title, w.startedOn = $startedOn, w.endedOn = $endedOn
RETURN """
    + PERSON
    + " AS person"
)

# $personId, $otherId, $on: date|null. One KNOWS per pair, whichever direction it was first recorded in.
# MERGE on the undirected pattern locks both people, so concurrent connects (either way round) make one
# edge; a separate "is there one already?" read followed by CREATE made one per racing request.
CONNECT = (
    """
MATCH (p:Person {id: $personId}), (other:Person {id: $otherId})
MERGE (p)-[k:KNOWS]-(other)
  ON CREATE SET k.since = $on, k.source = 'api'
RETURN """
    + PERSON
    + " AS person"
)


# Each statement above returns PERSON rows under `person` (TAKEN_KEYS: TakenKey rows): that RETURN is the
# contract the casts below rely on, checked by tests/network/test_rows.py.


async def by_ids(graph: Graph, ids: list[str]) -> dict[str, PersonRow]:
    return {row["person"]["id"]: cast("PersonRow", row["person"]) for row in await graph.read(PEOPLE_BY_IDS, ids=ids)}


async def by_emails(graph: Graph, emails: list[str]) -> dict[str, PersonRow]:
    rows = await graph.read(PEOPLE_BY_EMAIL, emails=emails)
    return {row["person"]["email"]: cast("PersonRow", row["person"]) for row in rows}


async def taken_keys(graph: Graph, *, emails: list[str], linkedin_urls: list[str]) -> list[TakenKey]:
    return cast("list[TakenKey]", await graph.read(TAKEN_KEYS, emails=emails, linkedinUrls=linkedin_urls))


async def create(graph: Graph, fields: dict[str, Any]) -> PersonRow:
    """The new person; KeyTaken when their email or profile URL was taken since the caller checked."""
    try:
        rows = await graph.write(CREATE_PERSON, **fields)
    except ConstraintError as error:
        raise KeyTaken(error.message) from error
    return cast("PersonRow", rows[0]["person"])


async def update(graph: Graph, person_id: str, changes: dict[str, Any], *, by_self: bool) -> PersonRow | None:
    """The updated person (None when unknown); KeyTaken as for `create`. `by_self`: see UPDATE_PERSON."""
    try:
        rows = await graph.write(UPDATE_PERSON, id=person_id, changes=changes, bySelf=by_self)
    except ConstraintError as error:
        raise KeyTaken(error.message) from error
    return cast("PersonRow", rows[0]["person"]) if rows else None


async def add_position(
    graph: Graph, *, person_id: str, company_id: str, title: str | None, started_on: date | None, ended_on: date | None
) -> PersonRow | None:
    rows = await graph.write(
        ADD_POSITION, personId=person_id, companyId=company_id, title=title, startedOn=started_on, endedOn=ended_on
    )
    return cast("PersonRow", rows[0]["person"]) if rows else None


async def connect(graph: Graph, *, person_id: str, other_id: str, on: date | None) -> PersonRow | None:
    rows = await graph.write(CONNECT, personId=person_id, otherId=other_id, on=on)
    return cast("PersonRow", rows[0]["person"]) if rows else None


async def delete(graph: Graph, person_id: str) -> bool:
    """Erase the person and everything of theirs (see DELETE_PERSON); False when there was no such person."""
    return bool(await graph.write(DELETE_PERSON, id=person_id))
