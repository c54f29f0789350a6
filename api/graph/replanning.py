"""Re-planning after a bulk upload (importCsv): in the background, one at a time per process, with a gap between.

`crosspaths seed` and `crosspaths up` re-plan in line after an import of network.REPLAN_AFTER_ROWS
rows or more (network.replan): the command has the time. An upload is a request, and planning the
searches takes seconds of Neo4j CPU each, so its answer does not wait: the re-plan starts once the
import has committed, in a task of this process.

Uploads are cheap to send (one point of the rate limit) and any person may send a LinkedIn export of
that size, so re-plans keep a gap (Settings.replan_gap_s) from the end of the last one: an upload
within it, or while one runs, records that a re-plan is due, and one re-plan runs when the gap ends,
for every upload meanwhile. So Neo4j re-plans at most once per gap per process, whoever uploads, and
the last upload of a burst still gets its re-plan. Failures are logged and counted, never raised: the
upload is written either way, and a request that finds no plan makes one itself. Plans live in
Neo4j, so every replica's requests use them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

from api.graph import network
from api.graph.runner import Graph
from api.observe.metrics import REPLANS

logger = logging.getLogger("crosspaths.graph")


class Replanner:
    """Re-plans the network statements (and `more`, as network.replan takes them) after large imports."""

    def __init__(self, graph: Graph, more: network.Planned = (), *, gap_s: float = 0.0) -> None:
        self.graph = graph
        self.more = more
        self.gap_s = gap_s
        self._task: asyncio.Task[None] | None = None
        self._due = False  # an import came after the running or waiting re-plan read the statistics
        self._quiet_until = float("-inf")  # time.monotonic() before which no re-plan starts

    def after_import(self, rows: int) -> bool:
        """Have an import that wrote `rows` >= REPLAN_AFTER_ROWS re-planned; True when one starts or is due."""
        if rows < network.REPLAN_AFTER_ROWS:
            return False
        if not self.busy:
            self._task = asyncio.create_task(self._run(), name="crosspaths-replan")
            if time.monotonic() >= self._quiet_until:
                logger.info("re-planning the network statements after an import of %d rows", rows)
                return True
        self._due = True
        logger.info("a re-plan is due after an import of %d rows: it runs when the gap since the last one ends", rows)
        REPLANS.labels(outcome="deferred").inc()
        return True

    @property
    def busy(self) -> bool:
        """Whether a re-plan runs now, or waits for the gap to end."""
        return self._task is not None and not self._task.done()

    async def close(self) -> None:
        """Stop a re-plan in progress or waiting (the app is shutting down)."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(max(0.0, self._quiet_until - time.monotonic()))
            self._due = False
            try:
                await self._replan()
            finally:
                # From the end: however long a re-plan takes, Neo4j has the whole gap free of them.
                self._quiet_until = time.monotonic() + self.gap_s
            if not self._due:
                return

    async def _replan(self) -> None:
        try:
            refreshed = await network.replan(self.graph, self.more)
        except Exception:  # the import is written: a failed re-plan only leaves planning to the requests
            logger.exception("re-planning the network statements after an import failed")
            REPLANS.labels(outcome="failed").inc()
        else:
            # Not refreshed: the Neo4j user may not call db.prepareForReplanning (network.replan logged why).
            REPLANS.labels(outcome="refreshed" if refreshed else "planned").inc()
