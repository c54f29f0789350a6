"""The one importer behind every door (CLI, GraphQL, `up`): every row validated, nothing half-written.

Each file is streamed and every row validated (cells, duplicates within the file, references to
people and roles defined earlier in the import or already in the graph). Rows are written in
batches of BATCH_SIZE, each one `UNWIND $rows` statement. Nothing is written when any row is
invalid, unless `skip_invalid`; a dry run's counts are exactly what a real run would do.

How depends on the import's size:
- Up to ONE_TRANSACTION_BYTES of files in all, the import is ONE transaction, and rows are
  written while the rest of the file is still being read and checked: the checks (Python, one
  core) run beside the writes (Neo4j, the other), and the statements are pipelined (_Writer).
  The transaction is committed only when every file passed (and rolled back for a dry run), so an
  import is all or nothing, even when the database refuses a batch or the process dies half-way.
  Files whose statements MATCH every person a row names (positions, connections) need no lookup of
  those people: each statement says how many rows it wrote, and only if some were not are the
  references looked up, to name the rows (_verify).
- Larger imports are read and checked to the end first, keeping the valid rows in a RowSpool, then
  written batch by batch, each in its own managed, retried transaction (a transaction must stay
  within the server's memory limit); a dry run of them is one transaction that is rolled back.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import time
from collections.abc import Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, LiteralString

from neo4j import AsyncResult, AsyncTransaction
from neo4j.exceptions import DriverError, Neo4jError

from api.graph import Graph, Row
from api.observe.metrics import IMPORT_ROWS
from api.runtime import fewer_collections
from api.settings import Settings
from seeds import statements
from seeds.csvfile import CsvFileError, NoHeaderError, header_of, read_rows
from seeds.formats import Parsed, RefKind
from seeds.progress import Silent, Tracker
from seeds.report import ImportReport, RowError
from seeds.sheets import InvalidRowError, RowParser, Sheet
from seeds.spool import RowSpool

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
# References not yet known are looked up once this many rows are pending (one query for all of
# them, each key once): on the 10k-row synthetic connections file 1000 rows cost 11 round trips,
# 50000 one. (Running lookups as tasks while parsing went on, yielding every few hundred rows,
# measured no faster: they only progress when parsing yields, and overlapping ones repeat keys.)
_LOOKUP_CHUNK = 50_000

# While a streamed import reads, it lets the writer run every this many rows (~1 ms of reading):
# a statement's reply waits for the next yield, and each takes a few event loop turns.
_YIELD_EVERY = 100

Run = Callable[[LiteralString, dict[str, Any]], Awaitable[list[Row]]]
# Valid rows whose references are not looked up yet, as (line, row): a row holds the keys it names
# (Format.references). At most _LOOKUP_CHUNK of them, or a one-transaction import's.
Pending = list[tuple[int, dict[str, Any]]]


@dataclass
class Known:
    """Keys defined by the valid rows read so far in this import, so later files may refer to them.

    Keys are held as their hash (an int is a third of a short str's size), so a million people
    fit in memory; a false match needs a 64-bit collision among them.
    """

    people: set[int] = field(default_factory=set)
    roles: set[int] = field(default_factory=set)

    def add(self, kind: RefKind, key: str) -> None:
        (self.people if kind == "person" else self.roles).add(hash(key))

    def has(self, kind: RefKind, key: str) -> bool:
        return hash(key) in (self.people if kind == "person" else self.roles)


@dataclass
class _Checked:
    sheet: Sheet
    report: ImportReport
    invalid: set[int] = field(default_factory=set)
    broken: bool = False  # the file itself is unreadable: nothing from it can be written
    rows: RowSpool = field(default_factory=RowSpool)  # valid when read; `invalid` may name some later
    # References left for the writes to prove (Sheet.proves_references): every valid row (the rows
    # are held by the writer until the end anyway), and the references neither this import nor an
    # earlier lookup knew. Looked up only if the writes fall short.
    unverified: tuple[Pending, set[tuple[RefKind, str]]] | None = None
    unproven: bool = False  # a statement wrote fewer rows than it was given


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
    checked: list[_Checked] = []
    try:
        for sheet in sheets:
            # One at a time, not a comprehension: spools already filled are closed if a later file raises.
            checked.append(await _validate(graph, sheet, known, dry_run=dry_run))  # noqa: PERF401
        blocked = any(c.broken for c in checked) or (not skip_invalid and any(not c.report.ok for c in checked))
        if blocked:
            return [c.report for c in checked]
        if dry_run:
            await _rolled_back(graph, checked, tracker, batch_size)
        else:
            for item in checked:
                # A file that failed half-way stops the import: later files refer to its rows.
                if not await _write(item, lambda cypher, params: graph.write(cypher, **params), tracker, batch_size):
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


def _reason(error: Neo4jError | DriverError) -> str:
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
class _Batch:
    """Valid rows of one file, from `first` to `last` line, on their way to the database."""

    item: _Checked
    first: int
    last: int
    rows: list[dict[str, Any]]


@dataclass
class _Sent:
    """A statement of the streamed import: sent, its result read at the end."""

    batch: _Batch
    rows: int
    result: AsyncResult


class _Writer:
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
        self._pending: list[_Batch] = []
        self._ready = asyncio.Event()
        self._closed = False
        self._current: _Checked | None = None
        self._sent: list[_Sent] = []
        self.failure: tuple[_Batch, Neo4jError | DriverError] | None = None
        self._task = asyncio.ensure_future(self._run())

    def write(self, batch: _Batch) -> None:
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

    async def _send(self, batch: _Batch) -> None:
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


def _joined(batches: list[_Batch]) -> Iterator[_Batch]:
    """Consecutive batches of the same file as one."""
    joined: _Batch | None = None
    for batch in batches:
        if joined is not None and batch.item is joined.item:
            joined.rows += batch.rows
            joined.last = batch.last
            continue
        if joined is not None:
            yield joined
        joined = _Batch(batch.item, batch.first, batch.last, list(batch.rows))
    if joined is not None:
        yield joined


async def _in_one_transaction(
    graph: Graph, sheets: list[Sheet], *, dry_run: bool, skip_invalid: bool, tracker: Tracker, batch_size: int
) -> list[ImportReport]:
    """The whole import as one transaction, each batch written while the next is read (module docstring)."""
    known = Known()
    checked: list[_Checked] = []

    def doomed(item: _Checked) -> bool:
        """Nothing of this import will be kept: no use writing more."""
        items = [*checked, item]
        return any(c.broken for c in items) or (not skip_invalid and any(not c.report.ok for c in items))

    keep = complete = False
    async with graph.session() as session:
        tx = await session.begin_transaction()
        writer = _Writer(tx, tracker)
        try:

            async def sink(item: _Checked, batch: list[tuple[int, dict[str, Any]]]) -> None:
                if not doomed(item):
                    rows = [row for line, row in batch if line not in item.invalid]
                    if rows:
                        writer.write(_Batch(item, batch[0][0], batch[-1][0], rows))

            for sheet in sheets:
                started = time.monotonic()
                # Without skip_invalid any invalid row rolls everything back: rows need not wait for lookups.
                checked.append(
                    await _validate(
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
                        await _verify(graph, checked, known, written=written)
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


def _settled(checked: list[_Checked], writer: _Writer, *, kept: bool, counted: bool) -> list[ImportReport]:
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
                f"retry it once the database is back ({_reason(error)})"
            )
        else:
            message = (
                f"rows from line {batch.first} to {batch.last} could not be written, "
                f"so nothing from this import was: {_reason(error)}"
            )
        report.add_error(RowError(report.file, batch.first, None, message))
    for item in checked:
        report = item.report
        report.written = kept
        if not counted:
            report.created = report.updated = report.unchanged = 0
        elif kept:
            _count_written(report)
    return [c.report for c in checked]


Sink = Callable[["_Checked", list[tuple[int, dict[str, Any]]]], Awaitable[None]]


async def _validate(
    graph: Graph,
    sheet: Sheet,
    known: Known,
    *,
    dry_run: bool,
    sink: Sink | None = None,
    batch_size: int = BATCH_SIZE,
    resolve_first: bool = True,
) -> _Checked:
    """Read and check every row of `sheet`; its valid rows go to the spool, or to `sink` a batch at a time.

    Rows found invalid are in `item.invalid` (see _check_rows for when references are checked).
    """
    started = time.monotonic()
    item = _Checked(sheet, ImportReport(sheet.name, dry_run=dry_run))
    report = item.report
    try:
        header = header_of(sheet.path, name=sheet.name, is_header=sheet.is_header)
        problem = sheet.check_header(header)
        if problem is not None:
            report.add_error(RowError(sheet.name, 1, None, problem))
            item.broken, report.stopped = True, "file"
            return item
        parse = sheet.parser(header)
        duplicates = await _check_rows(
            graph, item, parse, known, sink=sink, batch_size=batch_size, resolve_first=resolve_first
        )
        if duplicates:
            _report_duplicates(item, parse, duplicates)
        report.errors.sort(key=lambda error: error.line)
    except NoHeaderError as error:
        message = f"no header row found: expected {sheet.expected_header}{error.hint}"
        report.add_error(RowError(sheet.name, error.line, None, message))
        item.broken = True
    except CsvFileError as error:
        report.add_error(RowError(sheet.name, error.line, None, error.message))
        item.broken = True
    except OSError as error:
        report.add_error(RowError(sheet.name, 0, None, f"cannot read the file: {error.strerror or error}"))
        item.broken = True
    if item.broken:
        report.stopped = "file"
    report.skipped += len(item.invalid)
    report.seconds = time.monotonic() - started
    return item


async def _check_rows(
    graph: Graph,
    item: _Checked,
    parse: RowParser,
    known: Known,
    *,
    sink: Sink | None,
    batch_size: int,
    resolve_first: bool,
) -> dict[int, str]:
    """Parse and check every row of the file: valid ones are spooled or sent; returns the duplicates by line.

    With `resolve_first` a batch's references are looked up before it is sent (so a row naming nobody
    is never written); else they are looked up later, 50k at a time, which suits an import that is
    rolled back whole when any row is invalid. When the writes can prove them (Sheet.proves_references)
    that lookup waits for the writes, and is made only if they fall short (_verify).
    """
    sheet, report = item.sheet, item.report
    proven = sink is not None and not resolve_first and sheet.proves_references
    seen: set[int] = set()  # hashes of the keys of rows that define nothing others refer to
    duplicates: dict[int, str] = {}  # line -> the key an earlier row already had
    pending: Pending = []  # checked by _resolve
    batch: Pending = []
    for line, cells in read_rows(sheet.path, name=sheet.name, is_header=sheet.is_header):
        report.rows_read += 1
        if sink is not None and report.rows_read % _YIELD_EVERY == 0:
            await asyncio.sleep(0)  # the writer's replies are read, and its next statement sent, soon
        parsed = _parse(item, parse, line, cells)
        if parsed is None:
            continue
        clash = _clash(parsed, seen, known)
        if clash is not None:
            duplicates[line] = clash
            item.invalid.add(line)
            continue
        entry = (line, parsed.row)
        pending.append(entry)
        if sink is None:
            item.rows.append(line, parsed.row)
        else:
            batch.append(entry)
            if len(batch) >= batch_size:
                if resolve_first:
                    await _resolve(graph, pending, item, known)
                    pending = []
                await sink(item, batch)
                batch = []
        if len(pending) >= _LOOKUP_CHUNK and not proven:
            await _resolve(graph, pending, item, known)
            pending = []
    await _rows_read(graph, item, known, pending, batch, sink=sink, resolve_first=resolve_first, proven=proven)
    return duplicates


async def _rows_read(
    graph: Graph,
    item: _Checked,
    known: Known,
    pending: Pending,
    batch: Pending,
    *,
    sink: Sink | None,
    resolve_first: bool,
    proven: bool,
) -> None:
    """The end of a file: its last rows handed over, its last references looked up or left to the writes."""
    if sink is not None and batch and not resolve_first:
        await sink(item, batch)  # before the lookup below, so the writer has every row while it runs
        batch = []
    if proven:
        item.unverified = (pending, _unknown(item.sheet, pending, known))
    else:
        await _resolve(graph, pending, item, known)
    if sink is not None and batch:
        await sink(item, batch)


def _keys(parsed: Parsed) -> list[tuple[RefKind | None, str]]:
    """A row's unique keys: what it defines (a person's email and URL), else its own key."""
    return [*parsed.defines] or [(None, parsed.key)]


def _clash(parsed: Parsed, seen: set[int], known: Known) -> str | None:
    """The key an earlier row of the file already had, else None (and the row's keys are recorded).

    Keys others refer to live in `known` (only one file of an import defines each kind), the
    rest in `seen`: each key is held once, as a hash, so a million rows stay small in memory.
    """
    if not parsed.defines:  # the usual row (all but people, companies, roles): one key, one set
        hashed = hash(parsed.key)
        if hashed in seen:
            return parsed.key
        seen.add(hashed)
        return None
    keys = _keys(parsed)
    for kind, key in keys:
        if known.has(kind, key) if kind else hash(key) in seen:
            return key
    for kind, key in keys:
        if kind is None:
            seen.add(hash(key))
        else:
            known.add(kind, key)
    return None


def _report_duplicates(item: _Checked, parse: RowParser, duplicates: dict[int, str]) -> None:
    """Name the line each duplicate repeats: a second pass, only when there are duplicates."""
    wanted = {hash(key) for key in duplicates.values()}
    first: dict[int, int] = {}
    sheet = item.sheet
    for line, cells in read_rows(sheet.path, name=sheet.name, is_header=sheet.is_header):
        if line in duplicates:
            continue
        try:
            parsed = parse(cells)
        except InvalidRowError:
            continue
        for _, key in _keys(parsed) if parsed else []:
            if hash(key) in wanted:
                first.setdefault(hash(key), line)
    for line, key in duplicates.items():
        earlier = first.get(hash(key))
        where = f"line {earlier}" if earlier else "an earlier row"
        item.report.add_error(RowError(sheet.name, line, None, f"duplicate of {where} (same key: {key})"))


def _parse(item: _Checked, parse: RowParser, line: int, cells: list[str]) -> Parsed | None:
    try:
        parsed = parse(cells)
    except InvalidRowError as invalid:
        for column, message in invalid.problems:
            _invalid(item, line, column, message)
        return None
    if parsed is None:
        item.report.skipped += 1
    return parsed


def _invalid(item: _Checked, line: int, column: str | None, message: str) -> None:
    item.invalid.add(line)
    item.report.add_error(RowError(item.sheet.name, line, column, message))


async def _resolve(graph: Graph, pending: Pending, item: _Checked, known: Known) -> None:
    """Report references that match nothing in this import or in the graph."""
    await _look_up(graph, pending, _unknown(item.sheet, pending, known), item, known)


def _unknown(sheet: Sheet, pending: Pending, known: Known) -> set[tuple[RefKind, str]]:
    """The references of `pending` this import does not know yet: each distinct one once.

    `known` is asked here, once per distinct reference, rather than for every row as it is read:
    the same answer, since no file refers to the kind of key it defines (people define people,
    roles define roles; neither refers to its own kind), so nothing a file adds to `known` could
    have changed the answer for a row of that file.
    """
    unknown: set[tuple[RefKind, str]] = set()
    for ref in sheet.references:  # a column at a time: no call, no object per row
        keys = [row[ref.field] for _, row in pending]
        distinct = set(itertools.chain.from_iterable(keys)) if ref.many else set(keys)
        unknown |= {(ref.kind, key) for key in distinct if key is not None and not known.has(ref.kind, key)}
    return unknown


async def _look_up(
    graph: Graph,
    pending: Pending,
    wanted: set[tuple[RefKind, str]],
    item: _Checked,
    known: Known,
) -> None:
    """Report the rows of `pending` naming a reference of `wanted` that is not in the graph either."""
    people = [key for kind, key in wanted if kind == "person"]
    roles = [key for kind, key in wanted if kind == "role"]
    missing: set[tuple[RefKind, str]] = set()
    if people:
        urls = [key for key in people if statements.is_url_ref(key)]
        emails = [key for key in people if not statements.is_url_ref(key)]
        rows = await graph.read(statements.MISSING_PEOPLE, emails=emails, urls=urls)
        missing |= {("person", row["ref"]) for row in rows}
    if roles:
        rows = await graph.read(statements.MISSING_ROLES, keys=roles)
        missing |= {("role", row["ref"]) for row in rows}
    if missing:
        _report_missing(item, pending, missing)
    # Found in the graph: remember them so later rows do not ask again.
    for kind, key in wanted - missing:
        known.add(kind, key)


async def _verify(graph: Graph, checked: list[_Checked], known: Known, *, written: bool) -> None:
    """Look up the references left to the writes (_Checked.unverified) where the writes do not prove them.

    They prove them when every row was written (`written`: nothing refused, nothing invalid) and
    every statement wrote all the rows it was given. Otherwise each is looked up, so the report
    names every row that refers to nobody, as when they are looked up while reading.
    """
    for item in checked:
        if item.unverified is None or (written and not item.unproven):
            continue
        invalid = len(item.invalid)
        await _look_up(graph, *item.unverified, item, known)
        if item.unproven and len(item.invalid) == invalid:  # someone named was deleted meanwhile
            message = "some rows were not written: a person they name is no longer in the graph"
            item.report.add_error(RowError(item.report.file, 0, None, message))
        item.report.skipped += len(item.invalid) - invalid
        item.report.errors.sort(key=lambda error: error.line)


def _report_missing(item: _Checked, pending: Pending, missing: set[tuple[RefKind, str]]) -> None:
    for line, row in pending:
        for ref in item.sheet.references:
            keys = row[ref.field] if ref.many else (row[ref.field],)
            for key in keys:
                if (ref.kind, key) in missing:
                    what = (
                        "no person with this email/LinkedIn URL" if ref.kind == "person" else "no role with this title"
                    )
                    _invalid(item, line, ref.column, f"{what} in this import or the graph: {key!r}")


def _valid_rows(item: _Checked) -> Iterator[tuple[int, dict[str, Any]]]:
    invalid = item.invalid  # references found missing after the row was kept
    return ((line, row) for line, row in item.rows if line not in invalid)


async def _write(item: _Checked, run: Run, tracker: Tracker, batch_size: int) -> bool:
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
        reason = _reason(error)
        earlier = "" if report.dry_run else " (earlier rows were)"
        report.stopped = "unavailable" if database_unavailable(error) else "refused"
        if report.stopped == "unavailable":
            message = (
                f"the database was unavailable, so rows from line {first_line} on were not written{earlier}: "
                f"retry the import once the database is back; rows already written are not written twice ({reason})"
            )
        else:
            message = f"rows from line {first_line} to {last_line} could not be written{earlier}: {reason}"
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


async def _flush(item: _Checked, run: Run, batch: list[dict[str, Any]], tracker: Tracker) -> None:
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


def _count_written(report: ImportReport) -> None:
    """The metrics of a committed one-transaction import (its batches are counted only once kept)."""
    IMPORT_ROWS.labels(outcome="created").inc(report.created)
    IMPORT_ROWS.labels(outcome="updated").inc(report.updated)
    IMPORT_ROWS.labels(outcome="unchanged").inc(report.unchanged)


async def _rolled_back(graph: Graph, checked: list[_Checked], tracker: Tracker, batch_size: int) -> None:
    """Run every write in one transaction and roll it back: exact counts, nothing kept."""
    async with graph.session() as session:
        tx = await session.begin_transaction()
        try:
            for item in checked:
                if not await _write(item, _in(tx), tracker, batch_size):
                    break
        finally:
            await tx.rollback()
