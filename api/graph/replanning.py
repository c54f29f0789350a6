"""Re-planning after a bulk upload (importCsv): in the background, one re-plan at a time per process.

`crosspaths seed` and `crosspaths up` re-plan in line after an import of network.REPLAN_AFTER_ROWS
rows or more (network.replan): the command has the time. An upload is a request, and planning the
searches takes seconds each, so its answer does not wait: the re-plan starts once the import has
committed, in a task of this process. An upload while one runs asks for one more after it (the
running one may have read the statistics before that upload's rows), never for two at once.
Failures are logged and counted, never raised: the upload is written either way, and a request that
finds no plan makes one itself. Plans live in Neo4j, so every replica's requests use them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from api.graph import network
from api.graph.runner import Graph
from api.observe.metrics import REPLANS

logger = logging.getLogger("crosspaths.graph")


class Replanner:
    """Re-plans the network statements (and `more`, as network.replan takes them) after large imports."""

    def __init__(self, graph: Graph, more: network.Planned = ()) -> None:
        self.graph = graph
        self.more = more
        self._task: asyncio.Task[None] | None = None
        self._again = False

    def after_import(self, rows: int) -> bool:
        """Start a re-plan when an import wrote `rows` >= REPLAN_AFTER_ROWS; True when one starts or is asked for."""
        if rows < network.REPLAN_AFTER_ROWS:
            return False
        logger.info("re-planning the network statements after an import of %d rows", rows)
        if self._task is not None and not self._task.done():
            self._again = True
        else:
            self._task = asyncio.create_task(self._replan(), name="crosspaths-replan")
        return True

    @property
    def busy(self) -> bool:
        """Whether a re-plan runs now."""
        return self._task is not None and not self._task.done()

    async def close(self) -> None:
        """Stop a re-plan in progress (the app is shutting down)."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _replan(self) -> None:
        again = True
        while again:
            self._again = False
            try:
                refreshed = await network.replan(self.graph, self.more)
            except Exception:  # the import is written: a failed re-plan only leaves planning to the requests
                logger.exception("re-planning the network statements after an import failed")
                REPLANS.labels(outcome="failed").inc()
            else:
                # Not refreshed: the Neo4j user may not call db.prepareForReplanning (network.replan logged why).
                REPLANS.labels(outcome="refreshed" if refreshed else "planned").inc()
            again = self._again
