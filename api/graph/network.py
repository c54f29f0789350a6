"""The network queries: opportunities, paths, degree, encounters, mutual connections, suggestions.

Each function sends ONE Cypher query whatever the size of its answer. Searches are the bounded
breadth-first search of api.graph.links (every person expanded at most once, a few paths kept
per person), never an enumeration of paths. "Today" is a parameter so answers are reproducible.
Every answer is for a viewer (a links.Viewpoint, by default the person themself): the interview
encounters they may not see are no links. See docs/network.md for the semantics and the score.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any, Final, Literal, LiteralString, TypedDict, Unpack, cast

from neo4j.exceptions import DriverError, Neo4jError

from api.graph.links import (
    FIRST_LEVEL,
    INTERVIEW_LINK_SEEN,
    LINK_KINDS,
    LINK_ORDER,
    LINKS,
    MAX_SEARCH_HOPS,
    NEXT_LEVEL,
    NEXT_PEOPLE,
    SEARCHER,
    STEPS,
    LinkKindName,
    StepRow,
    Viewpoint,
    chain_steps,
    meet,
    participation_seen,
    path_ids,
)
from api.graph.projections import COMPANY, PERSON, person_of
from api.graph.roles import ROLE, ProjectedRole
from api.graph.rows import CompanyRow, PersonRow
from api.graph.runner import Graph
from api.graph.temporal import RowDate

logger = logging.getLogger("crosspaths.graph")

MAX_OPPORTUNITY_HOPS: Final = 4
PATHS_PER_OPPORTUNITY: Final = 3

# Where a page of a list of `total` items starts: at $skip, or with $fromEnd (a page from the end, `last`
# without `before`) at the list's last $limit items that are not before $skip.
PAGE_START: Final = "CASE WHEN $fromEnd AND total - $limit > $skip THEN total - $limit ELSE $skip END"

# The score of an (open role, contact) pair; see docs/network.md. 10 points per hop nearer dominate the tie
# bonus (hiring manager 3, recruiter 2, employee 0) and the recency of your freshest first-step encounter on
# a shortest path (in (0, 1], 0 when undated). HOPS_POINTS reads hops; RECENCY reads met and $today. Every
# score is summed in the order of the formula (hops, tie, recency), so equal pairs get equal floats.
HOPS_POINTS: Final = "10.0 * (5 - hops)"
RECENCY: Final = """CASE WHEN met IS NULL THEN 0.0
         WHEN met >= $today THEN 1.0
         ELSE 1.0 / (1.0 + duration.inDays(met, $today).days / 365.0) END"""

# An open role `r` at the company `c` that the filters keep: $companyId, $titleContains (case-insensitive),
# $remote (all str|bool|null), and $among.roleIds ([str], or null for every role: the subscriptions' new
# openings, api.live). The role ids ride in a map: Neo4j keys a plan on its parameters' types, and on a
# list's length class, so a list or null of its own would need a plan per kind of request, and planning
# OPPORTUNITIES takes seconds; in a map, the opportunities field and the subscriptions share one plan.
_ROLE_WANTED = """r.status = 'OPEN' AND ($companyId IS NULL OR c.id = $companyId)
  AND ($titleContains IS NULL OR toLower(r.title) CONTAINS toLower($titleContains))
  AND ($remote IS NULL OR coalesce(r.remote, false) = $remote)
  AND ($among.roleIds IS NULL OR r.id IN $among.roleIds)"""


# The rows of the statements below, each next to the comment documenting them. The functions at the end cast
# the driver's rows to these types: the statement's RETURN is the contract, and tests/network/test_rows.py
# runs every statement to check each row it returns against its type, key for key.


class OpportunityRow(TypedDict):
    """A pair on OPPORTUNITIES' page."""

    roleId: str
    contactId: str
    hops: int
    score: float
    ties: list[Literal["EMPLOYEE", "HIRING_MANAGER", "RECRUITER"]]
    met: RowDate | None
    futureProspect: bool | None  # null for a contact 1 hop away when `met` or the role's postedOn is unknown
    paths: list[list[StepRow]]
    role: ProjectedRole
    company: CompanyRow
    contact: PersonRow


class OpportunitiesResult(TypedDict):
    total: int
    page: list[OpportunityRow]
    people: list[PersonRow]
    person: PersonRow | None


