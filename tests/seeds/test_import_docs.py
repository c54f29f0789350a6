"""docs/importing.md's curl and Python examples, run as written against the live app (only the port differs)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from neo4j import Driver

from api.auth.jwt_tokens import mint
from api.auth.keys import JwtKeys
from api.gql.ids import to_global_id
from api.settings import PROJECT_ROOT, Settings
from tests.seeds.conftest import FIXTURES, query

DOC = PROJECT_ROOT / "docs" / "importing.md"
DOCUMENTED_URL = "http://127.0.0.1:8000"  # where `crosspaths up` serves


def block(language: str, starting: str) -> str:
    """The one fenced block of `language` in the page whose text starts with `starting`."""
    blocks: list[str] = re.findall(rf"```{language}\n(.*?)```", DOC.read_text(), re.DOTALL)
    [found] = [text for text in blocks if text.startswith(starting)]
    return found


@pytest.fixture
def export_folder(tmp_path: Path) -> Path:
    """A folder holding a LinkedIn export named as the page names it: six rows, two hidden profiles."""
    shutil.copy(FIXTURES / "connections_2026.csv", tmp_path / "Connections.csv")
    return tmp_path


@pytest.fixture
def token(db: Driver, settings: Settings) -> str:
    """A token of a person who is not an admin, as `crosspaths token --email` prints it."""
    db.execute_query("CREATE (:Person {id: 'maya', name: 'Maya Chen', email: 'maya.chen@example.com'})")
    return mint(JwtKeys.from_settings(settings), subject=to_global_id("Person", "maya"), email="maya.chen@example.com")


def run(command: list[str], folder: Path, token: str) -> dict[str, object]:
    """The `data` of the answer the example printed (its `extensions` hold the rate limit's account)."""
    result = subprocess.run(  # noqa: S603 - the page's own example, against the test app
        command, cwd=folder, env=os.environ | {"TOKEN": token}, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    answer: dict[str, object] = json.loads(result.stdout)
    assert set(answer) == {"data", "extensions"}, answer
    return {"data": answer["data"]}


def test_the_curl_example_imports_and_answers_as_documented(
    live_url: str, db: Driver, export_folder: Path, token: str
) -> None:
    assert shutil.which("curl"), "the page's example needs curl (Debian: apt-get install curl)"
    curl = block("sh", "curl ").replace(DOCUMENTED_URL, live_url)
    documented = json.loads(block("json", '{"data": {"importCsv"'))

    answer = run(["bash", "-c", curl], export_folder, token)

    assert answer == documented
    assert query(db, "MATCH (:Person {id: 'maya'})-[k:KNOWS]->() RETURN count(k) AS n") == [{"n": 4}]


def test_the_python_example_imports_and_a_second_run_creates_nothing(
    live_url: str, db: Driver, export_folder: Path, token: str
) -> None:
    script = export_folder / "import_connections.py"
    script.write_text(block("python", "import json").replace(DOCUMENTED_URL, live_url))

    first, second = (run([sys.executable, str(script)], export_folder, token) for _ in range(2))

    assert first == json.loads(block("json", '{"data": {"importCsv"'))
    assert second == {
        "data": {
            "importCsv": {
                "report": {"rowsRead": 6, "created": 0, "updated": 0, "skipped": 2, "errors": []},
                "userErrors": [],
            }
        }
    }
    assert query(db, "MATCH (:Person {id: 'maya'})-[k:KNOWS]->() RETURN count(k) AS n") == [{"n": 4}]
