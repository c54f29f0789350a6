"""What an interview is worth: the network a person would have after one interview at a company, in ONE statement.

Nothing is written. The interview is hypothetical: the people the person would likely meet there
(the panel) become links dated today, as if the interview had happened. The search of
api.graph.links runs once from the person as the network is ("before"), and once per company with
the panel as the person's only links: a shortest path from the person that uses the interview starts
with it, so whatever the interview brings within reach is reached that way, by the same shortest
paths and with the same `met` as a search of the whole network after it would find. "After" is
"before" plus what the panel's search reaches that the first did not; so the panel's search expands
only people the first did not reach as near (links.NEXT_LEVEL_PAST_KNOWN): nobody else leads to a
newcomer. The answer is the difference: people, open roles and companies newly within reach, and each
newly reachable role by its best contact, scored as api.graph.network scores opportunities. See
docs/network.md, "What an interview is worth", for the rules and what they cost; the oracle
(tests/network/oracle.py) recomputes the whole network after the interview.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, Final, LiteralString, TypedDict, Unpack, cast

from api.graph.links import (
    LINK_KINDS,
    LINKS,
    STEPS,
    Viewpoint,
    chain_steps,
    participation_seen,
    path_ids,
    reach,
    search,
)
from api.graph.network import (
    HOPS_POINTS,
    MAX_OPPORTUNITY_HOPS,
    PATHS_PER_OPPORTUNITY,
    RECENCY,
    OpportunityRow,
    contact_ties,
    today,
)
from api.graph.projections import COMPANY, PERSON
from api.graph.roles import ROLE, ProjectedRole
from api.graph.rows import CompanyRow, PersonRow
from api.graph.runner import Graph
from api.graph.temporal import RowDate

# The panel: the role's hiring manager and recruiters (at most ROLE_CONTACTS of them), then the
# company's current employees who sat on most of its interview panels (at most EMPLOYEES).
ROLE_CONTACTS: Final = 5
EMPLOYEES: Final = 5
# Companies one interviewValues compares, and how far: each company costs a search from its panel, which
# within 2 hops reads the panel's own links only, but within 3 may cover the whole network again.
MAX_COMPANIES: Final = 10
MAX_COMPARED_HOPS: Final = 2

# Whether the hypothetical encounter of `person` (who takes the interview) and `e` (a panel member) is a
# link for the viewer: the sharing rule of links.INTERVIEW_LINK_SEEN, both parts taken as confirmed. The
# API asks only for the person themself or an admin, for whom it always holds.
_MEETING_SEEN = """($seesAllInterviews OR person.id = $viewerId OR e.id = $viewerId
       OR (coalesce(person.sharesEncounters, false) AND coalesce(e.sharesEncounters, false)))"""

# The searcher's links (level 1 of the search, see links.search) in a `world` ({at, companyId,
# companyName, meets: [person id]}) after a hypothetical interview: only the people it meets, each by
# their real links with the searcher and by the interview, dated today.
_FIRST_LINKS: Final = (
    """
  UNWIND world.meets AS metId
  MATCH (b:Person {id: metId})
  CALL (a, b) {"""
    + LINKS
    + """}
  RETURN other, on
  UNION
  UNWIND world.meets AS metId
  MATCH (other:Person {id: metId})
  WHERE 'MET_AT_INTERVIEW' IN $kinds
  RETURN other, $today AS on
"""
)

# The steps of the chain of person ids `ids` (from the person) in the `world`: the first step is the
# hypothetical interview (`hypothetical: true`) when that is the freshest link of the pair, as
# links.LINK_ORDER sorts them (it is dated today; a real link of the same day and an earlier kind goes
# first). links.STEPS finds the real links, and none for a first pair whose only link is the interview.
_WORLD_STEPS: Final = (
    """
  CALL (ids) {"""
    + STEPS
    + """}
  WITH ids, world, steps, CASE WHEN steps[0].fromId = ids[0] THEN steps[0] END AS real
  WITH steps, real, ids[1] IN world.meets AS meets,
       {fromId: ids[0], toId: ids[1], kind: 'MET_AT_INTERVIEW', on: $today, companyId: world.companyId,
        companyName: world.companyName, hypothetical: true} AS meeting
  RETURN CASE WHEN real IS NULL THEN [meeting] + steps
              WHEN meets AND (real.on IS NULL OR real.on < $today OR (real.on = $today AND real.kind > meeting.kind))
                THEN [meeting] + steps[1..]
              ELSE steps END AS steps
