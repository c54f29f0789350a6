"""The network queries: opportunities, paths, degree, encounters, mutual connections, suggestions.

Each function sends ONE Cypher query whatever the size of its answer. Searches are the bounded
breadth-first search of api.graph.links (every person expanded at most once, a few paths kept
per person), never an enumeration of paths. "Today" is a parameter so answers are reproducible.
Every answer is for a viewer (a links.Viewpoint, by default the person themself): the interview
encounters they may not see are no links. See docs/network.md for the semantics and the score.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any, Final, LiteralString

from neo4j.exceptions import DriverError, Neo4jError

from api.graph.links import (
    INTERVIEW_LINK_SEEN,
    LINK_KINDS,
    LINK_ORDER,
    LINKS,
    MAX_SEARCH_HOPS,
    STEPS,
    Viewpoint,
    participation_seen,
    search,
)
from api.graph.projections import COMPANY, PERSON
from api.graph.roles import ROLE
from api.graph.runner import Graph, Row

logger = logging.getLogger("crosspaths.graph")

MAX_OPPORTUNITY_HOPS: Final = 4
PATHS_PER_OPPORTUNITY: Final = 3

# The score of an (open role, contact) pair; see docs/network.md. Reads hops, met, ties, $today.
# 10 points per hop nearer dominate the tie bonus (hiring manager 3, recruiter 2, employee 0) and the
# recency of your freshest first-step encounter on a shortest path (in (0, 1], 0 when undated).
SCORE: Final = """10.0 * (5 - hops)
  + CASE WHEN 'HIRING_MANAGER' IN ties THEN 3.0 WHEN 'RECRUITER' IN ties THEN 2.0 ELSE 0.0 END
  + CASE WHEN met IS NULL THEN 0.0
         WHEN met >= $today THEN 1.0
         ELSE 1.0 / (1.0 + duration.inDays(met, $today).days / 365.0) END"""

# Every (OPEN role, contact) pair within $maxHops (1..4) of $personId over links of $kinds the viewer
# sees ($viewerId, $seesAllInterviews), best first. A contact currently works at the role's company (a
# position without an end), hires for it or recruits for it. Filters: $companyId, $titleContains
# (case-insensitive), $remote (all str|bool|null).
# Paging: $skip, $limit. Returns one row: total, page = [{roleId, contactId, hops, score, ties,
# met, futureProspect, paths: [[step]], role, company, contact}], people where a step is {fromId, toId, kind,
# on, companyId, companyName}, role a roles.ROLE row, company its projections.COMPANY row, contact and each
# of `people` (everyone on the page's paths) a projections.PERSON row: the API need not fetch them again;
# `person` is $personId's own row. No row at all when $personId is not a person.
OPPORTUNITIES: Final = (
    search(MAX_OPPORTUNITY_HOPS)
    + """
UNWIND reached AS hit
WITH hit.node AS contact, hit.hops AS hops, hit.met AS met, [path IN hit.paths | path.ids] AS paths
// Each contact's open roles by tie, as lists rather than a UNION in a CALL per contact: with plans
// made on a 10x smaller graph (Neo4j keeps them a while) the UNION form needed over 256 MiB of
// transaction memory for every person asked on a 20 000-person graph; this form for none.
// No labels on these patterns (only roles are AT, HIRES_FOR and RECRUITS_FOR, see the model), so
// the only way in is from the contact: a plan made while the statistics still said "no roles"
// (just after a bulk write) scanned the Role(status) index and hash-joined every open role once
// per contact, and needed over 256 MiB for half the people asked even at 2 000 people.
WITH contact, hops, met, paths,
     COLLECT { MATCH (contact)-[w:WORKS_AT]->(company)<-[:AT]-(r) WHERE w.endedOn IS NULL AND r.status = 'OPEN'
               RETURN DISTINCT r } AS employer,
     COLLECT { MATCH (contact)-[:HIRES_FOR]->(r) WHERE r.status = 'OPEN' RETURN r } AS hiring,
     COLLECT { MATCH (contact)-[:RECRUITS_FOR]->(r) WHERE r.status = 'OPEN' RETURN r } AS recruiting
