"""`crosspaths bench load`: crosspaths, @neo4j/graphql and the driver floor under closed-loop load, side by side.

One run, one database, one graph (`crosspaths seed synth`'s default shape, loaded by the importer):
1. every question's answers are checked equal across the systems (answers.py), failures counted;
2. Cypher statements per request are counted at the database (check.count_statements);
3. CPU per request of the server, Neo4j and the client, over sequential requests (/proc);
4. closed-loop clients at each concurrency from a separate process (load.py), req/s, p50, p99, errors,
   each level after waiting for a quiet machine (procs.wait_for_quiet);
5. memory of each crosspaths worker and of the peer; then the ratios issue 20 sets targets for (targets.py).
Each measurement of one system is in systems.py; this module seeds the graph and runs them in order.
The systems take turns in a rotating order at each level, so none always runs on caches another warmed.
"""

from __future__ import annotations

import multiprocessing
import secrets
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from api.auth.keys import JwtKeys
from api.bench import environment, procs
from api.bench.check import Checked, check
from api.bench.graphs import build
from api.bench.peer import Peer, PeerUnavailableError
from api.bench.questions import MIX, TIMED, Question, mix, questions
from api.bench.sample import draw
from api.bench.served import ServedApp
from api.bench.systems import Systems, cpu, memory, statements
from api.bench.systems import level as measured_level
from api.bench.targets import targets
from api.graph import Graph, migrations, open_driver
from seeds.folder import folder_sheets
from seeds.importer import import_sheets
from seeds.synth import generate

if TYPE_CHECKING:
    from collections.abc import Callable

    from api.settings import Neo4jTarget, Settings


@dataclass(frozen=True)
class LoadProfile:
    """How big and how long: `quick` (~45 minutes on 2 shared cores), `full` as issue 20 asks, `tiny` for tests."""

    name: str
    people: int  # the synthetic graph's size
    sample: int  # people (and companies, words) asked about
    clients: tuple[int, ...]
    seconds: float  # per level and system
    cpu_requests: int  # sequential requests over which CPU per request is measured...
    cpu_seconds: float  # ...or fewer when they take longer than this
    statement_requests: int  # requests over which statements are counted
    give_up_after: int = 2  # failures before the check stops asking a question of a system


LOAD_PROFILES = {
    "tiny": LoadProfile("tiny", 60, 3, (1, 2), 0.5, 4, 5.0, 2),
    "quick": LoadProfile("quick", 10_000, 10, (1, 8, 32), 10.0, 200, 20.0, 3),
    "full": LoadProfile("full", 100_000, 10, (1, 8, 32), 30.0, 500, 60.0, 5),
}


@dataclass(frozen=True)
class LoadOptions:
    """What the command line chose."""

    peer: bool  # False: --peer off
    workers: int
    max_load: float
    max_wait_s: float
    seed: int = 1
    only: tuple[str, ...] = ()  # workloads to time (and the questions they ask); empty: all of them


# What the seeded graph holds, so a reader can see its big employers.
_GRAPH = """
CALL () { MATCH (p:Person) RETURN count(p) AS people }
CALL () { MATCH (c:Company) RETURN count(c) AS companies }
CALL () { MATCH ()-[w:WORKS_AT]->() RETURN count(w) AS positions }
CALL () { MATCH ()-[k:KNOWS]->() RETURN count(k) AS knows }
CALL () { MATCH (r:Role {status: 'OPEN'}) RETURN count(r) AS openRoles }
CALL () { MATCH (i:Interview) RETURN count(i) AS interviews }
CALL () {
  MATCH (c:Company)<-[w:WORKS_AT]-() WITH c, count(w) AS n ORDER BY n DESC LIMIT 3 RETURN collect(n) AS largestEmployers
}
RETURN people, companies, positions, knows, openRoles, interviews, largestEmployers
"""


async def seed_synth(graph: Graph, workdir: Path, *, people: int, seed: int) -> dict[str, Any]:
    await migrations.apply(graph)
    await build(graph, 0)  # wipes
    generate(people, seed, workdir)
    reports = await import_sheets(graph, folder_sheets(workdir))
    problems = [str(error) for report in reports for error in report.errors]
    if problems:
        raise RuntimeError(f"the synthetic graph did not load: {problems[:3]}")
    await graph.write("CALL db.clearQueryCaches()")  # plans made for this graph, not the wiped one
    return await describe_graph(graph) | {
        "seed": seed,
        "made_by": f"crosspaths seed synth --people {people} --seed {seed}",
    }


async def describe_graph(graph: Graph) -> dict[str, Any]:
    """What the graph holds: counts, and the sizes of its three largest employers."""
    row: dict[str, Any] = (await graph.read(_GRAPH))[0]
    return row


WORKLOADS = (*TIMED, "mix")