"""
)

# The panel at each of $ask.companyIds, in the order they are listed: the contacts of the role `r` (if
# any), then employees by panels sat on. Reads person, r. Returns worlds: [{at, companyId, companyName,
# panel: [{id, hiringManager, recruiter, panels, worksThere, since}], meets: [id of the panel members
# whose meeting the viewer sees]}], in the order of $ask.companyIds.
_PANELS: Final = (
    """
CALL (person, r) {
  UNWIND range(0, size($ask.companyIds) - 1) AS at
  MATCH (c:Company {id: $ask.companyIds[at]})
  WITH person, at, c,
       COLLECT { MATCH (m:Person)-[:HIRES_FOR]->(r) WHERE m <> person RETURN m ORDER BY m.name, m.id } AS managers,
       COLLECT { MATCH (m:Person)-[:RECRUITS_FOR]->(r) WHERE m <> person RETURN m ORDER BY m.name, m.id } AS recruiters
  WITH person, at, c, managers, recruiters,
       (managers + [m IN recruiters WHERE NOT m IN managers])[..$ask.roleContacts] AS ties
  CALL (person, c, ties) {
    MATCH (c)<-[w:WORKS_AT]-(e:Person) WHERE w.endedOn IS NULL AND e <> person AND NOT e IN ties
    WITH DISTINCT e
    WITH e, COUNT { MATCH (e)-[part:INTERVIEWER_IN]->(:Interview)-[:WITH]->(c) WHERE """
    + participation_seen("e", "part")
    + """ } AS panels
    ORDER BY panels DESC, e.name, e.id
    LIMIT $ask.employees
    RETURN collect(e) AS employees
  }
  WITH person, at, c, managers, recruiters, ties + employees AS people
  CALL (c, managers, recruiters, people) {
    UNWIND range(0, size(people) - 1) AS position
    WITH position, people[position] AS e
    WITH position, {id: e.id, hiringManager: e IN managers, recruiter: e IN recruiters,
         panels: COUNT { MATCH (e)-[part:INTERVIEWER_IN]->(:Interview)-[:WITH]->(c) WHERE """
    + participation_seen("e", "part")
    + """ },
         worksThere: EXISTS { MATCH (e)-[w:WORKS_AT]->(c) WHERE w.endedOn IS NULL },
         since: COLLECT { MATCH (e)-[w:WORKS_AT]->(c) WHERE w.endedOn IS NULL
                          RETURN w.startedOn AS since ORDER BY since }[0]} AS member
    ORDER BY position
    RETURN collect(member) AS panel
  }
  WITH at, c, panel, [e IN people WHERE """
    + _MEETING_SEEN
    + """ | e.id] AS meets
  ORDER BY at
  RETURN collect({at: at, companyId: c.id, companyName: c.name, panel: panel, meets: meets}) AS worlds
}
"""
)

# Reach before: the search `known` from the person summed up. Returns before ({people, within1, openRoles,
# companies}: counts), companyIds (where someone within reach works now: every open role there is within
# reach) and tiedIds (the open roles someone within reach hires or recruits for).
_BEFORE: Final = (
    """
CALL (known) {
  UNWIND range(1, size(known) - 1) AS hops
  UNWIND known[hops].nodes AS contact
"""
    + contact_ties("r.status = 'OPEN'")
    + """  WITH c, count(roleId) < count(*) AS employs, collect(DISTINCT roleId) AS tied
  WITH c, employs, tied,
       CASE WHEN employs THEN COUNT { MATCH (c)<-[:AT]-(r) WHERE r.status = 'OPEN' } ELSE size(tied) END AS roles
  RETURN collect(CASE WHEN employs THEN c.id END) AS companyIds, reduce(ids = [], some IN collect(tied) | ids + some)
           AS tiedIds, sum(roles) AS openRoles
}
WITH person, worlds, known, afters, companyIds, tiedIds,
     {people: reduce(count = 0, level IN known[1..] | count + size(level.nodes)), within1: size(known[1].nodes),
      openRoles: openRoles, companies: size(companyIds)} AS before
