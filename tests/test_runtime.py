"""The served app's heap is settled once it has started, whatever the process did before (`up` seeds first)."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import TYPE_CHECKING, Any

import pytest

from api.runtime import YOUNG_THRESHOLD

if TYPE_CHECKING:
    from api.settings import Neo4jTarget

# `up` in a fresh interpreter, up to the point where uvicorn would serve: the demo data imported
# through the graph (as `up` does, before any app exists), then the app started. settle_heap acts
# once per process, so anything that settled the heap before the app existed would leave the app's
# schema, driver and caches unfrozen, to be walked by every full collection from then on.
_UP_THEN_START = """
import asyncio, gc, json, sys
from api.app import create_app
from api.cli.common import with_graph
from api.cli.run import _schema_and_demo
from api.settings import Neo4jTarget, Settings

target = Neo4jTarget(sys.argv[1], sys.argv[2] or None, sys.argv[3] or None, sys.argv[4])
settings = Settings.from_env()
message, _ = with_graph(settings, target, _schema_and_demo)
app = create_app(target, settings)

async def started() -> dict:
    async with app.router.lifespan_context(app):
        return {"demo": message, "frozen": gc.get_freeze_count(), "unfrozen": len(gc.get_objects()),
                "young": gc.get_threshold()[0]}

print(json.dumps(asyncio.run(started())))
"""


@pytest.mark.usefixtures("db")  # an empty, migrated graph (clean_graph): the demo data is imported whole
def test_the_app_started_after_the_demo_import_freezes_what_it_keeps(target: Neo4jTarget) -> None:
    state = _in_a_fresh_interpreter(_UP_THEN_START, target)

    assert state["demo"].startswith("demo data")  # the import ran in this process first
    assert state["young"] == YOUNG_THRESHOLD
    # What is alive once the app has started is nearly all frozen: the modules, schema and driver.
    assert state["unfrozen"] * 100 < state["frozen"], state


# An import in a fresh interpreter (its collector at CPython's defaults), as the benchmark and any
# script calling import_sheets run it: the threshold while rows are read, and after.
_IMPORT_IN_A_FRESH_PROCESS = """
import asyncio, gc, json, sys
from pathlib import Path
import seeds
from api.cli.common import with_graph
from api.settings import Neo4jTarget, Settings
from seeds.folder import folder_sheets
from seeds.importer import import_sheets
from seeds.progress import Silent

target = Neo4jTarget(sys.argv[1], sys.argv[2] or None, sys.argv[3] or None, sys.argv[4])
seen = []

class Watching(Silent):
    def begin(self, file, total):
        seen.append(gc.get_threshold()[0])

async def run(graph):
    reports = await import_sheets(graph, folder_sheets(Path(seeds.__file__).parent / "demo"), tracker=Watching())
    return all(report.ok for report in reports)

before = gc.get_threshold()[0]
ok = with_graph(Settings.from_env(), target, run)
print(json.dumps({"ok": ok, "before": before, "during": seen, "after": gc.get_threshold()[0]}))
"""


@pytest.mark.usefixtures("db")
def test_an_import_collects_as_a_settled_process_does_and_leaves_the_collector_as_it_was(
    target: Neo4jTarget,
) -> None:
    state = _in_a_fresh_interpreter(_IMPORT_IN_A_FRESH_PROCESS, target)

    assert state["ok"]
    assert state["before"] == state["after"] == 700  # CPython's default, put back
    assert set(state["during"]) == {YOUNG_THRESHOLD}  # every file read with it


def _in_a_fresh_interpreter(script: str, target: Neo4jTarget) -> dict[str, Any]:
    """What `script` prints last, as JSON, run by this interpreter with the test graph's address as its arguments."""
    where = [target.uri, target.user or "", target.password or "", target.database]
    done = subprocess.run(  # noqa: S603 - this interpreter, our own script
        [sys.executable, "-c", script, *where], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    state: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return state
