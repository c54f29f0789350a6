"""The synthetic graphs the query benchmarks run on, built in Cypher, and their average degree per link kind.

Every person draws their links from laws that do not depend on N (about 4 KNOWS made per person,
one interview per 20 people with two interviewers, one open role per 100 people) and employers have
sizes from a fixed heavy-tailed table, capped at 50 positions: without big employers a graph of N
people has the same degree distribution whatever N is, so comparing sizes measures the graph, not a
denser one. An earlier builder drew employers with `companies * rand() ^ 3`, which gave the largest
one a share of the positions that grew with N (about 5 400 people at 20 000): everyone's
WORKED_TOGETHER degree grew with the graph.

Big employers (issue 20): real networks have them, and `crosspaths seed synth`'s default shape has
one with 3 992 positions at 10 000 people; a benchmark without them never saw the headline query
fail there. So the first BIG_EMPLOYERS companies hold seed synth's largest sizes at 10 000 people,
4 000 / rank^1.1 positions (4 000, 1 866, 1 195, 871, 681): scaled down with N below 10 000 people
(the share seed synth gives them), and the same from 10 000 up. So the most connected people have
the same colleague counts at every size from 10 000 up, while the share of people working at a big
employer, and with it the average degree, falls as N grows (`average_degrees` reports it).
A graph built to be compared with a smaller one (opportunities_scaling) takes the smaller one's big
employers (`employers_as_at`), so below 10 000 people too the comparison is of size, not density.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from api.graph import Graph
from api.graph.links import LINKS, Viewpoint

PEOPLE_PER_COMPANY: Final = 10
_BATCH = 5_000
BIG_EMPLOYERS: Final = 5
_BIGGEST = 4_000  # positions at the largest employer from 10 000 people up
_BIG_AT: Final = 10_000

# Positions ever held at company c (so colleagues over the years, not head count): $big[c] for the
# big employers (big_employers()), else a Pareto law (minimum 6, exponent 1.8) read at 100 fixed
# quantiles, company c taking quantile (37 c mod 100): any 100 consecutive companies hold the same
# mix of sizes, 6 to the cap of 50, mean ~11.7. Each position goes to a person drawn at random
# (~1.2 positions per person from the table, ~0.9 more from the big employers at 10 000 people).
_POSITIONS = """UNWIND range($start, $end - 1) AS c
MATCH (co:Company {id: 'bench-c' + c})
WITH co, c, toInteger(6 * ((c * 37 % 100 + 0.5) / 100.0) ^ (-1.0 / 1.8)) AS drawn
WITH co, CASE WHEN c < size($big) THEN $big[c] WHEN drawn > 50 THEN 50 ELSE drawn END AS size
UNWIND range(1, size) AS _
WITH co, toInteger(rand() * $n) AS who, date('2010-01-01') + duration({days: toInteger(rand() * 5000)}) AS s,
     rand() < 0.6 AS current, toInteger(rand() * 1500) AS days