"""
)

# Who the interview brings within reach: the people the search `levels` (from the panel of `world`)
# reaches and `known` (from the person, as the network is) does not, excluded by grouping (a hash join),
# as links.search excludes people seen. The person is in `known` (level 0), so never new, should the
# panel's search reach them again (see links.search). Returns newcomers ([at * 8 + hops]: where each is
# in `levels`), newWithin1 (how many are one hop away now and were not before) and watched ([{id, hops}]:
# the panel's hops before, null when out of reach).
_NEWCOMERS: Final = """
  CALL (world, known, levels) {
    CALL (world, known, levels) {
      UNWIND range(0, size(known) - 1) AS hops
      UNWIND known[hops].nodes AS node
      RETURN node, hops AS hopsBefore, null AS reached, false AS member
      UNION ALL
      UNWIND range(1, size(levels) - 1) AS hops
      UNWIND range(0, size(levels[hops].nodes) - 1) AS at
      RETURN levels[hops].nodes[at] AS node, null AS hopsBefore, at * 8 + hops AS reached, false AS member
      UNION ALL
      UNWIND world.panel AS panelist
      MATCH (node:Person {id: panelist.id})
      RETURN node, null AS hopsBefore, null AS reached, true AS member
    }
    WITH node, min(hopsBefore) AS hopsBefore, min(reached) AS reached, count(CASE WHEN member THEN 1 END) > 0 AS member
    WHERE reached IS NOT NULL OR member
    RETURN collect(CASE WHEN hopsBefore IS NULL AND reached IS NOT NULL THEN reached END) AS newcomers,
           count(CASE WHEN reached % 8 = 1 AND (hopsBefore IS NULL OR hopsBefore > 1) THEN 1 END) AS newWithin1,
           collect(CASE WHEN member THEN {id: node.id, hops: hopsBefore} END) AS watched
  }
"""

# What the newcomers lead to, per company where one works now or hires or recruits for an open role and
# where nobody within reach before works now (else every open role there was within reach, and the
# company counted). Returns companies: [{company, staff (whether a newcomer works there now), pairs:
# [{roleId, contactId, code, score}]}], the candidates for each open role's best pair: the company's best
# staff member (nearest, freshest, then by id) for each of its open roles, and each newcomer's pair with a
# role they hire or recruit for. No other pair can be a role's best: any other staff member scores at
# most as much and, when equal, has a greater id. Scores are summed as network.OPPORTUNITIES sums them.
_NEW_PAIRS: Final = (
    """
  CALL (levels, newcomers, companyIds) {
    UNWIND newcomers AS code
    WITH companyIds, code, levels[code % 8].nodes[code / 8] AS contact, code % 8 AS hops,
         levels[code % 8].mets[code / 8] AS met
"""
    + contact_ties("r.status = 'OPEN'")
    + """    WITH companyIds, c, code, contact, hops, met, roleId, tie WHERE NOT c.id IN companyIds
    WITH c, code, contact.id AS contactId, """
    + HOPS_POINTS
    + """ AS points, """
    + RECENCY
    + """ AS recency,
         count(roleId) < count(*) AS employee, collect(CASE WHEN roleId IS NOT NULL THEN [roleId, tie] END) AS ties
    WITH c, code, contactId, points, recency, employee, ties ORDER BY points + recency DESC, contactId
    WITH c, collect(CASE WHEN employee THEN [code, contactId] END)[0] AS best,
         max(CASE WHEN employee THEN points + recency END) AS bestScore,
         reduce(pairs = [], some IN collect([tie IN ties |
                  {roleId: tie[0], contactId: contactId, code: code,
                   score: points + CASE tie[1] WHEN 'HIRES_FOR' THEN 3.0 ELSE 2.0 END + recency}]) | pairs + some)
           AS tied
    WITH c, best IS NOT NULL AS staff,
         CASE WHEN best IS NULL THEN [] ELSE
           COLLECT { MATCH (c)<-[:AT]-(r) WHERE r.status = 'OPEN'
                     RETURN {roleId: r.id, contactId: best[1], code: best[0], score: bestScore} AS pair }
         END + tied AS pairs
    RETURN collect({company: c, staff: staff, pairs: pairs}) AS companies
  }
