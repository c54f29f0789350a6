"""What an import knows while it reads its files: the keys defined so far, and each file's checks.

Shared by its three steps: reading and validating rows (seeds.validate), resolving the
references rows make to people and roles (seeds.references) and writing them (seeds.write).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from seeds.formats import RefKind
from seeds.report import ImportReport, RowError
from seeds.sheets import Sheet
from seeds.spool import RowSpool

# Valid rows whose references are not looked up yet, as (line, row): a row holds the keys it names
# (Format.references). At most seeds.validate._LOOKUP_CHUNK of them, or a one-transaction import's.
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
class Checked:
    """One file of an import as the three steps see it: its report, which lines are invalid, its valid rows."""

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

    def invalid_row(self, line: int, column: str | None, message: str) -> None:
        self.invalid.add(line)
        self.report.add_error(RowError(self.sheet.name, line, column, message))