UNWIND employer + [r IN hiring WHERE NOT r IN employer]
       + [r IN recruiting WHERE NOT r IN employer AND NOT r IN hiring] AS r
WITH contact, hops, met, paths, r,
     [tie IN [['EMPLOYEE', r IN employer], ['HIRING_MANAGER', r IN hiring], ['RECRUITER', r IN recruiting]]
      WHERE tie[1] | tie[0]] AS ties
MATCH (r)-[:AT]->(c:Company)
WHERE ($companyId IS NULL OR c.id = $companyId)
  AND ($titleContains IS NULL OR toLower(r.title) CONTAINS toLower($titleContains))
  AND ($remote IS NULL OR coalesce(r.remote, false) = $remote)
// Sorted rows stay small (ids and values, not nodes or the search's maps): there can be thousands.
WITH r.id AS roleId, contact.id AS contactId, hops, met, paths, ties, r.postedOn AS postedOn, """
    + SCORE
    + """ AS score
ORDER BY score DESC, roleId, contactId
WITH collect({roleId: roleId, contactId: contactId, hops: hops, score: score, ties: ties, met: met,
              futureProspect: hops = 1 AND postedOn > met, paths: paths}) AS rows
// Neo4j counts the values a row carries against the transaction's memory in every operator that
// buffers it, and a slice is a view of its whole list: copy the page out, and aggregate once so the
// rows below start fresh, without `rows` or the search's lists.
WITH size(rows) AS total, [row IN rows[$skip..$skip + $limit] | row] AS page
WITH total, collect(page)[0] AS page
CALL (page) {
  UNWIND range(0, size(page) - 1) AS at
  WITH at, page[at] AS row
  CALL (row) {
    UNWIND range(0, size(row.paths) - 1) AS pathAt
    WITH pathAt, row.paths[pathAt] AS ids
    CALL (ids) {"""
    + STEPS
    + """}
    WITH pathAt, steps ORDER BY pathAt
    RETURN collect(steps) AS paths
  }
  MATCH (r:Role {id: row.roleId})-[:AT]->(c:Company), (p:Person {id: row.contactId})
  WITH at, row {.*, paths: paths, role: """
    + ROLE
    + """, company: """
    + COMPANY
    + """, contact: """
    + PERSON
    + """} AS row ORDER BY at
  RETURN collect(row) AS rows
}
CALL (rows) {
  UNWIND rows AS row
  UNWIND row.paths AS steps
  UNWIND steps AS step
  UNWIND [step.fromId, step.toId] AS id
  WITH DISTINCT id
  MATCH (p:Person {id: id})
  RETURN collect("""
    + PERSON
    + """) AS people
}
MATCH (p:Person {id: $personId})
RETURN total, rows AS page, people, """
    + PERSON
    + """ AS person
"""
)

# OPPORTUNITIES among the roles $roleIds ([str]) only: the subscriptions' new openings (api.graph.openings).
# A statement of its own, so that the opportunities field keeps its text and so its plan.
_LAST_ROLE_FILTER: Final = "  AND ($remote IS NULL OR coalesce(r.remote, false) = $remote)\n"
OPPORTUNITIES_AMONG: Final = OPPORTUNITIES.replace(_LAST_ROLE_FILTER, _LAST_ROLE_FILTER + "  AND r.id IN $roleIds\n")

# Up to $k shortest paths from $personId to $targetId within $maxHops (1..6) over links of $kinds the
# viewer sees ($viewerId, $seesAllInterviews).
# Returns one row: paths = [{hops, steps}] in order (steps as in OPPORTUNITIES; [] when out of reach)
# and `person`, $personId's own projections.PERSON row, so the API need not look them up as well.
# No row at all when $personId is not a person.
PATHS_TO: Final = (
    search(MAX_SEARCH_HOPS)
    + """
// Aggregating starts fresh rows, without the search's lists (see OPPORTUNITIES): a projection
// (WITH me, [...] AS found) left them in every buffered row below, 118 MiB each at 10 000 people.
WITH me, collect([hit IN reached WHERE hit.node = target | {hops: hit.hops, ids: [path IN hit.paths | path.ids]}][0])[0]
     AS found
