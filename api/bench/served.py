"""`crosspaths serve` in a process of its own, as a deployment runs it: the load scenario's crosspaths.

The benchmark's other scenarios serve the app in a thread of their own process (api/bench/server.py)
to read `Graph.round_trips`; under load that thread would share the interpreter with the benchmark,
so here the server is the real command, with `--workers` as given, and is measured from /proc.
"""

from __future__ import annotations

import os
import re
import sys
import time
import urllib.error
import urllib.request
from typing import TYPE_CHECKING, Self

from api.bench import procs
from api.bench.child import ChildServer
from api.bench.server import free_port

if TYPE_CHECKING:
    from pathlib import Path

    from api.settings import Neo4jTarget

START_TIMEOUT_S = 120.0
STOP_GRACE_S = 20.0
# The Neo4j statements the process has sent (prometheus_client's histogram count, summed over routings).
_STATEMENTS = re.compile(rb"^crosspaths_neo4j_query_seconds_count\{[^}]*\} ([0-9.e+]+)$", re.MULTILINE)


class ServedApp:
    """crosspaths on a free loopback port, with its own JWT secret and no rate limit, stopped by PID at the end."""

    def __init__(self, target: Neo4jTarget, *, jwt_secret: str, workers: int, log_path: Path) -> None:
        self.port = free_port()
        self.workers = workers
        # The user's CROSSPATHS_* settings stay (the server runs as they configured it), except the
        # secret (the benchmark mints the tokens) and the rate limit (the benchmark is one very busy client).
        env = {key: value for key, value in os.environ.items() if not key.startswith("NEO4J_")} | {
            "NEO4J_URI": target.uri,
            "NEO4J_DATABASE": target.database,
            "CROSSPATHS_JWT_SECRET": jwt_secret,
            "CROSSPATHS_RATE_LIMIT_PER_MINUTE": str(10**9),
        }
        if target.auth:
            env |= {"NEO4J_USER": target.auth[0], "NEO4J_PASSWORD": target.auth[1]}
        argv = [sys.executable, "-m", "api.cli", "serve", "--host", "127.0.0.1", "--port", str(self.port)]
        self.server = ChildServer([*argv, "--workers", str(workers)], env, log_path, stop_grace_s=STOP_GRACE_S)

    @property
    def pid(self) -> int:
        return self.server.pid

    def worker_pids(self) -> list[int]:
        """The processes that answer requests: the server itself, or uvicorn's workers under it.

        uvicorn spawns its workers with multiprocessing, which also starts a resource tracker
        under the supervisor: a worker is a child running multiprocessing's `spawn_main`.
        """
        if self.workers == 1:
            return [self.pid]
        return [pid for pid in procs.children(self.pid) if b"spawn_main" in procs.command_line(pid)]

    def statements(self) -> int | None:
        """Statements sent so far, from /metrics (None with several workers: each counts its own)."""
        if self.workers > 1:
            return None
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/metrics", timeout=10) as response:
            text = response.read()
        return round(sum(float(count) for count in _STATEMENTS.findall(text)))

    def __enter__(self) -> Self:
        deadline = time.monotonic() + START_TIMEOUT_S
        self.server.start(
            self._ready,
            within_s=START_TIMEOUT_S,
            failed=lambda tail: RuntimeError(f"crosspaths serve did not start: {tail}"),
        )
        while len(self.worker_pids()) < self.workers:
            if time.monotonic() > deadline:
                started = len(self.worker_pids())
                self.server.stop()
                raise RuntimeError(f"crosspaths serve started {started} of {self.workers} workers")
            time.sleep(0.3)
        return self

    def _ready(self) -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/readyz", timeout=2) as response:
                return bool(response.status == 200)  # noqa: PLR2004 - HTTP OK
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return False

    def __exit__(self, *_exc: object) -> None:
        self.server.stop()