# Every (OPEN role, contact) pair within $maxHops (1..4) of $personId over links of $kinds the viewer
# sees ($viewerId, $seesAllInterviews), best first. A contact currently works at the role's company (a
# position without an end), hires for it or recruits for it. Filters: see _ROLE_WANTED.
# Paging: $skip, $limit, $fromEnd (PAGE_START). Returns one row: total, page = [{roleId, contactId, hops, score, ties,
# met, futureProspect, paths: [[step]], role, company, contact}], people where a step is {fromId, toId, kind,
# on, companyId, companyName}, role a roles.ROLE row, company its projections.COMPANY row, contact and each
# of `people` (everyone on the page's paths) a projections.PERSON row: the API need not fetch them again;
# `person` is $personId's own row. No row at all when $personId is not a person.
#
# Near a big employer nearly everyone is within two hops and the pairs number in the hundreds of
# thousands (its current staff times its open roles), so pairs are counted, and only the page's are made
# (docs/network.md, "Ranking without listing every pair"). Each level's pairs are counted as the search
# finds the level (_reach): levels past those holding the page are found as people only, never ranked, and
# only the levels the page overlaps are ranked. Within them, the pairs come in parts of equal score:
# - a company's current staff of equal closeness (hops and recency) times its open roles, less the
#   pairs where the staff member also hires or recruits for the role, which are
# - tied pairs: a hiring manager or recruiter and their role, one part each.
# Parts of equal score form a group; the groups, best first, are counted until the page is reached, and
# within a group the pairs rank by role, then contact: whole roles are counted past, then the page's
# pairs made in order.
def contact_ties(role_wanted: str) -> str:
    """Inside a query with `contact` (a Person): one row per company where they work now (roleId and tie null)
    and per role they hire or recruit for that is `role_wanted` (a condition on `r` and its company `c`).

    Returns c, roleId, tie ('HIRES_FOR' or 'RECRUITS_FOR'). No labels on the role patterns: only roles
    are AT, HIRES_FOR and RECRUITS_FOR (see the model), and a label would let a plan made on stale
    statistics start from the Role(status) index.
    """
    return (
        """    CALL (contact) {
      MATCH (contact)-[w:WORKS_AT]->(c:Company) WHERE w.endedOn IS NULL
      RETURN c, null AS roleId, null AS tie
      UNION ALL
      MATCH (contact)-[t:HIRES_FOR|RECRUITS_FOR]->(r)-[:AT]->(c:Company)
      WHERE """
        + role_wanted
        + """
      RETURN c, r.id AS roleId, type(t) AS tie
    }
"""
    )


def people_on(scope: str, paths: str) -> str:
    """`CALL (scope) {...}` returning `people`: the projections.PERSON row of everyone on the paths that
    `paths` (an expression over the variables in `scope`) lists, each path a list of steps."""
    return (
        "CALL ("
        + scope
        + ") {\n  UNWIND "
        + paths
        + """ AS steps
  UNWIND steps AS step
  UNWIND [step.fromId, step.toId] AS id
  WITH DISTINCT id
  MATCH (p:Person {id: id})
  RETURN collect("""
        + PERSON
        + """) AS people
}"""
    )


def _pairs_among(role_wanted: str) -> str:
    """Inside a query with `contacts` (a list of Person): `pairs`, the (`role_wanted` role, contact) pairs they make.

    A contact makes a pair with each wanted role at a company where they work now (E), and with each they
    hire or recruit for (T): |E| + |T without E|. E is counted per company (its staff among `contacts`
    times its wanted roles), never listed, so a level of most of the graph costs a grouping by company.
    """
    return (
        """CALL (contacts) {
  CALL (contacts) {
    UNWIND contacts AS contact
    MATCH (contact)-[w:WORKS_AT]->(c:Company) WHERE w.endedOn IS NULL
    WITH c, count(DISTINCT contact) AS staff
    WITH staff, COUNT { MATCH (c)<-[:AT]-(r) WHERE """
        + role_wanted
        + """ } AS roles
    RETURN sum(staff * roles) AS employed
  }
  CALL (contacts) {
    UNWIND contacts AS contact
    MATCH (contact)-[:HIRES_FOR|RECRUITS_FOR]->(r)-[:AT]->(c:Company)
    WHERE """
        + role_wanted
        + """
      AND NOT EXISTS { MATCH (contact)-[w:WORKS_AT]->(c) WHERE w.endedOn IS NULL }
    WITH DISTINCT contact, r
    RETURN count(*) AS tiedOnly
  }
  RETURN employed + tiedOnly AS pairs
}
"""
    )