CALL (found) {
  UNWIND range(0, size(coalesce(found.ids, [])) - 1) AS pathAt
  WITH pathAt, found.ids[pathAt] AS ids
  CALL (ids) {"""
    + STEPS
    + """}
  WITH pathAt, steps ORDER BY pathAt
  RETURN collect({hops: found.hops, steps: steps}) AS paths
}
WITH me AS p, paths
RETURN paths, """
    + PERSON
    + """ AS person
"""
)

# Hops from $personId to $targetId over links of $kinds the viewer sees within $maxHops; no row when farther.
DEGREE: Final = (
    search(MAX_SEARCH_HOPS) + "UNWIND [hit IN reached WHERE hit.node = target] AS hit RETURN hit.hops AS hops"
)

# Everyone $personId has a link with (that the viewer sees), one row per link, newest first (undated
# last). Paging: $skip, $limit. Reads $kinds, $today, $viewerId, $seesAllInterviews. Returns one row:
# total, page = [{personId, kind, on, companyId, companyName}].
ENCOUNTERS: Final = (
    """
MATCH (a:Person {id: $personId})
CALL (a) {"""
    + LINKS
    + """}
WITH other, kind, on, companyId, companyName ORDER BY """
    + LINK_ORDER
    + """, other.name, other.id, companyName
WITH collect({personId: other.id, kind: kind, on: on, companyId: companyId, companyName: companyName}) AS rows
RETURN size(rows) AS total, rows[$skip..$skip + $limit] AS page
"""
)

# People both $personId and $otherId KNOW (either direction), by name. Paging: $skip, $limit.
# Returns one row: total, page = [person id].
MUTUAL_CONNECTIONS: Final = """
OPTIONAL MATCH (me:Person {id: $personId})-[:KNOWS]-(m:Person)-[:KNOWS]-(other:Person {id: $otherId})
  WHERE m <> me AND m <> other AND me <> other
WITH DISTINCT m ORDER BY m.name, m.id
WITH collect(m.id) AS ids
RETURN size(ids) AS total, ids[$skip..$skip + $limit] AS page
"""

# People $personId may know: not linked to them yet (no link of any kind), ranked by
# mutualCount (people linked to both) + 0.5 per shared employer (at other times) + 0.5 per company
# both interviewed with; ties by id. Links and interviews are those the viewer sees ($viewerId,
# $seesAllInterviews; links.participation_seen). Reads $kinds (all kinds), $today, $limit. Returns rows
# {personId, score, mutualCount, mutualIds (up to 3, by name), sharedEmployers, sharedInterviews
# (company names)}.
SUGGESTIONS: Final = (
    """
MATCH (me:Person {id: $personId})
CALL (me) {
  WITH me AS a
  CALL (a) {"""
    + LINKS
    + """}
  RETURN collect(DISTINCT other) AS linked
}
CALL (me, linked) {
  UNWIND linked AS a
  CALL (a) {"""
    + LINKS
    + """}
  WITH a AS mutual, other WHERE other <> me AND NOT other IN linked
  RETURN other, mutual, null AS employer, null AS interviewedWith
  UNION
  MATCH (me)-[:WORKS_AT]->(c:Company)<-[:WORKS_AT]-(other:Person)
  WHERE other <> me AND NOT other IN linked
  RETURN other, null AS mutual, c.name AS employer, null AS interviewedWith
  UNION
  MATCH (me)-[mine:CANDIDATE_IN|INTERVIEWER_IN]->(:Interview)-[:WITH]->(c:Company)
        <-[:WITH]-(:Interview)<-[theirs:CANDIDATE_IN|INTERVIEWER_IN]-(other:Person)
  WHERE other <> me AND NOT other IN linked
    AND """
    + participation_seen("me", "mine")
    + " AND "
    + participation_seen("other", "theirs")
    + """
  RETURN other, null AS mutual, null AS employer, c.name AS interviewedWith
}
WITH other, mutual, employer, interviewedWith ORDER BY mutual.name, mutual.id, employer, interviewedWith
WITH other, collect(DISTINCT mutual) AS mutuals, collect(DISTINCT employer) AS employers,
     collect(DISTINCT interviewedWith) AS interviews