def asked_by(only: tuple[str, ...]) -> set[str]:
    """The questions a run of `only` these workloads asks (the mix asks its members)."""
    names = set(only or WORKLOADS)
    return (names - {"mix"}) | (set(MIX) if "mix" in names else set())


async def run_load(
    target: Neo4jTarget, settings: Settings, profile: LoadProfile, options: LoadOptions, say: Callable[[str], None]
) -> dict[str, Any]:
    """The whole scenario against `target`, which is WIPED first; the report as a JSON-ready dict."""
    report: dict[str, Any] = {
        "scenario": "load",
        "profile": profile.name,
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": environment.machine(),
        "crosspaths": {"workers": options.workers, "environment": settings.environment},
    }
    with tempfile.TemporaryDirectory(prefix="crosspaths-load-") as tmp:
        workdir = Path(tmp)
        async with open_driver(target) as driver:
            graph = Graph(driver, target.database, timeout_s=600.0)
            say(f"seeding the synthetic graph ({profile.people} people)")
            report["graph"] = await seed_synth(graph, workdir / "synth", people=profile.people, seed=options.seed)
            secret = secrets.token_urlsafe(48)
            sample = await draw(
                graph,
                JwtKeys.from_settings(replace(settings, jwt_secret=secret)),
                size=profile.sample,
                seed=options.seed,
            )
            asked = [q for q in questions(sample) if q.name in asked_by(options.only)]
            by_name = {q.name: q for q in asked}
            with ExitStack() as stack:
                app = stack.enter_context(
                    ServedApp(target, jwt_secret=secret, workers=options.workers, log_path=workdir / "serve.log")
                )
                peer = None
                if options.peer:
                    try:
                        peer = stack.enter_context(Peer(target, workdir))
                    except PeerUnavailableError as why:
                        report["peer"] = {"ran": False, "why": str(why)}
                else:
                    report["peer"] = {"ran": False, "why": "--peer off"}
                pool = stack.enter_context(multiprocessing.get_context("spawn").Pool(1))
                systems = Systems(target, graph, app, peer, pool)
                report["versions"] = await environment.versions(graph, peer_ran=peer is not None)
                if peer is not None:
                    report["peer"] = {"ran": True}
                report |= await _measure(systems, asked, by_name=by_name, profile=profile, options=options, say=say)
    report["targets"] = targets(report)
    return report


async def _measure(
    systems: Systems,
    asked: list[Question],
    *,
    by_name: dict[str, Question],
    profile: LoadProfile,
    options: LoadOptions,
    say: Callable[[str], None],
) -> dict[str, Any]:
    rows: dict[str, dict[str, Any]] = {}
    checked: dict[str, dict[str, Checked]] = {}
    for question in asked:
        say(f"checking {question.name}: {len(question.requests)} requests x {len(systems.names)} systems")
        checked[question.name] = await check(
            systems.askers, question, systems.names, give_up_after=profile.give_up_after
        )
        rows[question.name] = {
            "name": question.name,
            "asks": question.asks,
            "requests": len(question.requests),
            "check": {s: c.as_json() for s, c in checked[question.name].items()},
            "statements": {},
            "cpu": {},
        }
    for question in asked:
        say(f"statements and CPU per request: {question.name}")
        for system in systems.names:
            if checked[question.name][system].all_failed:
                continue  # each request would fail again, slowly: the check already says so
            rows[question.name]["statements"][system] = await statements(
                systems, system, question, profile.statement_requests
            )
            rows[question.name]["cpu"][system] = cpu(
                systems, system, question.requests, count=profile.cpu_requests, seconds=profile.cpu_seconds
            )
    chosen = set(options.only or WORKLOADS)
    timed = [name for name in TIMED if name in chosen]
    workloads = {name: by_name[name].requests for name in timed}
    failing = {name: {s for s in systems.names if checked[name][s].all_failed} for name in timed}
    if "mix" in chosen:
        workloads["mix"] = mix(by_name)
        failing["mix"] = set()  # a client app's mix is timed whatever fails in it: the errors column says what
    levels = []
    for workload, requests in workloads.items():
        for i, clients in enumerate(profile.clients):
            order = [s for s in systems.names[i:] + systems.names[:i] if s not in failing[workload]]
            # Nothing to time when every system failed the check: no reason to wait for a quiet machine.
            quiet = procs.wait_for_quiet(options.max_load, options.max_wait_s if order else 0)
            say(f"{workload} at {clients} clients (load {quiet.load_1m}{'' if quiet.quiet else ', not quiet'})")
            level = measured_level(systems, workload, requests, clients=clients, order=order, seconds=profile.seconds)
            level |= {"load_1m": quiet.load_1m, "waited_s": quiet.waited_s, "quiet": quiet.quiet}
            level["skipped"] = dict.fromkeys(failing[workload], "every checked request failed")
            levels.append(level)
    return {
        "questions": list(rows.values()),
        "mix": list(MIX),
        "levels": levels,
        "memory": memory(systems),
        "finished": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
