"""`crosspaths bench network`: what each network statement costs Neo4j, per sampled person, on seed synth's graph.

Issue 20 asks whether opportunities and pathsTo answer for every sampled person at 10 000, 100 000 and
1 000 000 people, and at what Neo4j CPU; interviewValue (issue 21) is the other statement that searches
the network, twice, and its costliest case is an interview at the largest employer within 3 hops. This
runs the statements the API sends (network.OPPORTUNITIES, network.PATHS_TO,
interview_value.INTERVIEW_VALUE, with the app's parameters) straight through the driver, one at a time,
for the people and companies `crosspaths bench load` asks about (api.bench.sample.draw), and reports per
request: answered or why not, wall time, the Neo4j process's CPU (/proc, when the server runs here) and,
with --profile, Neo4j's own count of database hits and transaction memory, and the operator that held
most of it.
"""

from __future__ import annotations

import math
import os
import tempfile
import time
from dataclasses import asdict, dataclass, field
from itertools import cycle
from pathlib import Path
from typing import TYPE_CHECKING, Any, LiteralString

from neo4j import READ_ACCESS
from neo4j.exceptions import DriverError, Neo4jError
from rich.table import Table

from api.auth.keys import JwtKeys
from api.bench import environment, procs
from api.bench.sample import Sample, draw
from api.bench.under_load import describe_graph, seed_synth
from api.gql.network_types import NEW_COMPANIES_SHOWN
from api.gql.planner import connection_window
from api.graph import Graph, interview_value, network, open_driver

if TYPE_CHECKING:
    from collections.abc import Callable

    from api.settings import Neo4jTarget, Settings

OPPORTUNITY_HOPS = 2  # the README's headline question
OPPORTUNITIES_PAGE = 20
PATH_HOPS = 4  # pathsTo's default
PATHS = 3
INTERVIEW_HOPS = 2  # interviewValue's default
# An interview at the largest employer, within 3 hops: its colleagues bring most of the graph within reach.
LARGEST_EMPLOYER_HOPS = 3
# What a client weighing an invitation selects: newOpportunities(first: 20) and newCompanies (its default),
# turned into the statement's window as api.gql.interview_value turns them.
INTERVIEW_PAGE = connection_window("newOpportunities", {"first": 20}).sliced
INTERVIEW = "interviewValue"
AT_LARGEST_EMPLOYER = f"interviewValue, largest employer, maxHops {LARGEST_EMPLOYER_HOPS}"

# By positions held there, past ones included (as describe_graph's largestEmployers counts them).
_LARGEST_EMPLOYER = """
MATCH (c:Company)
WITH c, COUNT { (c)<-[:WORKS_AT]-(:Person) } AS positions
ORDER BY positions DESC, c.id
LIMIT 1
RETURN c.id AS id
"""


@dataclass(frozen=True)
class Asked:
    """One request: which statement, for whom, and its parameters."""

    statement: str
    person: str
    cypher: LiteralString
    parameters: dict[str, Any]
    company: str | None = None  # interviewValue's


@dataclass
class Answered:
    """What one request cost. `error` is None when it answered."""

    statement: str
    person: str
    wall_ms: float
    neo4j_cpu_ms: float | None
    error: str | None = None
    db_hits: int | None = None
    memory_mib: float | None = None
    heaviest: str | None = None  # the operator that held most memory, with its share
    company: str | None = None  # interviewValue's


@dataclass
class Summary:
    statement: str
    requests: int
    failed: int
    wall_ms: dict[str, float] = field(default_factory=dict)
    neo4j_cpu_ms: dict[str, float] = field(default_factory=dict)
    memory_mib_max: float | None = None


def asked(sample: Sample, largest_employer: str | None) -> list[Asked]:
    """What is asked of each sampled person, as `bench load` asks it: opportunities(maxHops: 2, first: 20),
    pathsTo the next person, interviewValue at their sampled company, and interviewValue(maxHops: 3) at
    the largest employer."""
    people = sample.people
    requests = [
        Asked(
            "opportunities",
            person,
            network.OPPORTUNITIES,
            network.opportunities_parameters(person, max_hops=OPPORTUNITY_HOPS, limit=OPPORTUNITIES_PAGE),
        )
        for person in people
    ]
    requests += [
        Asked(
            "pathsTo",
            person,
            network.PATHS_TO,
            network.paths_parameters(person, other, max_hops=PATH_HOPS, first=PATHS),
        )
        for person, other in sample.pairs
    ]
    requests += [
        _interview(INTERVIEW, person, company, INTERVIEW_HOPS)
        for person, company in zip(people, cycle(sample.companies), strict=False)
    ]
    if largest_employer is not None:
        requests += [
            _interview(AT_LARGEST_EMPLOYER, person, largest_employer, LARGEST_EMPLOYER_HOPS) for person in people
        ]
    return requests


