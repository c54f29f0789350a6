"""The package as a user gets it: a wheel built from a clean clone, installed in a fresh venv, run from an empty folder.

Slow (a build, an install and a Neo4j start, ~2-3 minutes); pip's cache, npm's cache and ~/.m2 make
the repeated downloads local.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from api.settings import PROJECT_ROOT
from api.web.bundles import EXPLORE, GRAPHIQL
from tests.conftest import free_port
from tests.localdb.test_cli_db import running

READY = "Uvicorn running on"
FIRST_SCREEN_BYTES = 4_096  # the header a user must read: the token, the URL, a few start-up lines
START_TIMEOUT_S = 300.0
STOP_TIMEOUT_S = 90.0
SEARCH = '{ search(query: "Bianca Murphy") { ... on Person { id name } } }'  # the README's hint


def run(*command: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(  # noqa: S603 - our own commands, fixed argv
        [str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=600
    )
    assert done.returncode == 0, f"{command}: {done.stdout}\n{done.stderr}"
    return done.stdout


@dataclass
class Output:
    """Everything a process prints, read on a thread so that the pipe never fills up."""

    lines: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def follow(self, stream: Any) -> None:
        for line in stream:
            with self.lock:
                self.lines.append(line)

    def until(self, marker: str) -> str | None:
        """The text up to and including the first line holding `marker`, or None before it is printed."""
        with self.lock:
            for at, line in enumerate(self.lines):
                if marker in line:
                    return "".join(self.lines[: at + 1])
        return None


@dataclass(frozen=True)
class Installed:
    venv: Path
    home: Path  # an empty folder: the user's working directory
    env: dict[str, str]

    @property
    def crosspaths(self) -> Path:
        return self.venv / "bin" / "crosspaths"

    @property
    def data_dir(self) -> Path:
        return Path(self.env["XDG_DATA_HOME"]) / "crosspaths"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    root = tmp_path_factory.mktemp("wheel")
    clone = root / "clone"
    run("git", "clone", "--quiet", "--no-hardlinks", PROJECT_ROOT, clone)
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", root / "dist", clone)
    # The build leaves nothing git would show (no build/ folder); node_modules is ignored.
    assert run("git", "status", "--porcelain", cwd=clone) == ""
    assert not (clone / "build").exists()
    (wheel,) = (root / "dist").glob("crosspaths-*.whl")

    venv = root / "v"
    home = root / "empty"
    home.mkdir()
    env = {key: value for key, value in os.environ.items() if not key.startswith(("NEO4J_", "CROSSPATHS_"))}
    env |= {"XDG_DATA_HOME": str(root / "xdg-data"), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    env.pop("VIRTUAL_ENV", None)
    run(sys.executable, "-m", "venv", venv, cwd=home)
    run(venv / "bin" / "pip", "install", "--quiet", "--no-compile", wheel, cwd=home, env=env)
    return Installed(venv, home, env)


def request(url: str, *, token: str | None = None, body: dict[str, Any] | None = None) -> tuple[int, str, str]:
    headers = {"Accept": "text/html"} if body is None else {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = None if body is None else json.dumps(body).encode()
    sent = urllib.request.Request(url, data=data, headers=headers)  # noqa: S310 - our server on 127.0.0.1
    try:
        with urllib.request.urlopen(sent, timeout=120) as response:  # noqa: S310 - our server on 127.0.0.1
            return response.status, response.headers.get("content-type", ""), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("content-type", ""), error.read().decode()


def readme_first_answer() -> tuple[str, dict[str, Any]]:
    """The README's headline query and the answer it shows."""
    quick_start = (PROJECT_ROOT / "README.md").read_text().split("## Quick start", 1)[1]
    query = re.search(r"```graphql\n(.*?)```", quick_start, re.DOTALL)
    answer = re.search(r"```json\n(.*?)```", quick_start, re.DOTALL)
    assert query
    assert answer
    return query[1], json.loads(answer[1])


def without_scores(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: without_scores(item) for key, item in value.items() if key != "score"}
    if isinstance(value, list):
        return [without_scores(item) for item in value]
    return value


@dataclass
class Up:
    process: subprocess.Popen[str]
    output: Output
    port: int
    neo4j_port: int