WITH other, mutuals, employers, interviews,
     size(mutuals) + 0.5 * size(employers) + 0.5 * size(interviews) AS score
ORDER BY score DESC, other.id
LIMIT $limit
RETURN other.id AS personId, score, size(mutuals) AS mutualCount, [m IN mutuals | m.id][..3] AS mutualIds,
       employers AS sharedEmployers, interviews AS sharedInterviews
"""
)

# What $personId's interviews add up to, as the viewer sees them ($viewerId, $seesAllInterviews): the
# participations links.participation_seen shows, the people met through interview links the viewer
# sees. Returns one row: asCandidate, practice, asInterviewer, byStage / byOutcome ([{value, count}],
# missing values skipped), peopleMet (distinct people met at interviews), peopleMetAtHiringCompanies
# (those who now work where a role is OPEN). No row for an unknown person.
INTERVIEW_STATS: Final = (
    """
MATCH (me:Person {id: $personId})
CALL (me) {
  WITH me AS p
  OPTIONAL MATCH (p)-[r:CANDIDATE_IN|INTERVIEWER_IN]->(i:Interview) WHERE """
    + participation_seen("p", "r")
    + """
  RETURN collect(CASE WHEN type(r) = 'CANDIDATE_IN' THEN i END) AS taken,
         count(CASE WHEN type(r) = 'INTERVIEWER_IN' THEN i END) AS asInterviewer
}
CALL (taken) {
  UNWIND taken AS i
  WITH i.stage AS value, count(i) AS count WHERE value IS NOT NULL
  WITH value, count ORDER BY value
  RETURN collect({value: value, count: count}) AS byStage
}
CALL (taken) {
  UNWIND taken AS i
  WITH i.outcome AS value, count(i) AS count WHERE value IS NOT NULL
  WITH value, count ORDER BY value
  RETURN collect({value: value, count: count}) AS byOutcome
}
CALL (me) {
  WITH me AS a
  OPTIONAL MATCH (a)-[ra:CANDIDATE_IN|INTERVIEWER_IN]->(:Interview)<-[rb:CANDIDATE_IN|INTERVIEWER_IN]-(b:Person)
    WHERE b <> a AND """
    + INTERVIEW_LINK_SEEN
    + """
  WITH DISTINCT b
  RETURN count(b) AS peopleMet,
         count(CASE WHEN EXISTS {
           MATCH (b)-[w:WORKS_AT]->(:Company)<-[:AT]-(:Role {status: 'OPEN'}) WHERE w.endedOn IS NULL
         } THEN 1 END) AS peopleMetAtHiringCompanies
}
RETURN size(taken) AS asCandidate, size([i IN taken WHERE i.practice]) AS practice, asInterviewer,
       byStage, byOutcome, peopleMet, peopleMetAtHiringCompanies
