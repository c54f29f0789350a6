"""The three systems while they run, and what the load scenario measures of each.

crosspaths (`served.ServedApp`), the peer (`peer.Peer`, when it runs) and the driver floor (no
server: the load process is its client) are driven through one `Systems`; each function here is
one measurement of one system: statements, CPU, a level of closed-loop load, memory.
"""

from __future__ import annotations

import contextlib
import json
from typing import TYPE_CHECKING, Any

from api.bench import environment, procs
from api.bench.check import SYSTEMS, AskError, Askers, count_statements
from api.bench.load import Floor, Load, generate_floor_load, generate_load, request_bytes

if TYPE_CHECKING:
    from multiprocessing.pool import Pool

    from api.bench.peer import Peer
    from api.bench.questions import Question, Request
    from api.bench.served import ServedApp
    from api.graph import Graph
    from api.settings import Neo4jTarget


class Systems:
    """The running systems and the load process: what every measurement needs."""

    def __init__(self, target: Neo4jTarget, graph: Graph, app: ServedApp, peer: Peer | None, pool: Pool) -> None:
        self.target = target
        self.graph = graph
        self.app = app
        self.peer = peer
        self.pool = pool
        self.names = [s for s in SYSTEMS if s != "peer" or peer is not None]
        self.askers = Askers(graph, {"crosspaths": app.port} | ({"peer": peer.port} if peer else {}))
        self.neo4j_pid = environment.neo4j_pid(target)

    def server_pids(self, system: str) -> list[int]:
        """The processes whose CPU is the system's server side (none for the floor: it has no server)."""
        if system == "crosspaths":
            return sorted({self.app.pid, *self.app.worker_pids()})
        if system == "peer" and self.peer is not None:
            return [self.peer.pid]
        return []

    def load(self, system: str, requests: list[Request], clients: int, seconds: float, count: int | None) -> Load:
        """`clients` closed-loop clients of `system` in the load process, cycling through `requests`."""
        if system == "floor":
            floor = Floor(
                self.target.uri,
                self.target.auth,
                self.target.database,
                [(r.cypher, r.parameters) for r in requests],
            )
            floor_load: Load = self.pool.apply(generate_floor_load, (floor, clients, seconds, count))
            return floor_load
        if system == "peer":
            assert self.peer is not None  # noqa: S101 - "peer" is among the names only when it runs
            port = self.peer.port
            bodies = [request_bytes(port, None, _json(r.peer)) for r in requests if r.peer is not None]
        else:
            port = self.app.port
            bodies = [request_bytes(port, r.token, _json(r.crosspaths)) for r in requests]
        http_load: Load = self.pool.apply(generate_load, (port, bodies, clients, seconds, count))
        return http_load


def _json(body: dict[str, Any]) -> bytes:
    return json.dumps(body).encode()


async def statements(systems: Systems, system: str, question: Question, requests: int) -> dict[str, Any]:
    """Statements per request at the database; for crosspaths also its own /metrics counter."""
    asked = [r for r in question.requests if system != "peer" or r.peer is not None][:requests]

    async def ask_all() -> None:
        for request in asked:
            with contextlib.suppress(AskError):
                await systems.askers.ask(system, request)

    # Warm: a token's first request also looks its person up, in each worker's own cache (connections
    # land on any worker, so with several workers a cold one may still add a lookup to the count).
    for _ in range(systems.app.workers if system == "crosspaths" else 1):
        await ask_all()
    before = systems.app.statements() if system == "crosspaths" else None
    counted = await count_statements(systems.graph, ask_all)
    after = systems.app.statements() if system == "crosspaths" else None
    row: dict[str, Any] = {"requests": len(asked), "per_request": None if counted is None else counted / len(asked)}
    if before is not None and after is not None:
        row["metrics_per_request"] = (after - before) / len(asked)
    return row


def cpu(systems: Systems, system: str, requests: list[Request], *, count: int, seconds: float) -> dict[str, Any]:
    """CPU per request of the server, Neo4j and the client, over sequential requests from the load process."""
    server = systems.server_pids(system)
    neo4j = [systems.neo4j_pid] if systems.neo4j_pid else []
    before = procs.cpu_seconds(server), procs.cpu_seconds(neo4j)
    load = systems.load(system, requests, 1, seconds, count)
    after = procs.cpu_seconds(server), procs.cpu_seconds(neo4j)
    n = max(1, load.requests)
    return {
        "requests": load.requests,
        "failed": load.failed,
        "server_ms": round((after[0] - before[0]) * 1000 / n, 3) if server else None,
        "neo4j_ms": round((after[1] - before[1]) * 1000 / n, 3) if neo4j else None,
        "client_ms": round(load.cpu_s * 1000 / n, 3),
    }


def level(
    systems: Systems, workload: str, requests: list[Request], *, clients: int, order: list[str], seconds: float
) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for system in order:
        load = systems.load(system, requests, clients, seconds, None)
        results[system] = {
            "rps": round(load.ok_per_second, 1),
            "p50_ms": round(load.p50_ms, 2),
            "p99_ms": round(load.p99_ms, 2),
            "requests": load.requests,
            "errors": load.failed,
            "first_error": load.first_error,
            "seconds": round(load.seconds, 2),
        }
    return {"workload": workload, "clients": clients, "systems": results}


def memory(systems: Systems) -> dict[str, Any]:
    workers = [{"pid": pid} | vars(procs.memory(pid)) for pid in systems.app.worker_pids()]
    found: dict[str, Any] = {"crosspaths_workers": workers}
    if systems.app.workers > 1:
        found["crosspaths_supervisor"] = vars(procs.memory(systems.app.pid))
    if systems.peer is not None:
        found["peer"] = vars(procs.memory(systems.peer.pid))
    if systems.neo4j_pid:
        found["neo4j"] = vars(procs.memory(systems.neo4j_pid))
    return found