"""
)

# Each new open role by its best pair (highest score, then contact id), best first: by score, then role
# title (which reads the same in every copy of the data, unlike ids), then role id. A role someone within
# reach before hires or recruits for was within reach: not new. Returns fresh: [{roleId, contactId, code,
# score}].
_FRESH: Final = """
  CALL (companies, tiedIds) {
    UNWIND companies AS company
    UNWIND company.pairs AS pair
    WITH tiedIds, pair WHERE NOT pair.roleId IN tiedIds
    WITH pair ORDER BY pair.score DESC, pair.contactId
    WITH pair.roleId AS roleId, collect(pair)[0] AS best
    MATCH (r:Role {id: roleId})
    WITH best, r.title AS title ORDER BY best.score DESC, title, best.roleId
    RETURN collect(best) AS fresh
  }
"""

# The rows of the new opportunities at the positions $ask.windows asks for ([[skip, limit, fromEnd]]; from
# the end (1), the last `limit` positions from `skip` on, as network.PAGE_START), each as
# network.OPPORTUNITIES pages them; the first step of a path may be the interview (see _WORLD_STEPS).
_PAGE: Final = (
    """
  CALL (person, world, levels, fresh) {
    UNWIND [position IN range(0, size(fresh) - 1)
            WHERE any(window IN [wanted IN $ask.windows |
                                 CASE WHEN wanted[2] = 1 AND size(fresh) - wanted[1] > wanted[0]
                                      THEN [size(fresh) - wanted[1], wanted[1]] ELSE wanted END]
                      WHERE window[0] <= position < window[0] + window[1])] AS position
    WITH person, world, levels, position, fresh[position] AS pick
    WITH person, world, levels, position, pick, pick.code % 8 AS hops, pick.code / 8 AS at
    WITH world, position, pick, hops, levels[hops].mets[at] AS met,
         [path IN range(0, size(levels[hops].via[at]) - 1) | [person.id] + """
    + path_ids("levels", "hops", "at", "path")
    + """] AS chains
    """
    + chain_steps("chains", steps=_WORLD_STEPS, carrying=("world",))
    + """    MATCH (r:Role {id: pick.roleId})-[:AT]->(c:Company)
    MATCH (p:Person {id: pick.contactId})
    WITH position, {roleId: pick.roleId, contactId: pick.contactId, hops: hops, score: pick.score, met: met,
           ties: [tie IN [['EMPLOYEE', EXISTS { MATCH (p)-[w:WORKS_AT]->(c) WHERE w.endedOn IS NULL }],
                          ['HIRING_MANAGER', EXISTS { MATCH (p)-[:HIRES_FOR]->(r) }],
                          ['RECRUITER', EXISTS { MATCH (p)-[:RECRUITS_FOR]->(r) }]] WHERE tie[1] | tie[0]],
           futureProspect: hops = 1 AND r.postedOn > met, paths: paths, role: """
    + ROLE
    + """, company: """
    + COMPANY
    + """, contact: """
    + PERSON
    + """} AS row
    ORDER BY position
    RETURN collect({at: position, row: row}) AS page
  }
"""
)


# The rows of INTERVIEW_VALUE, as its comment below documents them; interview_values casts the driver's row to
# InterviewValueResult: the statement's RETURN is the contract, checked by tests/network/test_rows.py.
class AskedCompany(TypedDict):
    id: str
    found: bool


class ReachRow(TypedDict):
    people: int
    within1: int
    openRoles: int
    companies: int


class PanelMember(TypedDict):
    id: str
    hiringManager: bool
    recruiter: bool
    panels: int
    worksThere: bool
    since: RowDate | None


class WatchedMember(TypedDict):
    id: str
    hops: int | None


class PagedOpportunity(TypedDict):
    at: int
    row: OpportunityRow


class CompanyValue(TypedDict):
    at: int
    company: CompanyRow
    panel: list[PanelMember]
    watched: list[WatchedMember]
    newPeople: int
    newWithin1: int
    after: ReachRow
    newOpportunities: int
    page: list[PagedOpportunity]
    newCompanies: list[CompanyRow]


class _Weighed(TypedDict):
    """INTERVIEW_VALUE's row but its values."""

    asked: list[AskedCompany]
    role: ProjectedRole | None
    roleCompany: CompanyRow | None
    valid: bool
    before: ReachRow | None
    people: list[PersonRow]


class InterviewValueResult(_Weighed):
    values: list[CompanyValue] | None


class InterviewValues(_Weighed):
    """What interview_values answers: INTERVIEW_VALUE's row, its values in the order asked ([] when not valid)."""

    values: list[CompanyValue]


