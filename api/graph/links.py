"""What a link between two people is, and the bounded breadth-first search over links, as Cypher fragments.

A link is KNOWS (either direction), MET_AT_INTERVIEW (both took part in the same interview)
or WORKED_TOGETHER (positions at the same company with overlapping dates). Links are never
stored: WORKED_TOGETHER is found by walking person -> company -> person with the overlap
check, so a big employer costs its employees, never its employee pairs.

An interview reveals that someone looked for a job, so which interview encounters are links
depends on who asks (a Viewpoint, sent as $viewerId and $seesAllInterviews): see INTERVIEW_LINK_SEEN.

The fragments are spliced into the queries of api.graph.network; each documents the
variables it reads and the columns it returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

LINK_KINDS: Final = ("KNOWS", "MET_AT_INTERVIEW", "WORKED_TOGETHER")

# The furthest any search goes: degreeTo is null beyond this, pathsTo accepts maxHops up to it.
MAX_SEARCH_HOPS: Final = 6


@dataclass(frozen=True)
class Viewpoint:
    """Who a network answer is for: it decides which interview encounters count as links.

    `person_id` is the viewer's own person (None for an admin who is nobody in the graph);
    an `admin` sees every interview encounter.
    """

    person_id: str | None
    admin: bool = False

    def parameters(self, subject_id: str) -> dict[str, Any]:
        """$viewerId and $seesAllInterviews for an answer about the person `subject_id`.

        An admin who is nobody sends the subject's id, unused since they see everything: Neo4j plans a
        statement anew for a string parameter of another length class (an empty id after 36-character
        ones did), and these long statements take seconds to plan.
        """
        return {"viewerId": self.person_id or subject_id, "seesAllInterviews": self.admin}


def _confirmed(participation: str) -> str:
    # A candidate who records an interview may name interviewers; each one's INTERVIEWER_IN carries
    # {confirmed: false} until they confirm it. No flag (older data, imports by admins) is confirmed.
    return f"(type({participation}) = 'CANDIDATE_IN' OR coalesce({participation}.confirmed, true))"


# Whether the encounter of the people `a` and `b`, through their participations `ra` and `rb` in one
# interview, is a link for the viewer ($viewerId, $seesAllInterviews). An admin sees every one; the
# candidate sees theirs with each interviewer, confirmed or not; otherwise the viewer must be a or b,
# or both a and b share their encounters, and both participations must be confirmed. A CASE rather
# than ANDs and ORs: the planner rewrites boolean predicates into conjunctive normal form, and with
# six copies of this one in a statement (opportunities) that made planning it much slower.
INTERVIEW_LINK_SEEN: Final = (
    """CASE
      WHEN $seesAllInterviews THEN true
      WHEN (a.id = $viewerId AND type(ra) = 'CANDIDATE_IN') OR (b.id = $viewerId AND type(rb) = 'CANDIDATE_IN')
        THEN true
      WHEN a.id = $viewerId OR b.id = $viewerId
           OR (coalesce(a.sharesEncounters, false) AND coalesce(b.sharesEncounters, false))
        THEN """
    + _confirmed("ra")
    + " AND "
    + _confirmed("rb")
    + """
      ELSE false
    END"""
)


def participation_seen(person: str, participation: str) -> str:
    """Whether the viewer sees that `person` took part in an interview (their `participation` in it).

    As "you both interviewed with ..." or in interview totals: an admin always; anyone else once it
    is confirmed, when the person is the viewer or shares their encounters. Reads $viewerId and
    $seesAllInterviews; `person` and `participation` are Cypher variables.
    """
    return (
        "CASE WHEN $seesAllInterviews THEN true"
        f" WHEN {person}.id = $viewerId OR coalesce({person}.sharesEncounters, false) THEN {_confirmed(participation)}"
        " ELSE false END"
    )


# Date ranges [start, end] overlap (both ends inclusive). An unknown start overlaps nothing, an
# unknown end means "still there" ($today), and a range ending before it starts is empty.
_OVERLAP = """w1.startedOn <= coalesce(w2.endedOn, $today) AND w2.startedOn <= coalesce(w1.endedOn, $today)
    AND w1.startedOn <= coalesce(w1.endedOn, $today) AND w2.startedOn <= coalesce(w2.endedOn, $today)"""

# The last day two overlapping positions had in common: when the pair last "met".
_OVERLAP_END = """CASE WHEN coalesce(w1.endedOn, $today) < coalesce(w2.endedOn, $today)
    THEN coalesce(w1.endedOn, $today) ELSE coalesce(w2.endedOn, $today) END"""

# Inside `CALL (a) { LINKS }` (or `CALL (a, b) { LINKS }` to test one pair): every link from the
# person `a` the viewer sees, one row per link. Reads $kinds ([str], the link kinds to follow), $today
# (date), $viewerId and $seesAllInterviews (see Viewpoint).
# Returns other (Person), kind, on (date|null: KNOWS since, the interview's date, the last day
# together), companyId, companyName (the interview's or the shared employer; null for KNOWS).
LINKS: Final = (
    """
  MATCH (a)-[k:KNOWS]-(b:Person) WHERE 'KNOWS' IN $kinds AND b <> a
  RETURN b AS other, 'KNOWS' AS kind, k.since AS on, null AS companyId, null AS companyName
  UNION
  MATCH (a)-[ra:CANDIDATE_IN|INTERVIEWER_IN]->(i:Interview)<-[rb:CANDIDATE_IN|INTERVIEWER_IN]-(b:Person)
  WHERE 'MET_AT_INTERVIEW' IN $kinds AND b <> a AND """
    + INTERVIEW_LINK_SEEN
    + """
  OPTIONAL MATCH (i)-[:WITH]->(c:Company)
  RETURN b AS other, 'MET_AT_INTERVIEW' AS kind, i.date AS on, c.id AS companyId, c.name AS companyName
  UNION
  MATCH (a)-[w1:WORKS_AT]->(c:Company)<-[w2:WORKS_AT]-(b:Person)
  WHERE 'WORKED_TOGETHER' IN $kinds AND b <> a AND """
    + _OVERLAP
    + """
  RETURN b AS other, 'WORKED_TOGETHER' AS kind, """
    + _OVERLAP_END
    + """ AS on, c.id AS companyId, c.name AS companyName
