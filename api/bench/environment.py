"""What the load scenario records about where it ran: the machine, the versions, and Neo4j's process."""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from api.bench import procs
from api.bench.peer import PEER_DIR

if TYPE_CHECKING:
    from api.graph import Graph
    from api.settings import Neo4jTarget

_LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def machine() -> dict[str, Any]:
    """Cores, CPU model, memory and the load average when the run began: the run is only as quiet as the machine."""
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory_kib = next(
        int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    return {
        "cpus": os.cpu_count(),
        "cpu": model,
        "memory_gib": round(memory_kib / 1024**2, 1),
        "load_at_start": [round(value, 2) for value in os.getloadavg()],
    }


def _node_package(name: str) -> str | None:
    manifest = PEER_DIR / "node_modules" / name / "package.json"
    return json.loads(manifest.read_text(encoding="utf-8"))["version"] if manifest.is_file() else None


async def versions(graph: Graph, *, peer_ran: bool) -> dict[str, Any]:
    """The versions that make the numbers: Neo4j, Python and its libraries, Node and the peer's packages."""
    rows = await graph.read("CALL dbms.components() YIELD name, versions, edition RETURN name, versions, edition")
    found: dict[str, Any] = {
        "neo4j-server": " ".join(f"{row['name']} {row['versions'][0]} {row['edition']}" for row in rows),
        "python": platform.python_version(),
    }
    for package in ("neo4j", "neo4j-rust-ext", "strawberry-graphql", "graphql-core", "starlette", "uvicorn", "uvloop"):
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = None
    return found | (_peer_versions() if peer_ran else {})


def _peer_versions() -> dict[str, str | None]:
    node = shutil.which("node")
    done = subprocess.run([node or "node", "--version"], capture_output=True, text=True, check=False)  # noqa: S603 - node on PATH
    found = {"node": done.stdout.strip() or None}
    for package in ("@neo4j/graphql", "@neo4j/cypher-builder", "graphql", "graphql-yoga", "neo4j-driver"):
        found[package] = _node_package(package)
    return found


def neo4j_pid(target: Neo4jTarget) -> int | None:
    """The PID of the Neo4j `target` names, when it runs on this machine as us (else its CPU goes unmeasured)."""
    address = urlsplit(target.uri)
    if address.hostname not in _LOCAL_HOSTS:
        return None
    return procs.listening_pid(address.port or 7687)
