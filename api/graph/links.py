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
from typing import Any, Final, Literal, NotRequired, TypedDict

from api.graph.temporal import RowDate

LINK_KINDS: Final = ("KNOWS", "MET_AT_INTERVIEW", "WORKED_TOGETHER")
LinkKindName = Literal["KNOWS", "MET_AT_INTERVIEW", "WORKED_TOGETHER"]

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

# A level of a search is one map of three lists in the same order (freshest first, see below):
# {nodes: [Person], mets: [date|null], via: [[int]]}, and a search is a list of levels: levels[d] holds
# the people first reached d hops from the searcher (levels[0] is the searcher alone). mets[i] is the
# latest date the searcher met the first person on any shortest path to nodes[i]; via[i] are the paths
# to nodes[i] (at most $k), each a code into the level before: path j of nodes[i] is path
# (via[i][j] % $k) of node (via[i][j] / $k) there, followed by nodes[i]. Plain lists rather than a map
# per person: Neo4j counts ~0.5 KiB of transaction memory for a small map, and near a big employer a
# search reaches most of the graph (docs/network.md).
SEARCHER: Final = "{nodes: [me], mets: [null], via: [[0]]}"


def _first_level(links: str, carried: str) -> str:
    """Level 1 from the searcher `me`: the people `links` (LINKS: their direct links) finds from `a` (= me).

    `carried` (", world"): more variables the links read. Reads $kinds, $today, $viewerId,
    $seesAllInterviews. Returns level (mets: the latest direct encounter).
    """
    return (
        f"""
CALL (me{carried}) {{
  WITH me AS a{carried}
  CALL (a{carried}) {{"""
        + links
        + """}
  WITH other, max(on) AS met ORDER BY met IS NULL, met DESC, other.id
  RETURN {nodes: collect(other), mets: collect(met), via: collect([0])} AS level
}
"""
    )


FIRST_LEVEL: Final = _first_level(LINKS, "")


def _linked(positions: str) -> str:
    """Inside a level's CALL: (at, other) rows, one per link from the frontier person frontier.nodes[at] to
    `other` (with repeats), for each `at` in `positions` (a list expression), and (null, other) for everyone
    in `seen` (the two levels before the new one: links go both ways, so a link from level N-1 leads to level
    N-2, N-1 or N only). Reads frontier, seen, expand (whether to expand at all), what `positions` reads,
    $k, $kinds, $today, $viewerId, $seesAllInterviews.
    """
    return (
        """
    UNWIND CASE WHEN expand THEN seen ELSE [] END AS other
    RETURN null AS at, other
    UNION ALL
    UNWIND CASE WHEN expand THEN """
        + positions
        + """ ELSE [] END AS at
    WITH at, frontier.nodes[at] AS a
    UNWIND """
        + _MET_NEIGHBOURS
        + """ AS other
    RETURN at, other
    UNION ALL
    // Colleagues: each company is walked once per level, whoever in the frontier worked there, and
    // each of its positions takes the first $k frontier members (freshest first) whose spans there
    // overlap it: most positions find them among the first few members, so the list is read whole
    // only for the rest.
    UNWIND CASE WHEN expand AND 'WORKED_TOGETHER' IN $kinds THEN """
        + positions
        + """ ELSE [] END AS at
    WITH at, frontier.nodes[at] AS a
    MATCH (a)-[w1:WORKS_AT]->(c:Company) WHERE w1.startedOn <= coalesce(w1.endedOn, $today)
    WITH c, at, a, collect([w1.startedOn, coalesce(w1.endedOn, $today)]) AS spans
    ORDER BY at
    WITH c, collect({at: at, node: a, spans: spans}) AS members
    MATCH (c)<-[w2:WORKS_AT]-(other:Person)
    WHERE w2.startedOn <= coalesce(w2.endedOn, $today)
    WITH members, other, w2.startedOn AS since, coalesce(w2.endedOn, $today) AS until
    WITH members, other, since, until,
         [member IN members[..16] WHERE member.node <> other
            AND any(span IN member.spans WHERE span[0] <= until AND since <= span[1]) | member.at] AS first
    UNWIND CASE WHEN size(first) >= $k THEN first[..$k]
           ELSE [member IN members WHERE member.node <> other
                   AND any(span IN member.spans WHERE span[0] <= until AND since <= span[1])
                 | member.at][..$k] END AS at
    RETURN at, other
"""
    )


_EVERY_POSITION: Final = "range(0, size(frontier.nodes) - 1)"
_LINKED: Final = _linked(_EVERY_POSITION)