"""
)

# Sorts links of one pair so the first is "the" link a path step shows: the most recent, then by kind.
LINK_ORDER: Final = "on IS NULL, on DESC, kind"

# The people linked to the person `a` by KNOWS or an interview the viewer sees (with repeats), as one
# list. Reads $kinds, $viewerId, $seesAllInterviews.
_MET_NEIGHBOURS = (
    """COLLECT { MATCH (a)-[:KNOWS]-(b:Person) WHERE 'KNOWS' IN $kinds RETURN b }
    + COLLECT { MATCH (a)-[ra:CANDIDATE_IN|INTERVIEWER_IN]->(:Interview)<-[rb:CANDIDATE_IN|INTERVIEWER_IN]-(b:Person)
                WHERE 'MET_AT_INTERVIEW' IN $kinds AND """
    + INTERVIEW_LINK_SEEN
    + """ RETURN b }"""
)

# Level 1 of the search: `me`'s direct links. Reads me, $maxHops, $kinds, $today, $viewerId, $seesAllInterviews.
# Sets frontier = [{node, met, paths: [{ids, met}]}] where met is the latest direct encounter,
# freshest first: the order every later level relies on.
_FIRST_LEVEL = (
    """
CALL (me) {
  WITH me AS a WHERE $maxHops >= 1
  CALL (a) {"""
    + LINKS
    + """}
  WITH a, other, max(on) AS met ORDER BY met IS NULL, met DESC, other.id
  RETURN collect({node: other, met: met, paths: [{ids: [a.id, other.id], met: met}]}) AS frontier
}
WITH me, target, frontier, [me] + [n IN frontier | n.node] AS seen,
     [n IN frontier | n {.*, hops: 1}] AS reached
"""
)

# Level N > 1: expand the frontier once and keep the people not seen at a nearer level. Rows are
# (frontier position, person) pairs, never paths: each new person then takes up to $k paths from
# its predecessors, freshest first (the frontier is sorted that way), and `met`, the freshest
# first-step encounter over ALL its shortest paths (an exact dynamic programme over the levels).
# Skipped once N > $maxHops or the target (when there is one) has been reached.
_NEXT_LEVEL = (
    """