MATCH (p:Person {id: 'bench-' + who})
CREATE (p)-[:WORKS_AT {key: toString(s) + '|engineer', title: 'Engineer', startedOn: s,
        endedOn: CASE WHEN current THEN null ELSE s + duration({days: days}) END}]->(co)"""

# Each statement runs in batches of $start..$end over people ("people") or companies ("companies");
# all read $n (people), $companies and $big (positions at each big employer).
_BUILD: Final = (
    (
        "people",
        """UNWIND range($start, $end - 1) AS i
        CREATE (:Person {id: 'bench-' + i, name: 'Bench Person ' + i, openToWork: false})""",
    ),
    (
        "companies",
        """UNWIND range($start, $end - 1) AS i
        CREATE (:Company {id: 'bench-c' + i, name: 'Bench Co ' + i, nameKey: 'bench co ' + i})""",
    ),
    ("companies", _POSITIONS),
    (
        "people",
        """UNWIND range($start, $end - 1) AS i
        MATCH (a:Person {id: 'bench-' + i})
        UNWIND range(1, 4) AS _
        WITH a, toInteger(rand() * $n) AS other
        MATCH (b:Person {id: 'bench-' + other}) WHERE b <> a
        CREATE (a)-[:KNOWS {since: date('2012-01-01') + duration({days: toInteger(rand() * 4000)}),
                source: 'csv'}]->(b)""",
    ),
    (
        "people",
        """UNWIND range($start, $end - 1) AS i
        WITH i WHERE i % 20 = 0
        WITH i, toInteger(rand() * $n) AS first, toInteger(rand() * $n) AS second, toInteger(rand() * $companies) AS at
        MATCH (c:Person {id: 'bench-' + i}), (x:Person {id: 'bench-' + first}), (y:Person {id: 'bench-' + second}),
              (co:Company {id: 'bench-c' + at})
        CREATE (c)-[:CANDIDATE_IN]->(iv:Interview {id: 'bench-i' + i, practice: false,
                date: date('2018-01-01') + duration({days: toInteger(rand() * 2500)})})-[:WITH]->(co)
        CREATE (x)-[:INTERVIEWER_IN]->(iv) MERGE (y)-[:INTERVIEWER_IN]->(iv)""",
    ),
    (
        "people",
        """UNWIND range($start, $end - 1) AS i
        WITH i WHERE i % 100 = 0
        WITH i, toInteger(rand() * $companies) AS at, toInteger(rand() * $n) AS manager
        MATCH (co:Company {id: 'bench-c' + at}), (m:Person {id: 'bench-' + manager})
        CREATE (m)-[:HIRES_FOR]->(:Role {id: 'bench-r' + i, title: 'Engineer ' + i, status: 'OPEN', remote: false,
                postedOn: date('2024-01-01') + duration({days: toInteger(rand() * 500)})})-[:AT]->(co)""",
    ),
)
_WIPE = "MATCH (n) WHERE NOT n:SchemaMigration WITH n LIMIT 5000 DETACH DELETE n RETURN count(*) AS deleted"

# Distinct people each person is linked to, by kind (the links of api.graph.links, overlap rule
# included), averaged over everyone; `linked` counts a person once whatever the kinds.
_DEGREES = (
    """
MATCH (a:Person)
CALL (a) {
  CALL (a) {"""
    + LINKS
    + """}
  RETURN count(DISTINCT CASE kind WHEN 'KNOWS' THEN other END) AS knows,
         count(DISTINCT CASE kind WHEN 'MET_AT_INTERVIEW' THEN other END) AS met,
         count(DISTINCT CASE kind WHEN 'WORKED_TOGETHER' THEN other END) AS worked,
         count(DISTINCT other) AS linked
}
RETURN avg(knows) AS KNOWS, avg(met) AS MET_AT_INTERVIEW, avg(worked) AS WORKED_TOGETHER,
       avg(linked) AS anyLink, max(linked) AS maxAnyLink
"""
)


def companies_for(people: int) -> int:
    """How many companies a graph of `people` people has."""
    return max(10, people // PEOPLE_PER_COMPANY)


def big_employers(people: int) -> list[int]:
    """Positions at the first BIG_EMPLOYERS companies: seed synth's largest at 10 000 people, scaled below it."""
    scale = min(1.0, people / _BIG_AT)
    return [max(1, round(_BIGGEST * scale / rank**1.1)) for rank in range(1, BIG_EMPLOYERS + 1)]


async def build(graph: Graph, people: int, *, employers_as_at: int | None = None) -> None:
    """Wipe the graph and build a synthetic one of `people` people (ids bench-0 .. bench-{people-1}).

    `employers_as_at`: give the big employers their sizes at that many people (at most `people`), so
    a graph compared with a smaller one for scaling has the same big employers as it.

    Then Neo4j forgets its query plans: each size is measured with plans made for it. Plans made on
    the 2 000-person graph, kept for the 20 000-person one (Neo4j's own replanning did not replace
    them within 15 s), needed more than the 256 MiB a transaction may use for 6 of 10 people asked.
    """
    while (await graph.write(_WIPE))[0]["deleted"]:
        pass
    if people:
        sizes = {"people": people, "companies": companies_for(people)}
        big = big_employers(min(people, employers_as_at or people))
        for over, cypher in _BUILD:
            for start in range(0, sizes[over], _BATCH):
                end = min(sizes[over], start + _BATCH)
                await graph.write(cypher, start=start, end=end, n=people, companies=sizes["companies"], big=big)
    await graph.write("CALL db.clearQueryCaches()")


async def average_degrees(graph: Graph, today: date) -> dict[str, float]:
    """Average number of distinct people linked to a person, per link kind and over any link (and the maximum)."""
    # The graph's own degrees: every interview counts, as an admin sees them (links.Viewpoint).
    seen = Viewpoint(None, admin=True).parameters(subject_id="")
    row = (await graph.read(_DEGREES, kinds=["KNOWS", "MET_AT_INTERVIEW", "WORKED_TOGETHER"], today=today, **seen))[0]
    return {kind: round(float(value or 0), 2) for kind, value in row.items()}
