"""Streaming CSV reading that turns every way a file can be broken into a clear CsvFileError.

Rows are yielded one at a time with the physical line they start on, so memory stays flat
with file size and every problem can be reported as file:line:column.
"""

from __future__ import annotations

import codecs
import csv
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

# One cell may hold long interview notes, never megabytes; the default limit (128 KiB) is fine
# but is made explicit so a runaway quote reports where it started instead of a vague error.
csv.field_size_limit(min(sys.maxsize, 1 << 20))


class CsvFileError(Exception):
    """The file cannot be read as CSV at all (encoding, NUL bytes, an unterminated quote, no header)."""

    def __init__(self, file: str, line: int, message: str) -> None:
        super().__init__(f"{file}:{line}: {message}")
        self.file = file
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Record:
    """One CSV row: the line it starts on and its cells by header name ('' for missing cells)."""

    line: int
    cells: dict[str, str]
    extra: list[str]


class _Lines:
    """Decodes a binary stream line by line, counting lines, so an error names the line it is on.

    (A text-mode file decodes in chunks: its errors cannot say which line is broken.)
    """

    def __init__(self, stream: IO[bytes], name: str) -> None:
        self.stream = stream
        self.name = name
        self.count = 0

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        raw = next(self.stream)
        self.count += 1
        if self.count == 1:
            raw = raw.removeprefix(codecs.BOM_UTF8)
        if b"\x00" in raw:
            raise CsvFileError(self.name, self.count, "contains NUL bytes: this looks like a binary file, not CSV")
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as error:
            msg = f"not UTF-8 text (byte 0x{raw[error.start]:02x}); re-save the file as UTF-8 CSV"
            raise CsvFileError(self.name, self.count, msg) from None


HeaderTest = Callable[[list[str]], bool]


def read_records(path: Path, *, name: str | None = None, is_header: HeaderTest | None = None) -> Iterator[Record]:
    """Yield the data rows of the CSV at `path`, keyed by the header row's names.

    The header is the first non-blank row, or with `is_header` the first row it accepts
    (LinkedIn exports put a preamble of varying length before it). A UTF-8 BOM is dropped.
    Blank rows are skipped. Raises CsvFileError for unreadable files.
    """
    label = name or path.name
    with path.open("rb") as stream:
        yield from _records(stream, label, is_header)


def header_of(path: Path, *, name: str | None = None, is_header: HeaderTest | None = None) -> list[str]:
    """The header row that read_records would use."""
    label = name or path.name
    with path.open("rb") as stream:
        lines = _Lines(stream, label)
        return _find_header(csv.reader(lines, strict=True), lines, label, is_header)


def _find_header(reader: Iterator[list[str]], lines: _Lines, label: str, is_header: HeaderTest | None) -> list[str]:
    for row in _guarded(reader, lines, label):
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        if is_header is None or is_header(cells):
            return cells
    raise CsvFileError(label, lines.count, "no header row found")


def _records(stream: IO[bytes], label: str, is_header: HeaderTest | None) -> Iterator[Record]:
    lines = _Lines(stream, label)
    reader = csv.reader(lines, strict=True)
    header = _find_header(reader, lines, label, is_header)
    width = len(header)
    start = lines.count + 1
    for row in _guarded(reader, lines, label):
        if any(cell.strip() for cell in row):
            cells = dict(zip(header, row[:width], strict=False))
            for missing in header[len(row) :]:
                cells[missing] = ""
            yield Record(start, cells, row[width:])
        start = lines.count + 1


def _guarded(reader: Iterator[list[str]], lines: _Lines, label: str) -> Iterator[list[str]]:
    while True:
        before = lines.count
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            reason = str(error)
            if "unexpected end of data" in reason or "EOF" in reason:
                reason = "a quoted field is never closed (truncated file or a stray quote)"
            raise CsvFileError(label, before + 1, f"not valid CSV: {reason}") from None
        yield row