def _reach(role_wanted: str) -> str:
    """The search of links.search from $personId, MAX_OPPORTUNITY_HOPS levels (those past $maxHops empty), each
    level's pairs counted as it is found (`counts`, one per level: _pairs_among).

    Pruning by the best score so far: a nearer contact always outranks a farther one (10 points a hop),
    so once the levels found hold $skip + $limit pairs, the page is among them, and every farther level
    is found as its people only (links.NEXT_PEOPLE: no paths, no `met`, no sort), to be counted for the
    total. A page from the end ($fromEnd) starts from the total, so it has every level in full.
    Leaves me, levels (links.search's, bare past the page) and counts.
    """
    counted = "WITH me, levels, counts, levels[-1].nodes AS contacts\n" + _pairs_among(role_wanted)
    return (
        "\nMATCH (me:Person {id: $personId})\n"
        + FIRST_LEVEL
        + f"WITH me, [{SEARCHER}, level] AS levels, [0] AS counts\n"
        + counted
        + "".join(
            "WITH me, levels, counts + pairs AS counts\n"
            f"WITH me, levels, counts, $maxHops >= {level} AS deep,\n"
            "     $fromEnd OR reduce(before = 0, pairs IN counts | before + pairs) < $skip + $limit AS detail\n"
            # `expand` (NEXT_LEVEL's) only once NEXT_PEOPLE has run: its subquery names its own `expand`.
            "WITH me, levels, counts, deep AND detail AS whole, deep AND NOT detail AS bare\n"
            + NEXT_PEOPLE
            + "WITH me, levels, counts, bare, people, whole AS expand\n"
            + NEXT_LEVEL
            + "WITH me, levels + CASE WHEN bare THEN people ELSE level END AS levels, counts\n"
            + counted
            for level in range(2, MAX_OPPORTUNITY_HOPS + 1)
        )
        + "WITH me, levels, counts + pairs AS counts\n"
    )