# Inside NEXT_LEVEL_PAST_KNOWN's CALL: grow, the positions in the frontier (levels[-1], level N) of the
# people worth expanding: those the search `known` (from the same person, in the network before a
# hypothetical interview: api.graph.interview_value) did not reach within N hops. Someone it reached
# within N leads only to people it reached within maxHops (they are at most maxHops - N further), never
# to a newcomer, and neither does anyone behind them; and every person on a shortest path to a newcomer
# was itself farther before than where this search finds it, so newcomers keep their hops, paths and
# `met`. Found by grouping the frontier with known's first N levels (a hash join).
_GROW = """
  CALL (levels, expand, known) {
    CALL (levels, expand, known) {
      UNWIND CASE WHEN expand THEN range(0, size(levels[-1].nodes) - 1) ELSE [] END AS at
      RETURN levels[-1].nodes[at] AS node, at
      UNION ALL
      UNWIND CASE WHEN expand THEN known[..size(levels)] ELSE [] END AS nearer
      UNWIND nearer.nodes AS node
      RETURN node, null AS at
    }
    WITH node, min(at) AS at, count(at) AS ahead, count(*) AS rows
    WHERE ahead = rows
    RETURN collect(at) AS grow
  }"""


def _next_level(*, past_known: bool) -> str:
    """NEXT_LEVEL, or with `past_known` NEXT_LEVEL_PAST_KNOWN (which also reads `known`)."""
    grow = ", grow" if past_known else ""
    return (
        f"""
CALL (levels, expand{", known" if past_known else ""}) {{"""
        + (_GROW if past_known else "")
        + f"""
  WITH levels[-1] AS frontier, coalesce(levels[-2].nodes, []) + levels[-1].nodes AS seen, expand{grow}
  CALL (frontier, seen, expand{grow}) {{
    CALL (frontier, seen, expand{grow}) {{"""
        + _linked("grow" if past_known else _EVERY_POSITION)
        + """    }
    WITH other, collect(DISTINCT at) AS linked, count(at) AS links, count(*) AS rows
    WHERE links = rows
    // The $k freshest predecessors (the smallest positions), kept in order as they come: no sort of all
    // the rows, which near a big employer number in the hundreds of thousands.
    RETURN other, reduce(first = [], at IN linked | CASE WHEN size(first) < $k OR at < first[-1]
             THEN ([earlier IN first WHERE earlier < at] + at + [later IN first WHERE later > at])[..$k]
             ELSE first END) AS predecessors
  }
  // Grouping starts the rows afresh, so the sort below buffers only what the level keeps.
  WITH other, frontier.mets[predecessors[0]] AS met,
       reduce(via = [], at IN predecessors | CASE WHEN size(via) >= $k THEN via
              ELSE via + [path IN range(0, size(frontier.via[at]) - 1) | at * $k + path] END)[..$k] AS via,
       count(*) AS once
  ORDER BY met IS NULL, met DESC, other.id
  RETURN {nodes: collect(other), mets: collect(met), via: collect(via)} AS level
}
"""
    )


# The next level of the search `levels` when `expand` (else an empty one): everyone linked to its last
# level and not in the two before, excluded by grouping (a hash join), not by a search in a list per
# person. Each takes up to $k paths from its predecessors, freshest first (the levels are sorted that
# way), and `met`, the freshest first-step encounter over ALL its shortest paths (an exact dynamic
# programme over the levels). Reads levels, expand and what _LINKED reads; returns level.
NEXT_LEVEL: Final = _next_level(past_known=False)

# NEXT_LEVEL that expands only the frontier's people worth expanding for newcomers (see _GROW); the
# people it finds are NEXT_LEVEL's where it matters, for everyone farther before than their hops here.
# Reads known (a search from the same person, at least as deep: levels of nodes) besides what NEXT_LEVEL reads.
NEXT_LEVEL_PAST_KNOWN: Final = _next_level(past_known=True)


# The next level of the search `levels` as its people only, when `bare` (else an empty level): nodes as
# NEXT_LEVEL finds them (in no particular order), mets and via empty. For a level whose people are only
# counted, never ranked nor shown (network.OPPORTUNITIES): no paths kept, no sort, so a level of most
# of the graph costs a grouping of its people. Reads levels, bare and what _LINKED reads; returns people (a level).
NEXT_PEOPLE: Final = (
    """
CALL (levels, bare) {
  WITH levels[-1] AS frontier, coalesce(levels[-2].nodes, []) + levels[-1].nodes AS seen, bare AS expand
  CALL (frontier, seen, expand) {"""
    + _LINKED
    + """  }
  WITH other, count(at) AS links, count(*) AS rows
  WHERE links = rows
  RETURN {nodes: collect(other), mets: [], via: []} AS people
}
"""
)