"""
)


# Neo4j keys its plan cache on the statement and the names and types of its parameters: a plan made
# with other placeholders (an empty `kinds`, a string where requests send null) is never used by a
# request. Hence the same parameters the functions below send, for a person nobody has.
def planned_statements() -> list[tuple[LiteralString, dict[str, Any]]]:
    """Every network statement with parameters of the types requests send (plan_ahead, tests/network/test_plans.py)."""
    nobody, kinds, day = "no-such-person", list(LINK_KINDS), date(2000, 1, 1)
    seen = Viewpoint(nobody).parameters(nobody)
    return [
        (OPPORTUNITIES, opportunities_parameters(nobody, max_hops=1, on=day)),
        (OPPORTUNITIES_AMONG, opportunities_parameters(nobody, max_hops=1, role_ids=[nobody], on=day)),
        (PATHS_TO, paths_parameters(nobody, nobody, max_hops=1, first=1, on=day)),
        (DEGREE, {"personId": nobody, "targetId": nobody, "maxHops": 1, "k": 1, "kinds": kinds, "today": day} | seen),
        (ENCOUNTERS, {"personId": nobody, "kinds": kinds, "today": day, "skip": 0, "limit": 1} | seen),
        (MUTUAL_CONNECTIONS, {"personId": nobody, "otherId": nobody, "skip": 0, "limit": 1}),
        (SUGGESTIONS, {"personId": nobody, "kinds": kinds, "today": day, "limit": 1} | seen),
        (INTERVIEW_STATS, {"personId": nobody} | seen),
    ]


# Planning the long search queries on a cold JVM can take far longer than a request may (tens of
# seconds on a busy 2-core machine); done once at start-up, later requests find the plans cached.
PLANNING_TIMEOUT_S: Final = 300.0


async def plan_ahead(graph: Graph) -> None:
    """Have Neo4j plan (not run) every network query now, so no request pays for it.

    Best effort: with the database unreachable the app still starts (and reports it per request).
    """
    planner = Graph(graph.driver, graph.database, timeout_s=PLANNING_TIMEOUT_S)
    try:
        for cypher, parameters in planned_statements():
            await planner.read("EXPLAIN " + cypher, **parameters)
    except (DriverError, Neo4jError) as error:
        logger.warning("network queries not planned ahead: %s", error)


def today() -> date:
    """The date every "until today" in the network semantics refers to (UTC)."""
    return datetime.now(UTC).date()


def _kinds(kinds: Sequence[str] | None) -> list[str]:
    return list(LINK_KINDS) if kinds is None else [kind for kind in LINK_KINDS if kind in kinds]


def _seen_by(person_id: str, viewer: Viewpoint | None) -> dict[str, Any]:
    """The viewer's parameters; no viewer means the person themself."""
    return (viewer or Viewpoint(person_id)).parameters(person_id)


def opportunities_parameters(
    person_id: str,
    *,
    max_hops: int,
    skip: int = 0,
    limit: int = 20,
    company_id: str | None = None,
    title_contains: str | None = None,
    remote: bool | None = None,
    kinds: Sequence[str] | None = None,
    role_ids: Sequence[str] | None = None,
    on: date | None = None,
    viewer: Viewpoint | None = None,
) -> dict[str, Any]:
    """The parameters of OPPORTUNITIES (OPPORTUNITIES_AMONG with `role_ids`) for these arguments (checked)."""
    if not 1 <= max_hops <= MAX_OPPORTUNITY_HOPS:
        raise ValueError(f"max_hops must be between 1 and {MAX_OPPORTUNITY_HOPS}, got {max_hops}")
    parameters = {
        "personId": person_id,
        "targetId": None,
        "maxHops": max_hops,
        "k": PATHS_PER_OPPORTUNITY,
        "kinds": _kinds(kinds),
        "today": on or today(),
        "skip": skip,
        "limit": limit,
        "companyId": company_id,
        "titleContains": title_contains,
        "remote": remote,
    } | _seen_by(person_id, viewer)
    if role_ids is not None:
        parameters["roleIds"] = list(role_ids)
    return parameters


async def opportunities(
    graph: Graph,
    person_id: str,
    *,
    max_hops: int,
    skip: int = 0,
    limit: int = 20,
    company_id: str | None = None,
    title_contains: str | None = None,
    remote: bool | None = None,
    kinds: Sequence[str] | None = None,
    role_ids: Sequence[str] | None = None,
    on: date | None = None,
    viewer: Viewpoint | None = None,
    for_response: bool = False,
) -> Row:
    """{total, page, people, person}: the (open role, contact) pairs within `max_hops` (1..4), best first.

    See OPPORTUNITIES; `person` is None (and the page empty) when `person_id` is not a person.
    `viewer`: whose answer it is (default: the person's own). `for_response`: the dates stay the
    driver's (Graph.read_for_response).
    """
    parameters = opportunities_parameters(
        person_id,
        max_hops=max_hops,
        skip=skip,
        limit=limit,
        company_id=company_id,
        title_contains=title_contains,
        remote=remote,
        kinds=kinds,
        role_ids=role_ids,
        on=on,
        viewer=viewer,
    )
    read = graph.read_for_response if for_response else graph.read
    rows = await read(OPPORTUNITIES if role_ids is None else OPPORTUNITIES_AMONG, **parameters)
    return rows[0] if rows else {"total": 0, "page": [], "people": [], "person": None}