def _opportunities(role_wanted: str) -> str:
    """OPPORTUNITIES with `role_wanted` as the condition on every role it ranks."""
    return (
        _reach(role_wanted)
        + """
// A fresh row: the search's own lists stay behind, so no buffered row below carries them.
WITH me, collect({levels: levels, counts: counts})[0] AS searched
WITH me, searched.levels AS levels, searched.counts AS counts,
     reduce(total = 0, pairs IN searched.counts | total + pairs) AS total
WITH me, levels, counts, total, """
        + PAGE_START
        + """ AS start
// The page's pairs come from the levels whose part of the ranking it overlaps (nearer levels rank first):
// only their people are ranked, after `passed` pairs of the nearer levels.
WITH me, levels, counts, total, start,
     [hops IN range(0, size(counts) - 1) | reduce(before = 0, pairs IN counts[..hops] | before + pairs)] AS befores
WITH me, levels, total, start, befores,
     [hops IN range(0, size(counts) - 1) WHERE befores[hops] < start + $limit AND befores[hops] + counts[hops] > start]
       AS paged
// The ranking reads only who is reached and when met, not the paths: Neo4j counts what a subquery
// imports once more in each operator that buffers rows.
WITH me, levels, total, start, coalesce(befores[paged[0]], 0) AS passed,
     [hops IN range(0, size(levels) - 1) | CASE WHEN hops IN paged THEN levels[hops].nodes ELSE [] END] AS people,
     [hops IN range(0, size(levels) - 1) | CASE WHEN hops IN paged THEN levels[hops].mets ELSE [] END] AS mets
CALL (people, mets) {
  CALL (people, mets) {
    // Every contact within reach, once per company where they work now or hire or recruit for an open
    // role; no labels on the role patterns: only roles are AT, HIRES_FOR and RECRUITS_FOR (see the
    // model), and a label would let a plan made on stale statistics start from the Role(status) index.
    UNWIND range(1, size(people) - 1) AS hops
    UNWIND range(0, size(people[hops]) - 1) AS at
    WITH hops, at, people[hops][at] AS contact, mets[hops][at] AS met
"""
        + contact_ties(role_wanted)
        + """    WITH c, hops, at, contact.id AS contactId, """
        + HOPS_POINTS
        + """ AS points, """
        + RECENCY
        + """ AS recency,
         count(CASE WHEN roleId IS NULL THEN 1 END) > 0 AS employee, collect(DISTINCT roleId) AS tiedRoles,
         collect(CASE WHEN roleId IS NOT NULL THEN [roleId, tie] END) AS ties
    WHERE $companyId IS NULL OR c.id = $companyId
    // Sorted rows stay small (ids and numbers): there are as many as contacts. A contact is a number in
    // the parts below, at * 8 + hops (hops <= 4): a map per contact took over 100 MiB at 100 000 people.
    WITH c, hops, at, contactId, points, recency, employee, tiedRoles, ties ORDER BY contactId
    WITH c, points + recency AS closeness,
         collect(CASE WHEN employee THEN at * 8 + hops END) AS staff,
         collect(CASE WHEN employee AND tiedRoles <> [] THEN [at * 8 + hops, tiedRoles] END) AS tiedStaff,
         collect(CASE WHEN ties <> [] THEN {contact: at * 8 + hops, id: contactId, points: points, recency: recency,
                                            employee: employee, tiedRoles: tiedRoles, ties: ties} END) AS tied
    WITH c, collect({closeness: closeness, staff: staff, tiedStaff: tiedStaff}) AS classes, collect(tied) AS tied
    WITH c, classes, reduce(flat = [], some IN tied | flat + some) AS tied,
         CASE WHEN any(class IN classes WHERE class.staff <> []) THEN
           COLLECT { MATCH (c)<-[:AT]-(r) WHERE """
        + role_wanted
        + """ WITH r.id AS id ORDER BY id RETURN id }
         ELSE [] END AS roleIds
    // A part: its score, its roles, its contacts, and which (contact, role) pairs it leaves to the tied parts.
    UNWIND [class IN classes WHERE class.staff <> [] | {score: class.closeness, roleIds: roleIds, staff: class.staff,
              excluded: reduce(pairs = [], member IN class.tiedStaff |
                               pairs + [roleId IN member[1] | [member[0], roleId]]),
              ties: ['EMPLOYEE'], first: ''}]
           + reduce(parts = [], member IN tied | parts + [roleId IN member.tiedRoles | {
               score: member.points + CASE WHEN [roleId, 'HIRES_FOR'] IN member.ties THEN 3.0
                                           WHEN [roleId, 'RECRUITS_FOR'] IN member.ties THEN 2.0 ELSE 0.0 END
                      + member.recency,
               roleIds: [roleId], staff: [member.contact], excluded: [], first: member.id,
               ties: [kind IN [['EMPLOYEE', member.employee],
                               ['HIRING_MANAGER', [roleId, 'HIRES_FOR'] IN member.ties],
                               ['RECRUITER', [roleId, 'RECRUITS_FOR'] IN member.ties]] WHERE kind[1] | kind[0]]}])
      AS part
    RETURN part
  }
  WITH part.score AS score, sum(size(part.roleIds) * size(part.staff) - size(part.excluded)) AS pairs,
       collect(part) AS parts
  ORDER BY score DESC
  RETURN collect({score: score, pairs: pairs, parts: parts}) AS groups
}
// The groups the page takes pairs from, each with how many of its pairs come before the page.
WITH me, levels, people, total,
     reduce(walk = {before: passed, picks: []}, group IN groups |
            CASE WHEN walk.before >= start + $limit OR walk.before + group.pairs <= start
                 THEN walk {.picks, before: walk.before + group.pairs}
                 ELSE {before: walk.before + group.pairs, picks: walk.picks + {group: group,
                       passed: CASE WHEN start > walk.before THEN start - walk.before ELSE 0 END}} END).picks AS picks
CALL (picks, people) {
  UNWIND range(0, size(picks) - 1) AS pickAt
  CALL (picks, pickAt, people) {
    // The group's roles in order, with how many of its pairs each has. Sorted rows carry positions, not
    // the parts: Neo4j counts a list held in a row once for each row that holds it.
    CALL (picks, pickAt) {
      UNWIND range(0, size(picks[pickAt].group.parts) - 1) AS partAt
      UNWIND picks[pickAt].group.parts[partAt].roleIds AS roleId
      WITH partAt, roleId, picks[pickAt].group.parts[partAt].first AS first,
           size(picks[pickAt].group.parts[partAt].staff)
             - size([pair IN picks[pickAt].group.parts[partAt].excluded WHERE pair[1] = roleId]) AS pairs
      WHERE pairs > 0
      ORDER BY roleId, first
      RETURN collect({roleId: roleId, partAt: partAt, pairs: pairs}) AS roles
    }
    // Whole roles before the page are counted past; the page's pairs are made in order.
    WITH picks[pickAt] AS pick, roles, reduce(walk = {at: 0, before: 0, done: false}, role IN roles |
           CASE WHEN walk.done OR walk.before + role.pairs > picks[pickAt].passed THEN walk {.at, .before, done: true}
                ELSE {at: walk.at + 1, before: walk.before + role.pairs, done: false} END) AS walk, people
    UNWIND range(walk.at, size(roles) - 1) AS roleAt
    WITH pick, pick.group.parts[roles[roleAt].partAt] AS part, roles[roleAt].roleId AS roleId, people,
         CASE WHEN roleAt = walk.at THEN pick.passed - walk.before ELSE 0 END AS passed
    UNWIND [contact IN part.staff WHERE NOT [contact, roleId] IN part.excluded][passed..] AS contact
    RETURN {score: pick.group.score, roleId: roleId, contactId: people[contact % 8][contact / 8].id,
            hops: contact % 8, at: contact / 8, ties: part.ties} AS row
    LIMIT $limit
  }
  RETURN collect(row)[..$limit] AS ranked
}
WITH me, total, [row IN ranked | row {.score, .roleId, .contactId, .hops, .ties,
       met: levels[row.hops].mets[row.at],
       paths: [path IN range(0, size(levels[row.hops].via[row.at]) - 1) |
               [me.id] + """
        + path_ids("levels", "row.hops", "row.at", "path")
        + """]}] AS page
// Aggregating starts fresh rows, without the search's lists, for the per-page subqueries below.
WITH total, collect(page)[0] AS page
CALL (page) {
  UNWIND range(0, size(page) - 1) AS rowAt
  WITH rowAt, page[rowAt] AS row, page[rowAt].paths AS chains
  """
        + chain_steps("chains")
        + """  MATCH (r:Role {id: row.roleId})-[:AT]->(c:Company)
  MATCH (p:Person {id: row.contactId})
  WITH rowAt, row {.roleId, .contactId, .hops, .score, .ties, .met, paths: paths,
                futureProspect: row.hops = 1 AND r.postedOn > row.met, role: """
        + ROLE
        + """, company: """
        + COMPANY
        + """, contact: """
        + PERSON
        + """} AS row ORDER BY rowAt
  RETURN collect(row) AS rows
}
"""
        + people_on("rows", "reduce(flat = [], row IN rows | flat + row.paths)")
        + """
MATCH (p:Person {id: $personId})
RETURN total, rows AS page, people, """
        + PERSON
        + """ AS person
"""
    )


