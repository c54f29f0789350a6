"""The one importer behind every door (CLI, GraphQL, `up`): every row validated, nothing half-written.

Each file is streamed and every row validated (cells, duplicates within the file, references to
people and roles defined earlier in the import or already in the graph). Rows are written in
batches of BATCH_SIZE, each one `UNWIND $rows` statement. Nothing is written when any row is
invalid, unless `skip_invalid`; a dry run's counts are exactly what a real run would do.

How depends on the import's size:
- Up to ONE_TRANSACTION_BYTES of files in all, the import is ONE transaction, and rows are
  written while the rest of the file is still being read and checked: the checks (Python, one
  core) run beside the writes (Neo4j, the other), and the statements are pipelined (seeds.write.StreamWriter).
  The transaction is committed only when every file passed (and rolled back for a dry run), so an
  import is all or nothing, even when the database refuses a batch or the process dies half-way.
  Files whose statements MATCH every person a row names (positions, connections) need no lookup of
  those people: each statement says how many rows it wrote, and only if some were not are the
  references looked up, to name the rows (seeds.references.verify).
- Larger imports are read and checked to the end first, keeping the valid rows in a RowSpool, then
  written batch by batch, each in its own managed, retried transaction (a transaction must stay
  within the server's memory limit); a dry run of them is one transaction that is rolled back.

This module decides how; the steps are seeds.validate (read and check every row),
seeds.references (find the people and roles rows name) and seeds.write (the statements), sharing
what the import knows so far (seeds.checked).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterable
from typing import Any

from neo4j.exceptions import DriverError, Neo4jError

from api.graph import Graph
from api.runtime import fewer_collections
from api.settings import Settings
from seeds.checked import Checked, Known
from seeds.progress import Silent, Tracker
from seeds.references import verify
from seeds.report import ImportReport, RowError
from seeds.sheets import Sheet
from seeds.validate import validate
from seeds.write import Batch, StreamWriter, count_written, database_unavailable, reason, rolled_back, write

__all__ = ["BATCH_SIZE", "ONE_TRANSACTION_BYTES", "database_unavailable", "import_sheets"]

# Rows per transaction. Whole imports ran flat from 1000 to 10000 (seeds/README.md), but each
# batch costs two round trips and fixed driver work in Python: on ingest_vs_load_csv (10k rows,
# LOAD CSV committing as often) 5000 took the ratio from ~1.5 to ~1.25 (10000 measured no
# better). A crash still redoes at most one batch, which MERGE makes harmless, and a 5000-row
# transaction stays far below the server's transaction memory (a dry run holds a whole import).
BATCH_SIZE = 5_000

# Imports up to this size (all files together) are one transaction, written while being read (see
# the module docstring); CROSSPATHS_IMPORT_ONE_TRANSACTION_BYTES for the CLI (api.settings).
ONE_TRANSACTION_BYTES = Settings().import_one_transaction_bytes
# Rows handed to the writer at a time inside that one transaction (it joins what piles up while
# a statement runs): small, so the first statement starts after ~2 ms of reading instead of ~9.
# With --skip-invalid each hand-over first looks its references up, a round trip: 1000 then.
STREAMED_BATCH_SIZE = 250
CHECKED_STREAMED_BATCH_SIZE = 1_000


async def import_sheets(
    graph: Graph,
    sheets: Iterable[Sheet],
    *,
    dry_run: bool = False,
    skip_invalid: bool = False,
    tracker: Tracker | None = None,
    batch_size: int = BATCH_SIZE,
    one_transaction_bytes: int = ONE_TRANSACTION_BYTES,
) -> list[ImportReport]:
    """Validate and write `sheets` in the order given; one report per sheet."""
    # Rows allocate as requests do: collect as a settled process would, whoever calls (api.runtime).
    with fewer_collections():
        return await _import(
            graph,
            list(sheets),
            dry_run=dry_run,
            skip_invalid=skip_invalid,
            tracker=tracker or Silent(),
            batch_size=batch_size,
            one_transaction_bytes=one_transaction_bytes,
        )


async def _import(
    graph: Graph,
    sheets: list[Sheet],
    *,
    dry_run: bool,
    skip_invalid: bool,
    tracker: Tracker,
    batch_size: int,
    one_transaction_bytes: int,
) -> list[ImportReport]:
    if sum(_size(sheet) for sheet in sheets) <= one_transaction_bytes:
        return await _in_one_transaction(
            graph,
            sheets,
            dry_run=dry_run,
            skip_invalid=skip_invalid,
            tracker=tracker,
            batch_size=min(batch_size, CHECKED_STREAMED_BATCH_SIZE if skip_invalid else STREAMED_BATCH_SIZE),
        )
    known = Known()
    checked: list[Checked] = []
    try:
        for sheet in sheets:
            # One at a time, not a comprehension: spools already filled are closed if a later file raises.
            checked.append(await validate(graph, sheet, known, dry_run=dry_run))  # noqa: PERF401
        blocked = any(c.broken for c in checked) or (not skip_invalid and any(not c.report.ok for c in checked))
        if blocked:
            return [c.report for c in checked]
        if dry_run:
            await rolled_back(graph, checked, tracker, batch_size)
        else:
            for item in checked:
                # A file that failed half-way stops the import: later files refer to its rows.
                if not await write(item, lambda cypher, params: graph.write(cypher, **params), tracker, batch_size):
                    break
        return [c.report for c in checked]
    finally:
        for item in checked:
            item.rows.close()


def _size(sheet: Sheet) -> int:
    try:
        return sheet.path.stat().st_size
    except OSError:
        return 0  # unreadable: validation reports it


async def _in_one_transaction(
    graph: Graph, sheets: list[Sheet], *, dry_run: bool, skip_invalid: bool, tracker: Tracker, batch_size: int
) -> list[ImportReport]:
    """The whole import as one transaction, each batch written while the next is read (module docstring)."""
    known = Known()
    checked: list[Checked] = []

    def doomed(item: Checked) -> bool:
        """Nothing of this import will be kept: no use writing more."""
        items = [*checked, item]
        return any(c.broken for c in items) or (not skip_invalid and any(not c.report.ok for c in items))

    keep = complete = False
    async with graph.session() as session:
        tx = await session.begin_transaction()
        writer = StreamWriter(tx, tracker)
        try:

            async def sink(item: Checked, batch: list[tuple[int, dict[str, Any]]]) -> None:
                if not doomed(item):
                    rows = [row for line, row in batch if line not in item.invalid]
                    if rows:
                        writer.write(Batch(item, batch[0][0], batch[-1][0], rows))

            for sheet in sheets:
                started = time.monotonic()
                # Without skip_invalid any invalid row rolls everything back: rows need not wait for lookups.
                checked.append(
                    await validate(
                        graph,
                        sheet,
                        known,
                        dry_run=dry_run,
                        sink=sink,
                        batch_size=batch_size,
                        resolve_first=skip_invalid,
                    )
                )
                if sheet is sheets[-1]:
                    await writer.finish()
                    if not (writer.failure and database_unavailable(writer.failure[1])):  # no use asking it
                        written = writer.failure is None and not doomed(checked[-1])
                        await verify(graph, checked, known, written=written)
                checked[-1].report.seconds = time.monotonic() - started
            complete = writer.failure is None and not any(doomed(c) for c in checked)
            keep = complete and not dry_run
            if keep:
                await tx.commit()
        finally:
            writer.cancel()
            if not tx.closed():
                with contextlib.suppress(Neo4jError, DriverError):
                    await tx.rollback()
    return _settled(checked, writer, kept=keep, counted=complete)


def _settled(checked: list[Checked], writer: StreamWriter, *, kept: bool, counted: bool) -> list[ImportReport]:
    """The reports of a one-transaction import, once it was committed (`kept`) or rolled back.

    Counts stand for a committed import or a complete dry run; batches written before the import
    was refused were rolled back with it, so they count nothing (as when nothing is written at all).
    """
    if writer.failure is not None:
        batch, error = writer.failure
        report = batch.item.report
        report.stopped = "unavailable" if database_unavailable(error) else "refused"
        if report.stopped == "unavailable":
            message = (
                f"the database was unavailable, so nothing from this import was written: "
                f"retry it once the database is back ({reason(error)})"
            )
        else:
            message = (
                f"rows from line {batch.first} to {batch.last} could not be written, "
                f"so nothing from this import was: {reason(error)}"
            )
        report.add_error(RowError(report.file, batch.first, None, message))
    for item in checked:
        report = item.report
        report.written = kept
        if not counted:
            report.created = report.updated = report.unchanged = 0
        elif kept:
            count_written(report)
    return [c.report for c in checked]