# The value of one interview at each of $ask.companyIds (1..MAX_COMPANIES) for $personId, within $maxHops
# (1..4), as the viewer sees the network ($viewerId, $seesAllInterviews). $ask.roleId (str|null, with one
# company only): the role interviewed for. $ask.roleContacts, $ask.employees: the panel's bounds. $ask.windows
# ([[skip, limit]]): the slices of each company's new opportunities to return with their paths;
# $ask.newCompanies: how many new companies to return (by name). Also reads $kinds, $k, $today as
# links.search does.
# Returns no row when $personId is not a person, else one: asked ([{id, found}] per company id), role (a
# roles.ROLE row, or null) and roleCompany (its COMPANY row), valid (every company found and the role, if
# any, at the first), before ({people, within1, openRoles, companies}: the person's reach now; null when not valid),
# people (projections.PERSON rows of everyone the answer names) and values (null when not valid), one per
# company, in any order: {at (its position in $ask.companyIds), company (COMPANY row), panel ([{id,
# hiringManager, recruiter, panels, worksThere, since}]), watched ([{id, hops}]: each panel member's hops
# now, null when out of reach), newPeople, newWithin1, after (as before), newOpportunities (how many new
# open roles), page ([{at, row}]: the rows of the new opportunities at the positions $ask.windows ask for,
# as network.OPPORTUNITIES pages them, whose path steps may carry `hypothetical: true`), newCompanies
# (COMPANY rows by name, at most $ask.newCompanies)}.
INTERVIEW_VALUE: Final = (
    """
MATCH (person:Person {id: $personId})
CALL () {
  UNWIND range(0, size($ask.companyIds) - 1) AS at
  OPTIONAL MATCH (c:Company {id: $ask.companyIds[at]})
  WITH at, c ORDER BY at
  RETURN collect({id: $ask.companyIds[at], found: c IS NOT NULL}) AS asked
}
OPTIONAL MATCH (r:Role {id: $ask.roleId})
WITH person, asked, r, COLLECT { MATCH (r)-[:AT]->(c:Company) RETURN c }[0] AS c
WITH person, asked, r, CASE WHEN r IS NULL THEN null ELSE """
    + ROLE
    + """ END AS role, CASE WHEN c IS NULL THEN null ELSE """
    + COMPANY
    + """ END AS roleCompany,
     all(a IN asked WHERE a.found) AND ($ask.roleId IS NULL OR coalesce(c.id = $ask.companyIds[0], false)) AS valid
OPTIONAL CALL (person, r, valid) {
  WITH person, r, valid WHERE valid"""
    + _PANELS
    + """// `known`: the network as it is, searched from the person. Its reach is only counted and compared,
// never shown, so its levels are their people only (links.reach).
CALL () {"""
    + reach(MAX_OPPORTUNITY_HOPS)
    + """  RETURN levels AS known
}
// Each world `at` has the panel of $ask.companyIds[at] as the person's links (see the docstring), and
// its search expands only people `known` did not reach as near: no one else leads to a newcomer.
CALL (worlds, known) {
  UNWIND worlds AS world
  WITH known, world {.at, .companyId, .companyName, .meets} AS world
  CALL (world, known) {"""
    + search(MAX_OPPORTUNITY_HOPS, first_links=_FIRST_LINKS, carrying=("world",), past_known=True)
    + """    RETURN levels
  }
  WITH world.at AS at, levels ORDER BY at
  RETURN collect(levels) AS afters
}
WITH person, worlds, known, afters
"""
    + _BEFORE
    + """CALL (person, worlds, known, afters, companyIds, tiedIds, before) {
  UNWIND range(0, size(worlds) - 1) AS worldAt
  WITH person, worldAt, worlds[worldAt] AS world, afters[worldAt] AS levels, known, companyIds, tiedIds, before"""
    + _NEWCOMERS
    + _NEW_PAIRS
    + _FRESH
    + _PAGE
    + """  CALL (companies) {
    UNWIND companies AS company
    WITH company.company AS c WHERE company.staff
    WITH c ORDER BY c.name, c.id
    WITH collect(c) AS found
    RETURN size(found) AS newCompanyCount, [c IN found[..$ask.newCompanies] | """
    + COMPANY
    + """] AS newCompanies
  }
  MATCH (c:Company {id: world.companyId})
  RETURN collect({at: worldAt, company: """
    + COMPANY
    + """, panel: world.panel, watched: watched, newPeople: size(newcomers), newWithin1: newWithin1,
                  after: {people: before.people + size(newcomers), within1: before.within1 + newWithin1,
                          openRoles: before.openRoles + size(fresh), companies: before.companies + newCompanyCount},
                  newOpportunities: size(fresh), page: page, newCompanies: newCompanies}) AS values
}
CALL (person, values) {
  UNWIND [person.id] + reduce(ids = [], value IN values | ids + [member IN value.panel | member.id]
           + reduce(named = [], entry IN value.page | named + [entry.row.contactId]
                    + reduce(on = [], steps IN entry.row.paths | on + [step IN steps | step.toId]))) AS id
  WITH DISTINCT id
  MATCH (p:Person {id: id})
  RETURN collect("""
    + PERSON
    + """) AS people
}
RETURN before, values, people
}
RETURN asked, role, roleCompany, valid, before, values, coalesce(people, []) AS people
"""
)


