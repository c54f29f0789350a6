"""Reading CSV files: line numbers, and clear errors for files that are not CSV text."""

from __future__ import annotations

from pathlib import Path

import pytest

from seeds.csvfile import CsvFileError, header_of, read_rows


def write(tmp_path: Path, content: bytes) -> Path:
    path = tmp_path / "people.csv"
    path.write_bytes(content)
    return path


def test_rows_carry_the_line_they_start_on_across_multiline_cells(tmp_path: Path) -> None:
    path = write(tmp_path, b'name,notes\n\nAna,"two\nlines"\nBen,"say ""hi"", then go"')
    assert list(read_rows(path)) == [(3, ["Ana", "two\nlines"]), (5, ["Ben", 'say "hi", then go'])]


def test_byte_order_mark_is_not_part_of_the_first_header(tmp_path: Path) -> None:
    path = write(tmp_path, b"\xef\xbb\xbfname,email\r\nAna,ana@mail.example\r\n")
    assert header_of(path) == ["name", "email"]
    assert list(read_rows(path)) == [(2, ["Ana", "ana@mail.example"])]


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        (b"name\nAna\nJos\xe9\n", 3, "not UTF-8 text (byte 0xe9)"),
        (b"name\nAna\n\x00\x01\x02\x89PNG\n", 3, "contains NUL bytes"),
        (b'name,notes\nAna,fine\nBen,"never closed\nstill going\n', 3, "a quoted field is never closed"),
        (b"\n\n", 2, "no header row found"),
    ],
)
def test_unreadable_files_raise_one_clear_error(tmp_path: Path, content: bytes, line: int, message: str) -> None:
    with pytest.raises(CsvFileError) as raised:
        list(read_rows(write(tmp_path, content)))
    assert raised.value.line == line
    assert message in raised.value.message