def _one_map(cypher: LiteralString) -> LiteralString:
    """`cypher` with each parameter `$name` read as `$ask.name`: its arguments passed as one map, `ask`.

    Neo4j keys a cached plan on each parameter's type, and on a string's or a list's length class (0, 1,
    2-10, 11-127, 128+): a request with `titleContains` or `kinds` of a class not seen yet, a null where
    a value was, or ids shorter than the app's UUIDs, planned the whole search again on its own clock
    (seconds for these two statements; docs/benchmarks.md). A map parameter is one type whatever it
    holds, so one plan serves every request. The texts above keep plain names, to read; the sent text
    is this one (the names are our fixed literals, never input).
    """
    return re.sub(r"\$([A-Za-z_][A-Za-z0-9_]*)", r"$ask.\1", cypher)


OPPORTUNITIES: Final = _one_map(_opportunities(_ROLE_WANTED))


class PathRow(TypedDict):
    hops: int
    steps: list[StepRow]


class PathsResult(TypedDict):
    paths: list[PathRow]
    people: list[PersonRow]
    person: PersonRow | None


# Up to $k shortest paths from $personId to $targetId within $maxHops (1..6) over links of $kinds the
# viewer sees ($viewerId, $seesAllInterviews); with $shown false, their hops only (steps [] and no people):
# degreeTo. One statement for both, so Neo4j plans the search once (seconds) for the two fields.
# Returns one row: paths = [{hops, steps}] in order (steps as in OPPORTUNITIES; [] when out of reach),
# `people`, the projections.PERSON row of everyone on them, and `person`, $personId's own row, so the
# API need not look them up as well.
# No row at all when $personId is not a person.
PATHS_TO: Final = _one_map(
    meet(MAX_SEARCH_HOPS - 1)
    + """
// A fresh row: the searches' own lists stay behind, so no buffered row below carries them.
WITH me, target, collect({forward: forward, backward: backward, meeting: meeting})[0] AS searched
WITH me, target, searched.forward AS forward, searched.backward AS backward, searched.meeting AS meeting,
     size(searched.forward) - 1 AS ahead, size(searched.backward) - 1 AS behind
// The first $k shortest paths: through the people met, freshest first, each path there times each back.
WITH me, target, forward, backward, ahead, behind,
     reduce(chosen = [], pair IN meeting | CASE WHEN size(chosen) >= $k THEN chosen
            ELSE chosen + reduce(pairs = [], there IN range(0, size(forward[ahead].via[pair[0]]) - 1) |
                   pairs + [back IN range(0, size(backward[behind].via[pair[1]]) - 1) |
                            [pair[0], there, pair[1], back]])
            END)[..$k] AS chosen
WITH me, CASE WHEN chosen = [] THEN null ELSE {hops: ahead + behind, ids: [pick IN chosen |
       [me.id] + """
    + path_ids("forward", "ahead", "pick[0]", "pick[1]")
    + """
       + CASE WHEN behind = 0 THEN [] ELSE reverse("""
    + path_ids("backward", "behind", "pick[2]", "pick[3]")
    + """)[1..] + [target.id] END]} END AS found
CALL (found) {
  UNWIND range(0, size(coalesce(found.ids, [])) - 1) AS pathAt
  WITH pathAt, CASE WHEN $shown THEN found.ids[pathAt] ELSE [] END AS ids
  CALL (ids) {"""
    + STEPS
    + """}
  WITH pathAt, steps ORDER BY pathAt
  RETURN collect({hops: found.hops, steps: steps}) AS paths
}
"""
    + people_on("paths", "[path IN paths | path.steps]")
    + """
WITH me AS p, paths, people
RETURN paths, people, """
    + PERSON
    + """ AS person
"""
)