def _interview(statement: str, person: str, company: str, max_hops: int) -> Asked:
    """interviewValue(companyId, maxHops) asked by the person themself, as api.gql.interview_value sends it."""
    parameters = interview_value.parameters(
        person, [company], max_hops=max_hops, windows=[INTERVIEW_PAGE], new_companies=NEW_COMPANIES_SHOWN
    )
    return Asked(statement, person, interview_value.INTERVIEW_VALUE, parameters, company)


async def largest_employer(graph: Graph) -> str | None:
    """The id of the company with the most positions; None in a graph without companies."""
    rows = await graph.read(_LARGEST_EMPLOYER)
    return str(rows[0]["id"]) if rows else None


def _operators(plan: dict[str, Any]) -> list[dict[str, Any]]:
    return [plan, *(operator for child in plan.get("children", []) for operator in _operators(child))]


def _profiled(summary_profile: dict[str, Any] | None) -> tuple[int | None, float | None, str | None]:
    """Database hits, transaction memory (MiB) and the operator holding most memory, from a PROFILE's plan."""
    if not summary_profile:
        return None, None, None
    operators = _operators(summary_profile)
    hits = sum(int(operator.get("dbHits", 0)) for operator in operators)
    memory = summary_profile.get("args", {}).get("GlobalMemory")
    by_memory = sorted(operators, key=lambda operator: -int(operator.get("args", {}).get("Memory", 0)))
    heaviest = None
    if by_memory and memory:
        top = by_memory[0]
        details = str(top.get("args", {}).get("Details", ""))[:80]
        heaviest = f"{top.get('operatorType')} {int(top['args'].get('Memory', 0)) / memory:.0%}: {details}"
    return hits, None if memory is None else memory / 2**20, heaviest


async def ask(graph: Graph, request: Asked, *, pid: int | None, profile: bool) -> Answered:
    """Run one request through the driver alone, timed; a failure is an answer too (the error's code)."""
    cypher: LiteralString = "PROFILE " + request.cypher if profile else request.cypher
    cpu_before = procs.cpu_seconds([pid]) if pid else None
    began = time.perf_counter()
    error = None
    summary_profile = None
    try:
        # An auto-commit transaction: the driver retries managed ones on transient errors, and a statement
        # over the memory cap is one (it would be timed over its retries, not once).
        async with graph.driver.session(database=graph.database, default_access_mode=READ_ACCESS) as session:
            result = await session.run(cypher, request.parameters)
            await result.data()
            summary_profile = (await result.consume()).profile
    except (Neo4jError, DriverError) as failed:
        error = getattr(failed, "code", None) or type(failed).__name__
    wall_ms = (time.perf_counter() - began) * 1000
    cpu_ms = (procs.cpu_seconds([pid]) - cpu_before) * 1000 if pid and cpu_before is not None else None
    hits, memory, heaviest = _profiled(summary_profile)
    return Answered(request.statement, request.person, wall_ms, cpu_ms, error, hits, memory, heaviest, request.company)


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (p99 of 10 values is the largest)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def summarise(answers: list[Answered]) -> list[Summary]:
    """Per statement: requests, failures, median and p99 of wall time and Neo4j CPU (answered requests only)."""
    found = []
    for statement in dict.fromkeys(answer.statement for answer in answers):
        mine = [answer for answer in answers if answer.statement == statement]
        ok = [answer for answer in mine if answer.error is None]
        summary = Summary(statement, len(mine), len(mine) - len(ok))
        if ok:
            walls = [answer.wall_ms for answer in ok]
            summary.wall_ms = {"median": percentile(walls, 0.5), "p99": percentile(walls, 0.99)}
            cpus = [answer.neo4j_cpu_ms for answer in ok if answer.neo4j_cpu_ms is not None]
            if cpus:
                summary.neo4j_cpu_ms = {"median": percentile(cpus, 0.5), "p99": percentile(cpus, 0.99)}
            memories = [answer.memory_mib for answer in ok if answer.memory_mib is not None]
            summary.memory_mib_max = max(memories) if memories else None
        found.append(summary)
    return found