def paths_parameters(
    person_id: str,
    target_id: str,
    *,
    max_hops: int,
    first: int,
    kinds: Sequence[str] | None = None,
    on: date | None = None,
    viewer: Viewpoint | None = None,
) -> dict[str, Any]:
    """The parameters of PATHS_TO for these arguments (checked); see `paths_to`."""
    if not 1 <= max_hops <= MAX_SEARCH_HOPS:
        raise ValueError(f"max_hops must be between 1 and {MAX_SEARCH_HOPS}, got {max_hops}")
    return {
        "personId": person_id,
        "targetId": target_id,
        "maxHops": max_hops,
        "k": first,
        "kinds": _kinds(kinds),
        "today": on or today(),
    } | _seen_by(person_id, viewer)


async def paths_to(
    graph: Graph,
    person_id: str,
    target_id: str,
    *,
    max_hops: int,
    first: int,
    kinds: Sequence[str] | None = None,
    on: date | None = None,
    viewer: Viewpoint | None = None,
    for_response: bool = False,
) -> Row:
    """{paths, person}: up to `first` shortest paths [{hops, steps}] within `max_hops` (1..6), [] when
    out of reach (or to oneself), and the person's own row (None, with no paths, when not a person).
    `viewer`: whose answer it is (default: the person's own). `for_response`: the dates stay the
    driver's (Graph.read_for_response).
    """
    parameters = paths_parameters(
        person_id, target_id, max_hops=max_hops, first=first, kinds=kinds, on=on, viewer=viewer
    )
    read = graph.read_for_response if for_response else graph.read
    rows = await read(PATHS_TO, **parameters)
    return rows[0] if rows else {"paths": [], "person": None}


async def degree(
    graph: Graph,
    person_id: str,
    target_id: str,
    *,
    kinds: Sequence[str] | None = None,
    on: date | None = None,
    viewer: Viewpoint | None = None,
) -> int | None:
    """Hops between two people, or None when farther than 6 or not connected (0 to oneself)."""
    if person_id == target_id:
        return 0
    rows = await graph.read(
        DEGREE,
        personId=person_id,
        targetId=target_id,
        maxHops=MAX_SEARCH_HOPS,
        k=1,
        kinds=_kinds(kinds),
        today=on or today(),
        **_seen_by(person_id, viewer),
    )
    return int(rows[0]["hops"]) if rows else None


async def encounters(
    graph: Graph, person_id: str, *, skip: int, limit: int, on: date | None = None, viewer: Viewpoint | None = None
) -> Row:
    """{total, page}: every link of the person the viewer sees, newest first (see ENCOUNTERS)."""
    rows = await graph.read(
        ENCOUNTERS,
        personId=person_id,
        kinds=list(LINK_KINDS),
        today=on or today(),
        skip=skip,
        limit=limit,
        **_seen_by(person_id, viewer),
    )
    return rows[0]


async def mutual_connections(graph: Graph, person_id: str, other_id: str, *, skip: int, limit: int) -> Row:
    """{total, page}: ids of the people both KNOW, by name (KNOWS links are everyone's to see)."""
    rows = await graph.read(MUTUAL_CONNECTIONS, personId=person_id, otherId=other_id, skip=skip, limit=limit)
    return rows[0]


async def suggestions(
    graph: Graph, person_id: str, *, limit: int, on: date | None = None, viewer: Viewpoint | None = None
) -> list[Row]:
    """People the person may know, best first (see SUGGESTIONS)."""
    return await graph.read(
        SUGGESTIONS,
        personId=person_id,
        kinds=list(LINK_KINDS),
        today=on or today(),
        limit=limit,
        **_seen_by(person_id, viewer),
    )


async def interview_stats(graph: Graph, person_id: str, *, viewer: Viewpoint | None = None) -> Row | None:
    """Totals over the person's interviews as the viewer sees them (see INTERVIEW_STATS); None for an unknown person."""
    rows = await graph.read(INTERVIEW_STATS, personId=person_id, **_seen_by(person_id, viewer))
    return rows[0] if rows else None