class EncounterRow(TypedDict):
    person: PersonRow
    kind: LinkKindName
    on: RowDate | None
    companyId: str | None
    companyName: str | None


class EncountersResult(TypedDict):
    total: int
    page: list[EncounterRow]


# Everyone $personId has a link with (that the viewer sees), one row per link, newest first (undated
# last). Paging: $skip, $limit, $fromEnd (PAGE_START). Reads $kinds, $today, $viewerId, $seesAllInterviews.
# Returns one row: total, page = [{person, kind, on, companyId, companyName}], person a projections.PERSON row.
ENCOUNTERS: Final = (
    """
MATCH (a:Person {id: $personId})
CALL (a) {"""
    + LINKS
    + """}
WITH other, kind, on, companyId, companyName ORDER BY """
    + LINK_ORDER
    + """, other.name, other.id, companyName
WITH collect({other: other, kind: kind, on: on, companyId: companyId, companyName: companyName}) AS rows
WITH rows, size(rows) AS total
WITH rows, total, """
    + PAGE_START
    + """ AS start
RETURN total, [row IN rows[start..start + $limit] | {person: """
    + person_of("row.other")
    + """, kind: row.kind, on: row.on, companyId: row.companyId, companyName: row.companyName}] AS page
"""
)


class MutualConnectionsResult(TypedDict):
    total: int
    page: list[PersonRow]


# People both $personId and $otherId KNOW (either direction), by name. Paging: $skip, $limit, $fromEnd
# (PAGE_START). Returns one row: total, page = [projections.PERSON row].
MUTUAL_CONNECTIONS: Final = (
    """
OPTIONAL MATCH (me:Person {id: $personId})-[:KNOWS]-(m:Person)-[:KNOWS]-(other:Person {id: $otherId})
  WHERE m <> me AND m <> other AND me <> other
WITH DISTINCT m ORDER BY m.name, m.id
WITH collect(m) AS mutuals
WITH mutuals, size(mutuals) AS total
WITH mutuals, total, """
    + PAGE_START
    + """ AS start
RETURN total, [p IN mutuals[start..start + $limit] | """
    + PERSON
    + """] AS page
"""
)


class SuggestionRow(TypedDict):
    person: PersonRow
    score: float
    mutualCount: int
    mutuals: list[PersonRow]
    sharedEmployers: list[str]
    sharedInterviews: list[str]


# People $personId may know: not linked to them yet (no link of any kind), ranked by
# mutualCount (people linked to both) + 0.5 per shared employer (at other times) + 0.5 per company
# both interviewed with; ties by id. Links and interviews are those the viewer sees ($viewerId,
# $seesAllInterviews; links.participation_seen). Reads $kinds (all kinds), $today, $limit. Returns rows
# {person, score, mutualCount, mutuals (up to 3, by name), sharedEmployers, sharedInterviews
# (company names)}, person and each of mutuals a projections.PERSON row.
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
RETURN """
    + person_of("other")
    + """ AS person, score, size(mutuals) AS mutualCount,
       [p IN mutuals[..3] | """
    + PERSON
    + """] AS mutuals, employers AS sharedEmployers, interviews AS sharedInterviews