CALL (frontier, seen, target) {
  CALL (frontier, seen, target) {
    UNWIND CASE WHEN $maxHops >= $level AND NOT coalesce(target IN seen, false)
           THEN range(0, size(frontier) - 1) ELSE [] END AS at
    WITH at, frontier[at].node AS a
    UNWIND """
    + _MET_NEIGHBOURS
    + """ AS other
    RETURN at, other
    UNION ALL
    // Colleagues: each company is walked once per level, whoever in the frontier worked there,
    // and each of its positions is checked against the frontier's spans there.
    UNWIND CASE WHEN $maxHops >= $level AND NOT coalesce(target IN seen, false) AND 'WORKED_TOGETHER' IN $kinds
           THEN range(0, size(frontier) - 1) ELSE [] END AS at
    WITH at, frontier[at].node AS a
    MATCH (a)-[w1:WORKS_AT]->(c:Company) WHERE w1.startedOn <= coalesce(w1.endedOn, $today)
    WITH c, at, a, collect({startedOn: w1.startedOn, until: coalesce(w1.endedOn, $today)}) AS spans
    ORDER BY at
    WITH c, collect({at: at, node: a, spans: spans}) AS members
    MATCH (c)<-[w2:WORKS_AT]-(other:Person)
    WHERE w2.startedOn <= coalesce(w2.endedOn, $today) AND NOT other IN seen
    // Only the $k freshest colleagues in the frontier matter (for `met` and the paths kept).
    UNWIND [member IN members WHERE member.node <> other AND any(span IN member.spans
              WHERE span.startedOn <= coalesce(w2.endedOn, $today) AND w2.startedOn <= span.until)
            | member.at][..$k] AS at
    RETURN at, other
  }
  WITH DISTINCT at, other WHERE NOT other IN seen
  ORDER BY at
  WITH other, collect(at) AS predecessors
  WITH other, frontier[predecessors[0]].met AS met,
       reduce(paths = [], at IN predecessors | CASE WHEN size(paths) >= $k THEN paths
              ELSE paths + [path IN frontier[at].paths | {ids: path.ids + other.id, met: path.met}] END)[..$k] AS paths
  ORDER BY met IS NULL, met DESC, other.id
  RETURN collect({node: other, met: met, paths: paths}) AS next
}
WITH me, target, next AS frontier, seen + [n IN next | n.node] AS seen,
     reached + [n IN next | n {.*, hops: $level}] AS reached
"""
)


def search(levels: int) -> str:
    """The whole search from $personId over links of $kinds, at most min($maxHops, levels) levels.

    Stops early once the optional $targetId is reached. Reads $personId, $targetId (str|null),
    $maxHops, $kinds, $k (paths kept per person, >= 1), $today, $viewerId and $seesAllInterviews
    (interview encounters the viewer may not see are no links). Leaves `me`, `target` and `reached`:
    one entry {node, hops, met, paths: [{ids: [me.id, ..., node.id], met}]} per person within reach.
    Cost per level: the links of the frontier; everyone is expanded at most once. The levels are
    unrolled because Cypher has no loop; each query asks for no more levels than it can use, since
    every level adds to the time Neo4j takes to plan the query.
    """
    return (
        """
MATCH (me:Person {id: $personId})
OPTIONAL MATCH (target:Person {id: $targetId})
"""
        + _FIRST_LEVEL
        + "".join(_NEXT_LEVEL.replace("$level", str(level)) for level in range(2, levels + 1))
    )


# Inside `CALL (ids) { STEPS }`: the steps of the chain of person ids `ids`, each with its link
# (the freshest one between the pair the viewer sees). Reads $kinds, $today, $viewerId, $seesAllInterviews.
# Returns steps: [{fromId, toId, kind, on, companyId, companyName}] in chain order.
STEPS: Final = (
    """
  UNWIND range(0, size(ids) - 2) AS at
  MATCH (a:Person {id: ids[at]}), (b:Person {id: ids[at + 1]})
  CALL (a, b) {"""
    + LINKS
    + """}
  WITH at, a, b, other, kind, on, companyId, companyName ORDER BY at, """
    + LINK_ORDER
    + """
  WITH at, a, b, collect({kind: kind, on: on, companyId: companyId, companyName: companyName})[0] AS link
  ORDER BY at
  RETURN collect(link {.*, fromId: a.id, toId: b.id}) AS steps
"""
)