async def probe(
    graph: Graph,
    target: Neo4jTarget,
    keys: JwtKeys,
    *,
    sample: int,
    seed: int,
    rounds: int,
    profile: bool,
    say: Callable[[str], None],
) -> list[Answered]:
    """A warm-up round (plans), then `rounds` timed rounds, then one PROFILE round when `profile`."""
    drawn = await draw(graph, keys, size=sample, seed=seed)
    largest = await largest_employer(graph)
    requests = asked(drawn, largest)
    pid = environment.neo4j_pid(target)
    say(
        f"{len(drawn.people)} people, {len(drawn.companies)} companies, largest employer {largest}; "
        f"Neo4j PID {pid or 'unknown (CPU not measured)'}; warming up"
    )
    for request in requests:
        await ask(graph, request, pid=pid, profile=False)
    answers = []
    for round_at in range(rounds):
        say(f"round {round_at + 1} of {rounds}")
        answers += [await ask(graph, request, pid=pid, profile=False) for request in requests]
    if profile:
        say("PROFILE round")
        profiled = {(a.statement, a.person): a for a in [await ask(graph, r, pid=None, profile=True) for r in requests]}
        for answer in answers:
            seen = profiled[(answer.statement, answer.person)]
            answer.db_hits, answer.memory_mib, answer.heaviest = seen.db_hits, seen.memory_mib, seen.heaviest
    return answers


async def measure_network(
    target: Neo4jTarget,
    settings: Settings,
    *,
    people: int | None,
    sample: int,
    rounds: int,
    profile: bool,
    say: Callable[[str], None],
) -> dict[str, Any]:
    """Seed `people` (None: measure the graph as it is), then probe; the report as a JSON-ready dict."""
    report: dict[str, Any] = {
        "scenario": "network statements",
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": environment.machine(),
    }
    async with open_driver(target) as driver:
        graph = Graph(driver, target.database, timeout_s=600.0)
        if people is None:
            report["graph"] = await describe_graph(graph)
        else:
            say(f"seeding the synthetic graph ({people} people)")
            with tempfile.TemporaryDirectory(prefix="crosspaths-network-") as tmp:
                report["graph"] = await seed_synth(graph, Path(tmp), people=people, seed=1)
        say("planning the network statements")
        await network.plan_ahead(graph, interview_value.planned_statements())  # as the app plans them
        answers = await probe(
            graph,
            target,
            JwtKeys.from_settings(settings),
            sample=sample,
            seed=1,
            rounds=rounds,
            profile=profile,
            say=say,
        )
    report["summary"] = [asdict(summary) for summary in summarise(answers)]
    report["answers"] = [asdict(answer) for answer in answers]
    report["load_at_end"] = [round(value, 2) for value in os.getloadavg()]
    return report


def network_table(report: dict[str, Any]) -> Table:
    """One row per statement (failures, wall and Neo4j CPU medians and p99), then one per profiled request."""
    graph = report["graph"]
    table = Table(
        title=f"{graph['people']} people, largest employers {graph['largestEmployers']}; load average "
        f"{report['machine']['load_at_start']} at start, {report['load_at_end']} at end"
    )
    for column in (
        "statement",
        "requests",
        "failed",
        "wall p50 ms",
        "wall p99 ms",
        "neo4j CPU p50",
        "p99",
        "max MiB",
        "heaviest operator",
    ):
        table.add_column(column)
    for row in report["summary"]:
        table.add_row(
            row["statement"],
            str(row["requests"]),
            str(row["failed"]),
            *(
                f"{row[key].get(which, float('nan')):.0f}"
                for key in ("wall_ms", "neo4j_cpu_ms")
                for which in ("median", "p99")
            ),
            "" if row["memory_mib_max"] is None else f"{row['memory_mib_max']:.0f}",
        )
    failures = sorted({(a["statement"], a["person"], a["error"]) for a in report["answers"] if a["error"]})
    for statement, person, error in failures:
        table.add_row(statement, person, error)
    profiled = {(a["statement"], a["person"]): a for a in report["answers"] if a["memory_mib"] is not None}
    for (statement, person), answer in sorted(profiled.items()):
        table.add_row(statement, person, "", "", "", "", "", f"{answer['memory_mib']:.0f}", answer["heaviest"] or "")
    return table