def search(levels: int, *, first_links: str = LINKS, carrying: tuple[str, ...] = (), past_known: bool = False) -> str:
    """The search from $personId over links of $kinds, min($maxHops, levels) levels deep.

    Reads $personId, $maxHops, $kinds, $k (paths kept per person, >= 1), $today, $viewerId and
    $seesAllInterviews (interview encounters the viewer may not see are no links). Leaves `me` and
    `levels` (levels + 1 of them, see above; those past $maxHops are empty). Cost per level: the links
    of the level before; everyone is expanded at most once. The levels are unrolled because Cypher has
    no loop; each query asks for no more levels than it can use, since every level adds to the time
    Neo4j takes to plan the query.

    `first_links` replaces LINKS for the searcher's own links (level 1 only): a hypothetical interview's
    (api.graph.interview_value). It is the body of `CALL (a, ...) {}` returning `other` and `on`, and
    may read the variables named in `carrying`, which must be in scope where the search starts. Later
    levels exclude the two levels before them only, which holds when level 1 is all of the searcher's
    links: with other first links, the searcher may be reached again from level 3 on.

    `past_known`: the levels past the first are NEXT_LEVEL_PAST_KNOWN's, which expand only the people
    `known` (in scope: `reach` from the same person, at least `levels` deep) did not reach as near, for
    a search whose answer is the people it finds and `known` does not (see _GROW).
    """
    carried = "".join(f", {name}" for name in carrying)
    kept = ", known" if past_known else ""
    step = NEXT_LEVEL_PAST_KNOWN if past_known else NEXT_LEVEL
    return (
        "\nMATCH (me:Person {id: $personId})\n"
        + _first_level(first_links, carried)
        + f"WITH me, [{SEARCHER}, level] AS levels{kept}\n"
        + "".join(
            f"WITH me, levels{kept}, $maxHops >= {level} AS expand\n"
            + step
            + f"WITH me, levels + level AS levels{kept}\n"
            for level in range(2, levels + 1)
        )
    )


# The searcher `me`'s own links as a level of people only (as NEXT_PEOPLE's: mets and via empty).
_FIRST_PEOPLE: Final = (
    """
CALL (me) {
  WITH me AS a
  CALL (a) {"""
    + LINKS
    + """}
  RETURN {nodes: collect(DISTINCT other), mets: [], via: []} AS level
}
"""
)


def reach(levels: int) -> str:
    """The people of `search` (from $personId, over links of $kinds the viewer sees), level by level, and nothing else.

    For a search whose reach is counted and compared, never shown: each level is its people only (as
    NEXT_PEOPLE finds them: no paths, no `met`, no sort). Reads what `search` reads but $k; leaves `me`
    and `levels` (levels + 1 of them, those past $maxHops empty).
    """
    return (
        "\nMATCH (me:Person {id: $personId})\n"
        + _FIRST_PEOPLE
        + f"WITH me, [{SEARCHER}, level] AS levels\n"
        + "".join(
            f"WITH me, levels, $maxHops >= {level} AS bare\n" + NEXT_PEOPLE + "WITH me, levels + people AS levels\n"
            for level in range(2, levels + 1)
        )
    )


# Whether the searches `forward` (from me) and `backward` (from the target) have met: the people in the
# last level of both, as [position in forward's, position in backward's], freshest first. Only the last
# levels need comparing: had any earlier ones shared someone, the searches would have met then.
_MEETING = """
CALL (forward, backward) {
  UNWIND range(0, size(forward[-1].nodes) - 1) AS at
  RETURN forward[-1].nodes[at] AS node, at AS ahead, null AS behind
  UNION ALL
  UNWIND range(0, size(backward[-1].nodes) - 1) AS at
  RETURN backward[-1].nodes[at] AS node, null AS ahead, at AS behind
}
WITH node, min(ahead) AS ahead, min(behind) AS behind WHERE ahead IS NOT NULL AND behind IS NOT NULL
WITH ahead, behind ORDER BY ahead
RETURN collect([ahead, behind]) AS met
"""


