"""Reading an import's files: every row parsed and checked, duplicates named, valid rows kept or handed on.

A row is invalid when a cell is (seeds.sheets), when it repeats an earlier row's key, or when it
names a person or role that is nowhere (seeds.references, asked here as rows pile up).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

from api.graph import Graph
from seeds.checked import Checked, Known, Pending
from seeds.csvfile import CsvFileError, NoHeaderError, header_of, read_rows
from seeds.formats import Parsed, RefKind
from seeds.references import resolve, unknown
from seeds.report import ImportReport, RowError
from seeds.sheets import InvalidRowError, RowParser, Sheet

# References not yet known are looked up once this many rows are pending (one query for all of
# them, each key once): on the 10k-row synthetic connections file 1000 rows cost 11 round trips,
# 50000 one. (Running lookups as tasks while parsing went on, yielding every few hundred rows,
# measured no faster: they only progress when parsing yields, and overlapping ones repeat keys.)
_LOOKUP_CHUNK = 50_000

# While a streamed import reads, it lets the writer run every this many rows (~1 ms of reading):
# a statement's reply waits for the next yield, and each takes a few event loop turns.
_YIELD_EVERY = 100

# Where a streamed import hands its valid rows, a batch at a time, as (line, row).
Sink = Callable[[Checked, list[tuple[int, dict[str, Any]]]], Awaitable[None]]


async def validate(
    graph: Graph,
    sheet: Sheet,
    known: Known,
    *,
    dry_run: bool,
    sink: Sink | None = None,
    batch_size: int = 0,  # rows per hand-over to `sink`
    resolve_first: bool = True,
) -> Checked:
    """Read and check every row of `sheet`; its valid rows go to the spool, or to `sink` a batch at a time.

    Rows found invalid are in `item.invalid` (see _check_rows for when references are checked).
    """
    started = time.monotonic()
    item = Checked(sheet, ImportReport(sheet.name, dry_run=dry_run))
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
    item: Checked,
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
    that lookup waits for the writes, and is made only if they fall short (verify).
    """
    sheet, report = item.sheet, item.report
    proven = sink is not None and not resolve_first and sheet.proves_references
    seen: set[int] = set()  # hashes of the keys of rows that define nothing others refer to
    duplicates: dict[int, str] = {}  # line -> the key an earlier row already had
    pending: Pending = []  # checked by resolve()
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
                    await resolve(graph, pending, item, known)
                    pending = []
                await sink(item, batch)
                batch = []
        if len(pending) >= _LOOKUP_CHUNK and not proven:
            await resolve(graph, pending, item, known)
            pending = []
    await _rows_read(graph, item, known, pending, batch, sink=sink, resolve_first=resolve_first, proven=proven)
    return duplicates


async def _rows_read(
    graph: Graph,
    item: Checked,
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
        item.unverified = (pending, unknown(item.sheet, pending, known))
    else:
        await resolve(graph, pending, item, known)
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


def _report_duplicates(item: Checked, parse: RowParser, duplicates: dict[int, str]) -> None:
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


def _parse(item: Checked, parse: RowParser, line: int, cells: list[str]) -> Parsed | None:
    try:
        parsed = parse(cells)
    except InvalidRowError as invalid:
        for column, message in invalid.problems:
            item.invalid_row(line, column, message)
        return None
    if parsed is None:
        item.report.skipped += 1
    return parsed
