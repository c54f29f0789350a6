"""The peer: @neo4j/graphql on graphql-yoga (bench/peer/server.mjs), started in its own Node process.

It lives outside the package (a source checkout's bench/peer/, with its pinned package-lock.json),
so installing crosspaths never needs Node; without `node` and `npm`, or outside a checkout, the
load scenario runs without the peer and says why. Its modules are installed on first use (`npm
ci`, as scripts/setup installs GraphiQL's).

The network fields run crosspaths' own statements, given to the server at start: each wrapped so
that its last RETURN becomes the one map (or list of maps) @neo4j/graphql reads a @cypher field from.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Self

from api.bench.child import ChildServer
from api.bench.server import free_port
from api.graph import network
from api.settings import PROJECT_ROOT

if TYPE_CHECKING:
    from api.settings import Neo4jTarget

PEER_DIR = PROJECT_ROOT / "bench" / "peer"
START_TIMEOUT_S = 60.0
STOP_GRACE_S = 10.0

# A step's people, looked up by id: crosspaths' statements return ids where the GraphQL type has people.
_PERSON = "COLLECT { MATCH (x:Person {id: $id}) RETURN x {.id, .name, .headline} }[0]"
_STEP = (
    "{kind: s.kind, on: s.on, from: "
    + _PERSON.replace("$id", "s.fromId")
    + ", to: "
    + _PERSON.replace("$id", "s.toId")
    + "}"
)

# OPPORTUNITIES returns total, page (rows with role, company, contact and paths of steps) and people.
_OPPORTUNITIES_RESULT = """
RETURN {totalCount: total, edges: [row IN page | {node: {
  hops: row.hops, score: row.score, futureProspect: row.futureProspect,
  role: {id: row.role.id, title: row.role.title, postedOn: row.role.postedOn,
         company: {id: row.company.id, name: row.company.name}},
  contact: {id: row.contact.id, name: row.contact.name, headline: row.contact.headline},
  paths: [steps IN row.paths | {hops: size(steps), steps: [s IN steps |
    {kind: s.kind, on: s.on, from: [x IN people WHERE x.id = s.fromId][0], to: [x IN people WHERE x.id = s.toId][0]}]}]
}}]} AS result"""

# PATHS_TO returns paths = [{hops, steps}] and the person: one result row per path.
_PATHS_RESULT = "UNWIND paths AS path\nRETURN {hops: path.hops, steps: [s IN path.steps | " + _STEP + "]} AS result"


def _own_view(cypher: str) -> str:
    """The statement as the person themself sees their network (api.graph.links.Viewpoint), which is
    what both other systems answer: the peer's fields take no viewer, so the person is the viewer.

    Its parameters as plain names again: the app passes them in one map (network._one_map), the peer's
    `@cypher` fields as arguments by name.
    """
    plain = cypher.replace("$ask.", "$")
    return plain.replace("$viewerId", "$personId").replace("$seesAllInterviews", "false")


def _from_the_start(cypher: str) -> str:
    """The statement's pages counted from the start (network.PAGE_START): the peer's field takes `skip` and
    `limit` only, and the questions compared are first pages."""
    return cypher.replace("$fromEnd", "false")


def _every_role(cypher: str) -> str:
    """OPPORTUNITIES over every open role (network.opportunities without `role_ids`), as the peer's field asks."""
    return cypher.replace("$among.roleIds", "null")


def _with_steps(cypher: str) -> str:
    """PATHS_TO with its paths' steps (network.paths_to; degreeTo alone asks for hops only)."""
    return cypher.replace("$shown", "true")


def statements() -> dict[str, str]:
    """The server's PEER_STATEMENTS: crosspaths' network statements, each with the peer's last RETURN."""
    opportunities = _every_role(_from_the_start(_own_view(network.OPPORTUNITIES)))
    return {
        "opportunities": "CALL () {" + opportunities + "}" + _OPPORTUNITIES_RESULT,
        "pathsTo": "CALL () {" + _with_steps(_own_view(network.PATHS_TO)) + "}\n" + _PATHS_RESULT,
    }


class PeerUnavailableError(RuntimeError):
    """The peer cannot run here; the message says why (the scenario reports it and goes on without it)."""


def _tools() -> tuple[str, str]:
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        raise PeerUnavailableError("node and npm are not both on PATH")
    if not (PEER_DIR / "server.mjs").is_file():
        raise PeerUnavailableError(f"{PEER_DIR} is missing (the peer runs from a source checkout)")
    return node, npm


def install(npm: str) -> None:
    """`npm ci` into bench/peer/node_modules unless it already matches package-lock.json."""
    installed = PEER_DIR / "node_modules" / ".package-lock.json"
    lock = PEER_DIR / "package-lock.json"
    if installed.is_file() and installed.stat().st_mtime >= lock.stat().st_mtime:
        return
    done = subprocess.run(  # noqa: S603 - npm found on PATH, fixed arguments
        [npm, "ci", "--prefix", str(PEER_DIR), "--no-audit", "--no-fund", "--loglevel=error"],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    if done.returncode != 0:
        raise PeerUnavailableError(f"npm ci in {PEER_DIR} failed: {done.stderr.strip()[-500:]}")


class Peer:
    """The peer server on a free loopback port, stopped by PID when the block ends."""

    def __init__(self, target: Neo4jTarget, workdir: Path) -> None:
        node, npm = _tools()
        install(npm)
        self.port = free_port()
        statements_file = workdir / "peer-statements.json"
        statements_file.write_text(json.dumps(statements()), encoding="utf-8")
        env = {
            **os.environ,
            "NEO4J_URI": target.uri,
            "NEO4J_DATABASE": target.database,
            "PORT": str(self.port),
            "PEER_STATEMENTS": str(statements_file),
            "NODE_ENV": "production",
        } | ({"NEO4J_USER": target.auth[0], "NEO4J_PASSWORD": target.auth[1]} if target.auth else {})
        self.server = ChildServer(
            [node, str(PEER_DIR / "server.mjs")], env, workdir / "peer.log", stop_grace_s=STOP_GRACE_S
        )

    @property
    def pid(self) -> int:
        return self.server.pid

    def __enter__(self) -> Self:
        log = self.server.log_path
        self.server.start(
            lambda: b"listening" in log.read_bytes(),
            within_s=START_TIMEOUT_S,
            failed=lambda tail: PeerUnavailableError(f"the peer did not start: {tail}"),
        )
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.stop()
