"""The report every import door returns: what was read, written, skipped, and every problem found."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

# A file full of junk must not fill memory with messages: keep the first ones, count the rest.
MAX_ERRORS_KEPT = 1000


@dataclass(frozen=True)
class RowError:
    """One problem at file:line:column (column is a header name, or None for the whole row/file)."""

    file: str
    line: int
    column: str | None
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column or '-'}: {self.message}"


# What stopped an import, beyond invalid rows (which --skip-invalid skips):
# "file": the file cannot be read, or is not the kind expected; no row of it can be imported.
# "refused": the database refused a batch of valid rows (a constraint, a limit); fix the cause.
# "unavailable": the database went away; the same import, retried once it is back, is the fix.
Stop = Literal["file", "refused", "unavailable"]


@dataclass
class ImportReport:
    """Counts for one file. `written` is false when validation failed or it was a dry run.

    created/updated/unchanged count rows by what happened to the entity the row describes
    (a dry run counts what would happen); a LinkedIn row describes a connection: created is a
    KNOWS made, whether its person was found or created. skipped counts rows not imported
    (invalid ones with --skip-invalid, and LinkedIn rows that carry only a date).
    `stopped` says what stopped the import when it was not the rows' own problems (see Stop), so
    each door gives only advice that helps.
    """

    file: str
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    seconds: float = 0.0
    dry_run: bool = False
    written: bool = False
    stopped: Stop | None = None
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0

    def add_error(self, error: RowError) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append(error)

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def add_counts(self, created: int, updated: int, unchanged: int) -> None:
        self.created += created
        self.updated += updated
        self.unchanged += unchanged
