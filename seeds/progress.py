"""Progress while writing: a rich bar with rows/s on a terminal, plain log lines otherwise."""

from __future__ import annotations

import logging
import sys
import time
from typing import Protocol

from rich import box
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from seeds.report import ImportReport

log = logging.getLogger("crosspaths.seed")


class Tracker(Protocol):
    """What the importer tells about its progress."""

    def begin(self, file: str, total: int) -> None: ...
    def advance(self, rows: int) -> None: ...
    def end(self) -> None: ...


class Silent:
    """No output: for the GraphQL door and tests."""

    def begin(self, file: str, total: int) -> None:
        pass

    def advance(self, rows: int) -> None:
        pass

    def end(self) -> None:
        pass


class LogLines:
    """One log line every `every_s` seconds: for pipes, CI logs and containers."""

    def __init__(self, every_s: float = 2.0, *, dry_run: bool = False) -> None:
        self.every_s = every_s
        # A dry run runs the writes and rolls them back: nothing it says may read as kept.
        self.done_as = "rows tried (dry run: rolled back)" if dry_run else "rows written"
        self.file = ""
        self.total = self.done = 0
        self.started = self.last = 0.0

    def begin(self, file: str, total: int) -> None:
        self.file, self.total, self.done = file, total, 0
        self.started = self.last = time.monotonic()

    def advance(self, rows: int) -> None:
        self.done += rows
        now = time.monotonic()
        if now - self.last >= self.every_s:
            self.last = now
            self._line(now)

    def end(self) -> None:
        self._line(time.monotonic())

    def _line(self, now: float) -> None:
        rate = self.done / max(now - self.started, 1e-9)
        log.info("%s: %d/%d %s (%.0f rows/s)", self.file, self.done, self.total, self.done_as, rate)


class Bar:
    """A rich progress bar with the rows/s rate."""

    def __init__(self, console: Console, *, dry_run: bool = False) -> None:
        self.suffix = " (dry run)" if dry_run else ""
        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]} rows/s"),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        )
        self.task: TaskID | None = None
        self.started = 0.0
        self.done = 0

    def begin(self, file: str, total: int) -> None:
        self.progress.start()
        self.started, self.done = time.monotonic(), 0
        self.task = self.progress.add_task(file + self.suffix, total=total, rate="-")

    def advance(self, rows: int) -> None:
        self.done += rows
        if self.task is not None:
            rate = f"{self.done / max(time.monotonic() - self.started, 1e-9):.0f}"
            self.progress.update(self.task, advance=rows, rate=rate)

    def end(self) -> None:
        self.progress.stop()


def tracker_for(console: Console, *, dry_run: bool = False) -> Tracker:
    """A bar on a terminal, log lines otherwise."""
    if console.is_terminal:
        return Bar(console, dry_run=dry_run)
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    return LogLines(dry_run=dry_run)


def summary(reports: list[ImportReport], *, dry_run: bool = False) -> Table:
    """The table printed at the end of every import."""
    title = "dry run summary: what an import would do (nothing was written)" if dry_run else "import summary"
    # A light box and collapsed padding keep the eight columns, a million rows in each, inside 80 columns.
    table = Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
    for name in ("file", "read", "created", "updated", "unchanged", "skipped", "errors", "seconds"):
        table.add_column(name, justify="left" if name == "file" else "right", no_wrap=True, min_width=len(name))
    for report in reports:
        table.add_row(
            report.file,
            str(report.rows_read),
            str(report.created),
            str(report.updated),
            str(report.unchanged),
            str(report.skipped),
            str(report.error_count),
            f"{report.seconds:.2f}",
        )
    return table
