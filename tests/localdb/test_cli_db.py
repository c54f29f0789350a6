"""`crosspaths db start|stop|status` as a user runs them: real processes, a real server, a free port."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from api.localdb import LocalNeo4j
from api.settings import Settings
from tests.conftest import free_port

CROSSPATHS = str(Path(sys.executable).with_name("crosspaths"))
COMMAND_TIMEOUT_S = 300.0


def crosspaths(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own console script, fixed argv
        [CROSSPATHS, *args], env=env, capture_output=True, text=True, timeout=COMMAND_TIMEOUT_S, check=False
    )


def user_env(data_dir: Path, **overrides: str) -> dict[str, str]:
    """The caller's environment with crosspaths pointed at `data_dir` (and no configured database)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("NEO4J_", "CROSSPATHS_"))}
    return env | {"CROSSPATHS_DATA_DIR": str(data_dir)} | overrides


def running(pid: int) -> bool:
    """True while `pid` runs; a zombie (ended, not yet reaped by init) counts as ended."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"


def test_start_status_stop(tmp_path: Path) -> None:
    port = str(free_port())
    env = user_env(tmp_path)
    home = tmp_path / f"neo4j-{port}"
    try:
        assert crosspaths("db", "status", "--port", port, env=env).returncode == 1

        first = crosspaths("db", "start", "--port", port, env=env)
        assert first.returncode == 0, first.stderr
        assert f"NEO4J_URI=bolt://127.0.0.1:{port}" in first.stdout.splitlines()
        pid = int((home / "crosspaths.pid").read_text())
        assert running(pid)
        assert f"--home-dir={home}".encode() in Path(f"/proc/{pid}/cmdline").read_bytes()

        up = crosspaths("db", "status", "--port", port, env=env)
        assert (up.returncode, up.stdout.strip()) == (0, f"running: bolt://127.0.0.1:{port} (pid {pid})")

        again = crosspaths("db", "start", "--port", port, env=env)
        assert (again.returncode, again.stdout) == (0, first.stdout)
        assert int((home / "crosspaths.pid").read_text()) == pid

        stopped = crosspaths("db", "stop", "--port", port, env=env)
        assert (stopped.returncode, stopped.stdout.strip()) == (0, "stopped")
        assert not running(pid)
        down = crosspaths("db", "status", "--port", port, env=env)
        assert (down.returncode, down.stdout.strip()) == (1, f"not answering on bolt://127.0.0.1:{port}")
        assert crosspaths("db", "stop", "--port", port, env=env).stdout.strip() == "not running"
    finally:
        LocalNeo4j(port=int(port), data_dir=tmp_path, cache_dir=Settings.from_env().cache_dir).stop()


@pytest.mark.parametrize(
    ("tools", "missing", "package"),
    [
        ((), "java", "a JDK 17 (Debian: apt-get install openjdk-17-jdk-headless)"),
        (("java",), "mvn", "Maven (Debian: apt-get install maven)"),
    ],
)
def test_start_without_java_or_maven_says_what_to_install(
    tmp_path: Path, tools: tuple[str, ...], missing: str, package: str
) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in tools:
        found = shutil.which(tool)
        assert found is not None, f"this test needs {tool} to hide the other tools behind it"
        (bin_dir / tool).symlink_to(found)
    empty_cache = tmp_path / "cache"
    env = user_env(tmp_path / "data", PATH=str(bin_dir), CROSSPATHS_CACHE_DIR=str(empty_cache))

    done = crosspaths("db", "start", "--port", str(free_port()), env=env)

    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    # Rich wraps long messages to the terminal width; compare words, not line breaks.
    advice = f"error: '{missing}' was not found on PATH: install {package} to run the local Neo4j (or set NEO4J_URI)."
    assert " ".join(done.stderr.split()) == advice
