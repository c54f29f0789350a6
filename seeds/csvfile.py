"""Streaming CSV reading that turns every way a file can be broken into a clear CsvFileError.

Rows are yielded one at a time with the physical line they start on, so memory stays flat
with file size and every problem can be reported as file:line:column. A row is the csv module's
list of cells, as long as the line has cells: readers index it by the header's positions
(building a dict per row was a tenth of an import's Python time).
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from _csv import Reader

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


class NoHeaderError(CsvFileError):
    """No row is the header: the file is empty, of another kind, or its cells are not separated by commas.

    `separated` is (line, separator) when a row there would be the header if split on that
    separator instead of commas; `line` is the last line read.
    """

    def __init__(self, file: str, line: int, separated: tuple[int, str] | None) -> None:
        self.separated = separated
        super().__init__(file, line, "no header row found" + self.hint)

    @property
    def hint(self) -> str:
        """Why, when it can be told: '' or '; line N is separated by ...'."""
        if self.separated is None:
            return ""
        line, separator = self.separated
        return f"; line {line} is separated by {separator!r}, not commas: save the file as comma-separated CSV"


# What spreadsheets write between cells instead of commas: ';' where the decimal mark is a comma, tabs.
SEPARATORS = (";", "\t")


# Decoding a megabyte at a time keeps memory flat and leaves the per-line work to C
# (decoding line by line in Python cost a third of reading a file).
_CHUNK = 1 << 20


def _text_lines(stream: IO[bytes], name: str) -> Iterator[str]:
    """The stream's lines as text, newline kept, split on "\n" only (as a binary file splits them)."""
    # Flattened in C: a generator yielding line by line cost ~0.2 us a line.
    return itertools.chain.from_iterable(_text_chunks(stream, name))


def _text_chunks(stream: IO[bytes], name: str) -> Iterator[Iterable[str]]:
    """The stream a megabyte at a time, each chunk as an iterable of its lines.

    A chunk holding NUL bytes or invalid UTF-8 is re-read line by line, so the error names the
    line it is on and every line before it is still read first.
    """
    before = 0  # lines in the chunks already yielded
    chunk = stream.read(_CHUNK).removeprefix(codecs.BOM_UTF8)
    while chunk:
        if not chunk.endswith(b"\n"):
            chunk += stream.readline()
        try:
            if b"\x00" in chunk:
                raise ValueError  # noqa: TRY301 - the slow path below names the line
            yield io.StringIO(chunk.decode("utf-8"), newline="\n")
        except ValueError:  # UnicodeDecodeError too
            yield _checked_lines(chunk, name, before)
        before += chunk.count(b"\n")
        chunk = stream.read(_CHUNK)


def _checked_lines(chunk: bytes, name: str, before: int) -> Iterator[str]:
    for number, raw in enumerate(io.BytesIO(chunk), before + 1):
        if b"\x00" in raw:
            raise CsvFileError(name, number, "contains NUL bytes: this looks like a binary file, not CSV")
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as error:
            msg = f"not UTF-8 text (byte 0x{raw[error.start]:02x}); re-save the file as UTF-8 CSV"
            raise CsvFileError(name, number, msg) from None


HeaderTest = Callable[[list[str]], bool]


def read_rows(
    path: Path, *, name: str | None = None, is_header: HeaderTest | None = None
) -> Iterator[tuple[int, list[str]]]:
    """Yield (line, cells) for each data row of the CSV at `path`: the line it starts on, its cells in order.

    The header is the first non-blank row, or with `is_header` the first row it accepts
    (LinkedIn exports put a preamble of varying length before it); header_of returns it. A
    UTF-8 BOM is dropped. Blank rows are skipped. A row may have fewer or more cells than the
    header. Raises CsvFileError for unreadable files.
    """
    label = name or path.name
    with path.open("rb") as stream:
        yield from _rows(stream, label, is_header)


def header_of(path: Path, *, name: str | None = None, is_header: HeaderTest | None = None) -> list[str]:
    """The header row that read_rows reads past (its cells stripped)."""
    label = name or path.name
    with path.open("rb") as stream:
        return _find_header(csv.reader(_text_lines(stream, label), strict=True), label, is_header)


def _find_header(reader: Reader, label: str, is_header: HeaderTest | None) -> list[str]:
    separated: tuple[int, str] | None = None  # the first row that would be the header, split otherwise
    for row in _guarded(reader, label):
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        if is_header is None or is_header(cells):
            return cells
        if separated is None and len(cells) == 1:
            separated = _separated(cells[0], reader.line_num, is_header)
    raise NoHeaderError(label, reader.line_num, separated)


def _separated(cell: str, line: int, is_header: HeaderTest) -> tuple[int, str] | None:
    """(line, separator) when this one-cell row is the header split on another separator than commas."""
    for separator in SEPARATORS:
        if separator in cell and is_header([part.strip().strip('"') for part in cell.split(separator)]):
            return line, separator
    return None


def _rows(stream: IO[bytes], label: str, is_header: HeaderTest | None) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(_text_lines(stream, label), strict=True)
    _find_header(reader, label, is_header)
    start = reader.line_num + 1
    try:
        # The hot loop of every import: one C-level test per row for the usual non-blank row.
        for row in reader:
            if "".join(row).strip():
                yield start, row
            start = reader.line_num + 1
    except csv.Error as error:
        raise _not_csv(label, start, error) from None


def _guarded(reader: Reader, label: str) -> Iterator[list[str]]:
    while True:
        before = reader.line_num
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise _not_csv(label, before + 1, error) from None
        yield row


def _not_csv(label: str, line: int, error: csv.Error) -> CsvFileError:
    reason = str(error)
    if "unexpected end of data" in reason or "EOF" in reason:
        reason = "a quoted field is never closed (truncated file or a stray quote)"
    elif "expected after" in reason:  # `"a";"b"`: a quoted cell followed by another separator than a comma
        reason = "a quoted cell is followed by something else than a comma (cells must be separated by commas)"
    return CsvFileError(label, line, f"not valid CSV: {reason}")