def meet(steps: int) -> str:
    """The searches from $personId and from $targetId, each step growing the smaller one, until they meet.

    Meet in the middle: two searches of half the depth each reach far fewer people than one of the
    whole depth. At most `steps` levels in all beyond the first from $personId, and at most $maxHops hops.
    Reads what `search` reads and $targetId. Leaves `me`, `target` (null when there is none), `forward` and
    `backward` (the searches from each, as levels; see above) and `meeting` ([[position in forward[-1],
    position in backward[-1]]], in the order of forward's; [] when they never met): every shortest path
    from me to target is a path of forward to a person of the meeting, then one of backward back from
    them, and is size(forward) + size(backward) - 2 hops long. Nobody meets oneself.
    """
    step = (
        """
WITH me, target, forward, backward, meeting,
     meeting = [] AND target IS NOT NULL AND target <> me AND size(forward) + size(backward) - 2 < $maxHops
       AND size(forward[-1].nodes) > 0 AND size(backward[-1].nodes) > 0 AS expand,
     size(forward[-1].nodes) <= size(backward[-1].nodes) AS ahead
WITH me, target, forward, backward, meeting, expand, ahead, CASE WHEN ahead THEN forward ELSE backward END AS levels
"""
        + NEXT_LEVEL
        + """WITH me, target, meeting, expand,
     CASE WHEN expand AND ahead THEN forward + level ELSE forward END AS forward,
     CASE WHEN expand AND NOT ahead THEN backward + level ELSE backward END AS backward
CALL (forward, backward, expand) {
  WITH forward, backward WHERE expand"""
        + _MEETING
        + """}
WITH me, target, forward, backward, CASE WHEN expand THEN met ELSE meeting END AS meeting
"""
    )
    return (
        """
MATCH (me:Person {id: $personId})
OPTIONAL MATCH (target:Person {id: $targetId})
"""
        + FIRST_LEVEL
        + f"""WITH me, target, [{SEARCHER}, level] AS forward,
     CASE WHEN target IS NULL THEN [] ELSE [{SEARCHER.replace("[me]", "[target]")}] END AS backward,
     [at IN range(0, size(level.nodes) - 1) WHERE level.nodes[at] = target | [at, 0]] AS meeting
"""
        + step * steps
    )


def path_ids(levels: str, hops: str, at: str, path: str) -> str:
    """The ids of path number `path` (0-based) to {levels}[hops].nodes[at], without the searcher's own.

    `levels` names a search (see above); `hops`, `at` and `path` are Cypher expressions. Reads $k.
    """
    return f"""reduce(walk = {{code: {levels}[{hops}].via[{at}][{path}], ids: [{levels}[{hops}].nodes[{at}].id]}},
         level IN range({hops} - 1, 1, -1) |
         {{code: {levels}[level].via[walk.code / $k][walk.code % $k],
          ids: [{levels}[level].nodes[walk.code / $k].id] + walk.ids}}).ids"""


class StepRow(TypedDict):
    """A step of a path as STEPS returns it."""

    fromId: str
    toId: str
    kind: LinkKindName
    on: RowDate | None
    companyId: str | None
    companyName: str | None
    hypothetical: NotRequired[bool]  # true on the interview an interview value supposes (api.graph.interview_value)


# Inside `CALL (ids) { STEPS }`: the steps of the chain of person ids `ids`, each with its link
# (the freshest one between the pair the viewer sees). Reads $kinds, $today, $viewerId, $seesAllInterviews.
# Returns steps: [{fromId, toId, kind, on, companyId, companyName}] in chain order.
STEPS: Final = (
    """
  UNWIND range(0, size(ids) - 2) AS stepAt
  MATCH (a:Person {id: ids[stepAt]})
  MATCH (b:Person {id: ids[stepAt + 1]})
  CALL (a, b) {"""
    + LINKS
    + """}
  WITH stepAt, a, b, other, kind, on, companyId, companyName ORDER BY stepAt, """
    + LINK_ORDER
    + """
  WITH stepAt, a, b, collect({kind: kind, on: on, companyId: companyId, companyName: companyName})[0] AS link
  ORDER BY stepAt
  RETURN collect(link {.*, fromId: a.id, toId: b.id}) AS steps
"""
)


def chain_steps(chains: str, *, steps: str = STEPS, carrying: tuple[str, ...] = ()) -> str:
    """`CALL (chains, ...) {}` returning `paths`: the steps of each chain of person ids in the list `chains`, in order.

    `steps` is the body of `CALL (ids, ...) {}` that returns the `steps` of one chain `ids` (STEPS, or a
    variant that reads the variables named in `carrying` too).
    """
    carried = "".join(f", {name}" for name in carrying)
    return f"""CALL ({chains}{carried}) {{
    UNWIND range(0, size({chains}) - 1) AS pathAt
    WITH {"".join(f"{name}, " for name in carrying)}pathAt, {chains}[pathAt] AS ids
    CALL (ids{carried}) {{{steps}}}
    WITH pathAt, steps ORDER BY pathAt
    RETURN collect(steps) AS paths
  }}
"""
