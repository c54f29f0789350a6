"""The served app's heap is settled once it has started, whatever the process did before (`up` seeds first)."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import TYPE_CHECKING

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
    where = [target.uri, target.user or "", target.password or "", target.database]
    done = subprocess.run(  # noqa: S603 - this interpreter, our own script
        [sys.executable, "-c", _UP_THEN_START, *where],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    state = json.loads(done.stdout.strip().splitlines()[-1])

    assert state["demo"].startswith("demo data")  # the import ran in this process first
    assert state["young"] == YOUNG_THRESHOLD
    # What is alive once the app has started is nearly all frozen: the modules, schema and driver.
    assert state["unfrozen"] * 100 < state["frozen"], state
