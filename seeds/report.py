"""The report every import door returns: what was read, written, skipped, and every problem found."""

from __future__ import annotations

from dataclasses import dataclass, field

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


@dataclass
class ImportReport:
    """Counts for one file. `written` is false when validation failed or it was a dry run.

    created/updated/unchanged count rows by what happened to the entity the row describes
    (a dry run counts what would happen); skipped counts rows not written (invalid ones with
    --skip-invalid, and LinkedIn rows that carry only a date).
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
