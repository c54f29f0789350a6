"""`crosspaths serve --workers N`: N uvicorn worker processes, each with its own app, all answering."""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from neo4j import Driver

from api.auth.jwt_tokens import mint
from api.auth.keys import JwtKeys
from api.bench.server import free_port
from api.settings import Neo4jTarget, Settings

START_TIMEOUT_S = 120


def children_of(pid: int) -> set[int]:
    """Live processes whose parent is `pid` (from /proc, no extra dependency)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended while we looked
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def answer(port: int, token: str) -> dict[str, object]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/graphql",
        data=json.dumps({"query": "{ people(first: 1) { totalCount } }"}).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - see above
        body: dict[str, object] = json.load(response)
        return body


def test_two_workers_serve_the_same_graph(target: Neo4jTarget, db: Driver, tmp_path: Path) -> None:
    db.execute_query("UNWIND range(1, 3) AS i CREATE (:Person {id: 'w' + i, name: 'Worker ' + i})")
    secret = secrets.token_urlsafe(48)
    env = {key: value for key, value in os.environ.items() if not key.startswith(("NEO4J_", "CROSSPATHS_"))}
    env |= {"NEO4J_URI": target.uri, "CROSSPATHS_JWT_SECRET": secret, "CROSSPATHS_DATA_DIR": str(tmp_path)}
    token = mint(JwtKeys.from_settings(Settings.from_env(env)), subject="admin@example.com", admin=True)
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as output:
        server = subprocess.Popen(  # noqa: S603 - our own console script, fixed argv
            [str(Path(sys.executable).parent / "crosspaths"), "serve", "--port", str(port), "--workers", "2"],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            assert server.poll() is None, f"serve exited: {log.read_text()}"
            assert time.monotonic() < deadline, "serve --workers 2 did not answer in time"
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2):
                    break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.3)
        # uvicorn's supervisor spawns the workers: two processes, each serving real answers.
        while len(children_of(server.pid)) < 2:
            assert time.monotonic() < deadline, f"workers: {children_of(server.pid)}"
            time.sleep(0.3)
        for _ in range(6):  # connections land on either worker; every one must answer
            assert answer(port, token)["data"] == {"people": {"totalCount": 3}}
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