@pytest.fixture(scope="module")
def up(installed: Installed) -> Iterator[Up]:
    """`crosspaths up` from the empty folder, on free ports, until the test module is done with it."""
    port, neo4j_port = free_port(), free_port()
    env = installed.env | {"CROSSPATHS_NEO4J_PORT": str(neo4j_port)}
    process = subprocess.Popen(  # noqa: S603 - our own console script
        [str(installed.crosspaths), "up", "--port", str(port)],
        cwd=installed.home,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's foreground job has
    )
    output = Output()
    reader = threading.Thread(target=output.follow, args=(process.stdout,), daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while output.until(READY) is None:
            assert process.poll() is None, "crosspaths up exited:\n" + "".join(output.lines)
            assert time.monotonic() < deadline, "crosspaths up was not ready in time:\n" + "".join(output.lines)
            time.sleep(0.5)
        yield Up(process, output, port, neo4j_port)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        reader.join(timeout=10)
        assert process.stdout is not None
        process.stdout.close()
        pid_file = installed.data_dir / f"neo4j-{neo4j_port}" / "crosspaths.pid"
        if pid_file.exists() and running(pid := int(pid_file.read_text())):
            os.kill(pid, signal.SIGKILL)


def token(up: Up) -> str:
    header = next(line for line in up.output.lines if line.startswith('{"Authorization": "Bearer '))
    value: str = json.loads(header)["Authorization"].removeprefix("Bearer ")
    return value


def test_the_first_screen_is_the_header_not_neo4j_notices(up: Up) -> None:
    first = up.output.until(READY)
    assert first is not None
    assert len(first.encode()) < FIRST_SCREEN_BYTES, first
    migrations = len(list((PROJECT_ROOT / "schema").glob("*.cypher")))
    assert f"schema: {migrations} migrations applied" in first.splitlines()
    assert re.search(r"^demo data loaded \(\d+ rows new\)$", first, re.MULTILINE)
    assert "notification" not in first.lower()


def test_the_readme_first_answer_and_search(up: Up) -> None:
    query, expected = readme_first_answer()
    url = f"http://127.0.0.1:{up.port}/graphql"
    status, _, body = request(url, token=token(up), body={"query": query})
    assert status == 200, body
    answer = json.loads(body)
    # Scores favour recent encounters, so they move with the date; everything else is the README's.
    assert without_scores(answer["data"]) == without_scores(expected["data"])
    edges = answer["data"]["viewer"]["opportunities"]["edges"]
    assert [edge["node"]["score"] for edge in edges] == sorted((edge["node"]["score"] for edge in edges), reverse=True)

    assert SEARCH in (PROJECT_ROOT / "README.md").read_text()
    status, _, body = request(url, token=token(up), body={"query": SEARCH})
    found = json.loads(body)
    assert status == 200, body
    assert "errors" not in found
    assert "Bianca Murphy" in {result.get("name") for result in found["data"]["search"]}


def test_graphiql_and_explore_are_served_with_their_bundles(up: Up) -> None:
    base = f"http://127.0.0.1:{up.port}"
    for page, bundles in (("/graphql", GRAPHIQL), ("/explore", EXPLORE)):
        status, content_type, html = request(base + page)
        assert (status, content_type.split(";")[0]) == (200, "text/html"), html
        for bundle in bundles:
            assert f"/graphiql/assets/{bundle}" in html
            status, _, text = request(f"{base}/graphiql/assets/{bundle}")
            assert status == 200, bundle
            assert len(text) > 1_000, bundle


def test_data_lives_in_the_users_data_folder_and_schema_export_prints(installed: Installed, up: Up) -> None:
    assert (installed.data_dir / "dev-jwt-secret").is_file()
    assert (installed.data_dir / f"neo4j-{up.neo4j_port}" / "data").is_dir()
    site_packages = next((installed.venv / "lib").glob("python3.*/site-packages"))
    assert not (site_packages / ".data").exists()
    assert list(installed.home.iterdir()) == []  # nothing written where the user stood

    exported = run(installed.crosspaths, "schema", "export", cwd=installed.home, env=installed.env)
    assert exported == (PROJECT_ROOT / "schema" / "schema.graphql").read_text()


def test_ctrl_c_stops_the_api_and_neo4j(installed: Installed, up: Up) -> None:
    neo4j = int((installed.data_dir / f"neo4j-{up.neo4j_port}" / "crosspaths.pid").read_text())
    assert running(neo4j)
    os.killpg(up.process.pid, signal.SIGINT)  # what Ctrl-C sends to the foreground job
    assert up.process.wait(timeout=STOP_TIMEOUT_S) == 0, "".join(up.output.lines[-20:])
    assert not running(neo4j)
