"""Resolve Neo4j Community's jars from Maven Central into a cache outside the repo."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from api.localdb.errors import LocalNeo4jError

POM = Path(__file__).with_name("pom.xml")
NEO4J_VERSION = "5.26.30"
_COMPLETE = ".complete"


def require_tool(name: str, package: str) -> str:
    """Return the path of `name`, or fail with what to install."""
    found = shutil.which(name)
    if found is None:
        msg = f"'{name}' was not found on PATH: install {package} to run the local Neo4j (or set NEO4J_URI)."
        raise LocalNeo4jError(msg)
    return found


def ensure_jars(cache_dir: Path) -> Path:
    """Return the folder holding every runtime jar of Neo4j, fetching it once with Maven."""
    lib = cache_dir / f"neo4j-{NEO4J_VERSION}" / "lib"
    if (lib / _COMPLETE).exists():
        return lib
    mvn = require_tool("mvn", "Maven (Debian: apt-get install maven)")
    require_tool("java", "a JDK 17 (Debian: apt-get install openjdk-17-jdk-headless)")
    lib.mkdir(parents=True, exist_ok=True)
    cmd = [
        mvn, "-B", "-q", "-f", str(POM), "dependency:copy-dependencies",
        "-DincludeScope=runtime", f"-DoutputDirectory={lib}", f"-Dneo4j.version={NEO4J_VERSION}",
    ]  # fmt: skip
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)  # noqa: S603 - fixed argv, no shell
    if done.returncode != 0:
        tail = (done.stdout + done.stderr).strip()[-2000:]
        msg = f"Maven could not fetch org.neo4j:neo4j:{NEO4J_VERSION}:\n{tail}"
        raise LocalNeo4jError(msg)
    (lib / _COMPLETE).write_text(NEO4J_VERSION)
    return lib