class InterviewAsked(TypedDict, total=False):
    """What an interview value asks beside whose and which companies; `parameters` holds the defaults."""

    role_id: str | None  # the role interviewed for, with one company only
    max_hops: int  # 2
    windows: Sequence[tuple[int, int] | tuple[int, int, bool]]  # (skip, limit[, from_end]) of new opportunities
    new_companies: int  # 0: how many new companies to return
    on: date | None  # None: today
    viewer: Viewpoint | None  # None: the person themself


def parameters(person_id: str, company_ids: Sequence[str], **asked: Unpack[InterviewAsked]) -> dict[str, Any]:
    """The parameters of INTERVIEW_VALUE for these arguments (checked); see `interview_values`."""
    max_hops, role_id = asked.get("max_hops", 2), asked.get("role_id")
    if not 1 <= max_hops <= MAX_OPPORTUNITY_HOPS:
        raise ValueError(f"max_hops must be between 1 and {MAX_OPPORTUNITY_HOPS}, got {max_hops}")
    if not 1 <= len(company_ids) <= MAX_COMPANIES:
        raise ValueError(f"between 1 and {MAX_COMPANIES} companies, got {len(company_ids)}")
    if role_id is not None and len(company_ids) != 1:
        raise ValueError("a role goes with one company")
    return {
        "personId": person_id,
        "maxHops": max_hops,
        "k": PATHS_PER_OPPORTUNITY,
        "kinds": list(LINK_KINDS),
        "today": asked.get("on") or today(),
        # In one map: Neo4j plans a statement anew for each length class of a list or string parameter
        # (one company or several, no role or one), and planning this one takes seconds.
        "ask": {
            "companyIds": list(company_ids),
            "roleId": role_id,
            "windows": [[window[0], window[1], int(window[2:] == (True,))] for window in asked.get("windows", ())],
            "newCompanies": asked.get("new_companies", 0),
            "roleContacts": ROLE_CONTACTS,
            "employees": EMPLOYEES,
        },
    } | (asked.get("viewer") or Viewpoint(person_id)).parameters(person_id)


async def interview_values(
    graph: Graph,
    person_id: str,
    company_ids: Sequence[str],
    *,
    for_response: bool = False,
    **asked: Unpack[InterviewAsked],
) -> InterviewValues | None:
    """The INTERVIEW_VALUE row for these companies, its values in their order; None when `person_id` is not a person.

    `viewer`: whose answer it is (default: the person's own). `for_response`: the dates stay the
    driver's (Graph.read_for_response).
    """
    read = graph.read_for_response if for_response else graph.read
    rows = await read(INTERVIEW_VALUE, **parameters(person_id, company_ids, **asked))
    if not rows:
        return None
    row = cast("InterviewValueResult", rows[0])
    return {**row, "values": sorted(row["values"] or [], key=lambda value: value["at"])}


def planned_statements() -> list[tuple[LiteralString, dict[str, Any]]]:
    """INTERVIEW_VALUE with parameters of the types requests send, for a person nobody has.

    For network.plan_ahead and network.replan (their `more`) and tests/network/test_plans.py.
    """
    nobody = "no-such-person"
    return [
        (
            INTERVIEW_VALUE,
            parameters(nobody, [nobody], role_id=nobody, windows=[(0, 1)], new_companies=1, on=date(2000, 1, 1)),
        )
    ]