"""
)


class ValueCount(TypedDict):
    value: str
    count: int


class InterviewStatsResult(TypedDict):
    asCandidate: int
    practice: int
    asInterviewer: int
    byStage: list[ValueCount]
    byOutcome: list[ValueCount]
    peopleMet: int
    peopleMetAtHiringCompanies: int


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
_PAGE: Final = {"skip": 0, "limit": 1, "fromEnd": False}


def planned_statements() -> list[tuple[LiteralString, dict[str, Any]]]:
    """Every network statement with parameters of the types requests send (plan_ahead, tests/network/test_plans.py)."""
    nobody, kinds, day = "no-such-person", list(LINK_KINDS), date(2000, 1, 1)
    seen = Viewpoint(nobody).parameters(nobody)
    return [
        (OPPORTUNITIES, opportunities_parameters(nobody, max_hops=1, on=day)),
        (PATHS_TO, paths_parameters(nobody, nobody, max_hops=1, first=1, on=day)),
        (ENCOUNTERS, {"personId": nobody, "kinds": kinds, "today": day} | _PAGE | seen),
        (MUTUAL_CONNECTIONS, {"personId": nobody, "otherId": nobody} | _PAGE),
        (SUGGESTIONS, {"personId": nobody, "kinds": kinds, "today": day, "limit": 1} | seen),
        (INTERVIEW_STATS, {"personId": nobody} | seen),
    ]


# Planning the long search queries on a cold JVM can take far longer than a request may (tens of
# seconds on a busy 2-core machine); done once at start-up, later requests find the plans cached.
PLANNING_TIMEOUT_S: Final = 300.0


Planned = Sequence[tuple[LiteralString, dict[str, Any]]]


async def plan_ahead(graph: Graph, more: Planned = ()) -> None:
    """Have Neo4j plan every network query now, and `more` (statements built on them), so no request pays for it.

    Each is run for a person nobody has (planned_statements), which finds nothing at once, rather than
    EXPLAINed: Neo4j caches an EXPLAIN's plan apart from a run's, and the first request after an EXPLAIN
    still paid for much of the planning again. `more` is how a module that builds on this one
    (api.graph.interview_value) has its statements planned too. Best effort: with the database
    unreachable the app still starts (and reports it per request).
    """
    planner = Graph(graph.driver, graph.database, timeout_s=PLANNING_TIMEOUT_S)
    try:
        for cypher, parameters in [*planned_statements(), *more]:
            await planner.read(cypher, **parameters)
    except (DriverError, Neo4jError) as error:
        logger.warning("network queries not planned ahead: %s", error)


# Imports smaller than this move the statistics too little to change a plan; re-planning after each
# would clear every plan for nothing (the searches take seconds each to plan).
REPLAN_AFTER_ROWS: Final = 500


async def replan(graph: Graph, more: Planned = ()) -> bool:
    """After a bulk write: statistics brought up to date, then every network statement (and `more`) planned on them.

    Neo4j plans with the statistics of the moment and keeps a plan until they drift far enough, after
    a delay: right after an import the first request would re-plan the long searches on its own clock
    (seconds, past a request's timeout on a busy machine), or run a plan made for the graph before.
    `db.prepareForReplanning` resamples the indexes and clears the plan cache (the short entity
    statements re-plan in milliseconds); plan_ahead then plans the searches anew. It needs an admin
    user: without one the searches are still planned ahead, on the statistics Neo4j has. True when
    the statistics were refreshed.
    """
    planner = Graph(graph.driver, graph.database, timeout_s=PLANNING_TIMEOUT_S)
    try:
        await planner.write("CALL db.prepareForReplanning()")
        refreshed = True
    except (DriverError, Neo4jError) as error:
        logger.warning("statistics not refreshed after the import (the searches are planned on older ones): %s", error)
        refreshed = False
    await plan_ahead(graph, more)
    return refreshed


def today() -> date:
    """The date every "until today" in the network semantics refers to (UTC)."""
    return datetime.now(UTC).date()


def _kinds(kinds: Sequence[str] | None) -> list[str]:
    return list(LINK_KINDS) if kinds is None else [kind for kind in LINK_KINDS if kind in kinds]


def _seen_by(person_id: str, viewer: Viewpoint | None) -> dict[str, Any]:
    """The viewer's parameters; no viewer means the person themself."""
    return (viewer or Viewpoint(person_id)).parameters(person_id)


class OpportunitiesAsked(TypedDict, total=False):
    """What an opportunities request asks beside whose and how far; opportunities_parameters holds the defaults."""

    skip: int  # 0
    limit: int  # 20
    from_end: bool  # False: see PAGE_START
    company_id: str | None
    title_contains: str | None
    remote: bool | None
    kinds: Sequence[str] | None  # None: every kind of link
    role_ids: Sequence[str] | None  # not None: among these roles only
    on: date | None  # None: today
    viewer: Viewpoint | None  # None: the person themself


def opportunities_parameters(person_id: str, *, max_hops: int, **asked: Unpack[OpportunitiesAsked]) -> dict[str, Any]:
    """The parameters of OPPORTUNITIES for these arguments (checked), as its one map `ask` (_one_map)."""
    role_ids = asked.get("role_ids")
    if not 1 <= max_hops <= MAX_OPPORTUNITY_HOPS:
        raise ValueError(f"max_hops must be between 1 and {MAX_OPPORTUNITY_HOPS}, got {max_hops}")
    parameters = {
        "personId": person_id,
        "targetId": None,
        "maxHops": max_hops,
        "k": PATHS_PER_OPPORTUNITY,
        "kinds": _kinds(asked.get("kinds")),
        "today": asked.get("on") or today(),
        "skip": asked.get("skip", 0),
        "limit": asked.get("limit", 20),
        "fromEnd": asked.get("from_end", False),
        "companyId": asked.get("company_id"),
        "titleContains": asked.get("title_contains"),
        "remote": asked.get("remote"),
        "among": {"roleIds": None if role_ids is None else list(role_ids)},
    } | _seen_by(person_id, asked.get("viewer"))
    return {"ask": parameters}


async def opportunities(
    graph: Graph, person_id: str, *, max_hops: int, for_response: bool = False, **asked: Unpack[OpportunitiesAsked]
) -> OpportunitiesResult:
    """{total, page, people, person}: the (open role, contact) pairs within `max_hops` (1..4), best first.

    The page: `limit` pairs from `skip`, or `from_end`, the last `limit` pairs from `skip` on (see PAGE_START).
    See OPPORTUNITIES; `person` is None (and the page empty) when `person_id` is not a person.
    `viewer`: whose answer it is (default: the person's own). `for_response`: the dates stay the
    driver's (Graph.read_for_response).
    """
    parameters = opportunities_parameters(person_id, max_hops=max_hops, **asked)
    read = graph.read_for_response if for_response else graph.read
    rows = await read(OPPORTUNITIES, **parameters)
    return cast("OpportunitiesResult", rows[0]) if rows else {"total": 0, "page": [], "people": [], "person": None}


def paths_parameters(
    person_id: str,
    target_id: str,
    *,
    max_hops: int,
    first: int,
    kinds: Sequence[str] | None = None,
    on: date | None = None,
    viewer: Viewpoint | None = None,
    shown: bool = True,
) -> dict[str, Any]:
    """The parameters of PATHS_TO for these arguments (checked), as its one map `ask` (_one_map); see
    `paths_to`. `shown`: False for the paths' hops only (`degree`)."""
    if not 1 <= max_hops <= MAX_SEARCH_HOPS:
        raise ValueError(f"max_hops must be between 1 and {MAX_SEARCH_HOPS}, got {max_hops}")
    parameters = {
        "personId": person_id,
        "targetId": target_id,
        "maxHops": max_hops,
        "k": first,
        "kinds": _kinds(kinds),
        "today": on or today(),
        "shown": shown,
    } | _seen_by(person_id, viewer)
    return {"ask": parameters}


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
) -> PathsResult:
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
    return cast("PathsResult", rows[0]) if rows else {"paths": [], "people": [], "person": None}


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
    parameters = paths_parameters(
        person_id, target_id, max_hops=MAX_SEARCH_HOPS, first=1, kinds=kinds, on=on, viewer=viewer, shown=False
    )
    rows = await graph.read(PATHS_TO, **parameters)
    paths = cast("PathsResult", rows[0])["paths"] if rows else []
    return paths[0]["hops"] if paths else None


