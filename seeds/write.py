"""Writing an import's valid rows: UNWIND statements of a batch each, counted, in one transaction or many.

StreamWriter writes into one open transaction while the rest of the import is still being read;
write() writes a file already read, batch by batch, each in its own transaction (or in one that is
rolled back for a dry run: rolled_back()).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any, LiteralString

from neo4j import AsyncResult, AsyncTransaction
from neo4j.exceptions import DriverError, Neo4jError

from api.graph import Graph, Row
from api.observe.metrics import IMPORT_ROWS
from seeds.checked import Checked
from seeds.progress import Tracker
from seeds.report import ImportReport, RowError
from seeds.sheets import Sheet

Run = Callable[[LiteralString, dict[str, Any]], Awaitable[list[Row]]]


def _rows_in(sheet: Sheet) -> int:
    """About how many rows a file has (its line breaks), for progress: counted at ~1 ms per MB."""
    with contextlib.suppress(OSError), sheet.path.open("rb") as stream:
        return max(0, sum(chunk.count(b"\n") for chunk in iter(lambda: stream.read(1 << 20), b"")) - 1)
    return 0


def _in(tx: AsyncTransaction) -> Run:
    """Statements run inside the open transaction `tx` (not committed by running them)."""

    async def run(cypher: LiteralString, params: dict[str, Any]) -> list[Row]:
        result = await tx.run(cypher, params)
        return [dict(record) for record in await result.fetch(1_000_000)]

    return run


def reason(error: Neo4jError | DriverError) -> str:
    """What the database or the driver said, for a report."""
    return error.message if isinstance(error, Neo4jError) and error.message else str(error)


def database_unavailable(error: BaseException) -> bool:
    """Whether `error` means the database went away (so retrying helps), not that it refused the rows.

    The driver's own judgement (a lost connection, an unreachable server, a transient failure),
    but for a transaction over the server's memory limit: transient to the driver, yet the same
    import fails the same way however often it is retried.
    """
    if isinstance(error, Neo4jError) and "Memory" in (error.code or ""):
        return False
    return isinstance(error, (Neo4jError, DriverError)) and error.is_retryable()


@dataclass
class Batch:
    """Valid rows of one file, from `first` to `last` line, on their way to the database."""

    item: Checked
    first: int
    last: int
    rows: list[dict[str, Any]]


@dataclass
class _Sent:
    """A statement of the streamed import: sent, its result read at the end."""

    batch: Batch
    rows: int
    result: AsyncResult


class StreamWriter:
    """Writes rows into one open transaction, in order, while the rest of the import is still being read.

    Statements are pipelined: the next one is sent as soon as the one before it starts, so the
    server goes from one to the next without waiting for a round trip and for Python (a statement
    costs ~3 ms less that way). Whatever was read meanwhile goes into the next statement, so they
    grow to what reading got ahead by. Rows wait here at most the size of the import, which is
    small on this path. Counts are read from the statements' results at the end.
    """

    def __init__(self, tx: AsyncTransaction, tracker: Tracker) -> None:
        self._tx = tx
        self._tracker = tracker
        self._pending: list[Batch] = []
        self._ready = asyncio.Event()
        self._closed = False
        self._current: Checked | None = None
        self._sent: list[_Sent] = []
        self.failure: tuple[Batch, Neo4jError | DriverError] | None = None
        self._task = asyncio.ensure_future(self._run())

    def write(self, batch: Batch) -> None:
        if self.failure is None:
            self._pending.append(batch)
            self._ready.set()

    async def finish(self) -> None:
        """Wait until every row given is written and counted (or the first refusal)."""
        self._closed = True
        self._ready.set()
        await self._task

    def cancel(self) -> None:
        self._task.cancel()

    async def _run(self) -> None:
        try:
            while (self._pending or not self._closed) and self.failure is None:
                if not self._pending:
                    self._ready.clear()
                    await self._ready.wait()
                    continue
                taken, self._pending = self._pending, []
                for batch in _joined(taken):
                    if self.failure is None:
                        await self._send(batch)
            if self.failure is None:
                await self._count()
        finally:
            if self._current is not None:
                self._tracker.end()

    async def _send(self, batch: Batch) -> None:
        if batch.item is not self._current:
            if self._current is not None:
                self._tracker.end()
            self._current = batch.item
            self._tracker.begin(batch.item.report.file, _rows_in(batch.item.sheet))
        sheet = batch.item.sheet
        for statement, rows in _statements(sheet, batch.rows).items():
            try:
                result = await self._tx.run(statement, {"rows": _Rows(rows), **sheet.params})
            except (Neo4jError, DriverError) as error:
                # The reply to a statement comes once the one before it has run, so that one's
                # runtime error (a constraint, memory) is raised here: its rows are named.
                self.failure = (self._sent[-1].batch if self._sent else batch, error)
                return
            self._sent.append(_Sent(batch, len(rows), result))
        self._tracker.advance(len(batch.rows))

    async def _count(self) -> None:
        for sent in self._sent:
            try:
                counts = [record async for record in sent.result]
            except (Neo4jError, DriverError) as error:
                self.failure = (sent.batch, error)
                return
            # One row (the statements aggregate); no row at all would mean nothing was written.
            first = counts[0] if counts else {"created": 0, "updated": 0, "written": 0}
            created, updated = first["created"], first["updated"]
            if sent.batch.item.sheet.proves_references and first["written"] < sent.rows:
                sent.batch.item.unproven = True
            sent.batch.item.report.add_counts(created, updated, sent.rows - created - updated)


def _joined(batches: list[Batch]) -> Iterator[Batch]:
    """Consecutive batches of the same file as one."""
    joined: Batch | None = None
    for batch in batches:
        if joined is not None and batch.item is joined.item:
            joined.rows += batch.rows
            joined.last = batch.last
            continue
        if joined is not None:
            yield joined
        joined = Batch(batch.item, batch.first, batch.last, list(batch.rows))
    if joined is not None:
        yield joined


def _valid_rows(item: Checked) -> Iterator[tuple[int, dict[str, Any]]]:
    invalid = item.invalid  # references found missing after the row was kept
    return ((line, row) for line, row in item.rows if line not in invalid)


async def write(item: Checked, run: Run, tracker: Tracker, batch_size: int) -> bool:
    """Write the valid rows of one file; False when the database refused or went away mid-way."""
    started = time.monotonic()
    report = item.report
    total = report.rows_read - report.skipped
    tracker.begin(report.file, total)
    batch: list[dict[str, Any]] = []
    first_line = last_line = 0
    try:
        for line, row in _valid_rows(item):
            if not batch:
                first_line = line
            last_line = line
            batch.append(row)
            if len(batch) >= batch_size:
                await _flush(item, run, batch, tracker)
                batch = []
        if batch:
            await _flush(item, run, batch, tracker)
        report.written = not report.dry_run
    except (Neo4jError, DriverError) as error:
        # Earlier batches are committed (but in a dry run): re-running the import after fixing the cause completes it.
        said = reason(error)
        earlier = "" if report.dry_run else " (earlier rows were)"
        report.stopped = "unavailable" if database_unavailable(error) else "refused"
        if report.stopped == "unavailable":
            message = (
                f"the database was unavailable, so rows from line {first_line} on were not written{earlier}: "
                f"retry the import once the database is back; rows already written are not written twice ({said})"
            )
        else:
            message = f"rows from line {first_line} to {last_line} could not be written{earlier}: {said}"
        report.add_error(RowError(report.file, first_line, None, message))
        return False
    finally:
        tracker.end()
        report.seconds += time.monotonic() - started
    return True


class _Rows(list[dict[str, Any]]):
    """A batch's rows as a query parameter, with a repr that does not print them.

    The driver formats every RUN's parameters for its debug log before it knows whether debug
    is on: repr() of 10k rows cost ~20 ms, the largest part of the write pass's Python time.
    """

    def __repr__(self) -> str:
        return f"<{len(self)} rows>"


def _statements(sheet: Sheet, rows: list[dict[str, Any]]) -> dict[LiteralString, list[dict[str, Any]]]:
    """The rows each statement writes: one statement for most files, one per kind of row for routed ones."""
    if sheet.route is None:
        return {sheet.statement: rows}
    groups: dict[LiteralString, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(sheet.route(row), []).append(row)
    return groups


async def _flush(item: Checked, run: Run, batch: list[dict[str, Any]], tracker: Tracker) -> None:
    created = updated = 0
    for statement, rows in _statements(item.sheet, batch).items():
        counts = await run(statement, {"rows": _Rows(rows), **item.sheet.params})
        if counts:
            created += counts[0]["created"]
            updated += counts[0]["updated"]
    item.report.add_counts(created, updated, len(batch) - created - updated)
    if not item.report.dry_run:
        IMPORT_ROWS.labels(outcome="created").inc(created)
        IMPORT_ROWS.labels(outcome="updated").inc(updated)
        IMPORT_ROWS.labels(outcome="unchanged").inc(len(batch) - created - updated)
    tracker.advance(len(batch))


def count_written(report: ImportReport) -> None:
    """The metrics of a committed one-transaction import (its batches are counted only once kept)."""
    IMPORT_ROWS.labels(outcome="created").inc(report.created)
    IMPORT_ROWS.labels(outcome="updated").inc(report.updated)
    IMPORT_ROWS.labels(outcome="unchanged").inc(report.unchanged)


async def rolled_back(graph: Graph, checked: list[Checked], tracker: Tracker, batch_size: int) -> None:
    """Run every write in one transaction and roll it back: exact counts, nothing kept."""
    async with graph.session() as session:
        tx = await session.begin_transaction()
        try:
            for item in checked:
                if not await write(item, _in(tx), tracker, batch_size):
                    break
        finally:
            await tx.rollback()