async def encounters(
    graph: Graph,
    person_id: str,
    *,
    skip: int,
    limit: int,
    from_end: bool = False,
    on: date | None = None,
    viewer: Viewpoint | None = None,
) -> EncountersResult:
    """{total, page}: every link of the person the viewer sees, newest first (see ENCOUNTERS; paging: PAGE_START)."""
    rows = await graph.read(
        ENCOUNTERS,
        personId=person_id,
        kinds=list(LINK_KINDS),
        today=on or today(),
        skip=skip,
        limit=limit,
        fromEnd=from_end,
        **_seen_by(person_id, viewer),
    )
    return cast("EncountersResult", rows[0])


async def mutual_connections(
    graph: Graph, person_id: str, other_id: str, *, skip: int, limit: int, from_end: bool = False
) -> MutualConnectionsResult:
    """{total, page}: the people both KNOW, by name (KNOWS links are everyone's to see; paging: PAGE_START)."""
    rows = await graph.read(
        MUTUAL_CONNECTIONS, personId=person_id, otherId=other_id, skip=skip, limit=limit, fromEnd=from_end
    )
    return cast("MutualConnectionsResult", rows[0])


async def suggestions(
    graph: Graph, person_id: str, *, limit: int, on: date | None = None, viewer: Viewpoint | None = None
) -> list[SuggestionRow]:
    """People the person may know, best first (see SUGGESTIONS)."""
    rows = await graph.read(
        SUGGESTIONS,
        personId=person_id,
        kinds=list(LINK_KINDS),
        today=on or today(),
        limit=limit,
        **_seen_by(person_id, viewer),
    )
    return cast("list[SuggestionRow]", rows)


async def interview_stats(
    graph: Graph, person_id: str, *, viewer: Viewpoint | None = None
) -> InterviewStatsResult | None:
    """Totals over the person's interviews as the viewer sees them (see INTERVIEW_STATS); None for an unknown person."""
    rows = await graph.read(INTERVIEW_STATS, personId=person_id, **_seen_by(person_id, viewer))
    return cast("InterviewStatsResult", rows[0]) if rows else None
