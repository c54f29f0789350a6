"""A Sheet is one CSV file plus how to read it: header test, row parser and the statement that writes it."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, LiteralString

from seeds import fields
from seeds.csvfile import SEPARATORS, HeaderTest
from seeds.formats import CONNECTIONS, Format, Parsed, Parser, Reference, RowCheckError, connection

# Parses one row's cells (in the file's column order): its Parsed form, None for a row to skip.
RowParser = Callable[[list[str]], Parsed | None]


class InvalidRowError(Exception):
    """Every problem found in one row, as (column, message) pairs."""

    def __init__(self, problems: list[tuple[str | None, str]]) -> None:
        super().__init__("; ".join(message for _, message in problems))
        self.problems = problems


@dataclass(frozen=True)
class Sheet:
    """One file to import.

    `parser` is given the file's header (once it passed `check_header`, which returns a message
    when it is wrong) and returns the RowParser for its rows: it returns a row's Parsed form,
    None for a row to skip on purpose (counted as skipped), or raises InvalidRowError.
    `route`, when given, picks each row's statement (instead of `statement`): a batch is written
    with one statement per route its rows take.
    """

    path: Path
    name: str
    statement: LiteralString
    parser: Callable[[list[str]], RowParser]
    check_header: Callable[[list[str]], str | None]
    # What the header row should be, for the error when no row of the file is one.
    expected_header: str
    is_header: HeaderTest | None = None
    params: dict[str, Any] = field(default_factory=dict)
    route: Callable[[dict[str, Any]], LiteralString] | None = None
    references: tuple[Reference, ...] = ()  # see Format.references
    # Its statement returns `written`: rows it was given but did not write named someone who does not exist.
    proves_references: bool = False


def format_sheet(fmt: Format, path: Path, name: str | None = None) -> Sheet:
    """The Sheet for a crosspaths-format file."""
    return Sheet(
        path=path,
        name=name or path.name,
        statement=fmt.statement,
        parser=_PARSERS.get(fmt.kind) or functools.partial(format_row_parser, fmt),
        check_header=lambda header: check_format_header(fmt, header),
        expected_header=f"the header of {fmt.filename}: {_columns(fmt)}",
        params={"source": "csv"} if fmt.kind == "connections" else {},
        route=fmt.route,
        references=fmt.references,
        proves_references=fmt.proves_references,
    )


def check_format_header(fmt: Format, header: list[str]) -> str | None:
    known = set(fmt.headers)
    required = {column.name for column in fmt.columns if column.required}
    unknown = [name for name in header if name not in known]
    missing = sorted(required - set(header), key=fmt.headers.index)
    repeated = sorted({name for name in header if header.count(name) > 1})
    if not unknown and not missing and not repeated:
        return None
    reasons = [f"unknown {', '.join(unknown)}"] if unknown else []
    reasons += [f"missing {', '.join(missing)}"] if missing else []
    reasons += [f"repeated {', '.join(repeated)}"] if repeated else []
    message = f"wrong header ({'; '.join(reasons)}): {fmt.filename} expects {_columns(fmt)}"
    separator = next((sep for sep in SEPARATORS if any(sep in name for name in header)), None)
    if separator is not None:
        message += f"; this header is separated by {separator!r}: save the file as comma-separated CSV"
    return message


def _columns(fmt: Format) -> str:
    required = ", ".join(c.name for c in fmt.columns if c.required)
    return f"{', '.join(fmt.headers)} (required: {required}), separated by commas"


def format_row_parser(fmt: Format, header: list[str]) -> RowParser:
    """The parser of `fmt` rows under `header`: each column's cell is found by its position."""
    plan = tuple((header.index(name), name, parse, required) for name, parse, required in fmt.plan if name in header)
    absent = [name for name, _, required in fmt.plan if required and name not in header]
    return functools.partial(_parse_format_row, fmt, plan, absent, len(header))


_Plan = tuple[tuple[int, str, Parser, bool], ...]


def _parse_format_row(fmt: Format, plan: _Plan, absent: list[str], width: int, cells: list[str]) -> Parsed:
    problems: list[tuple[str | None, str]] = []
    if absent:
        problems += [(name, "required") for name in absent]
    if len(cells) != width:
        extra = cells[width:]
        if any(cell.strip() for cell in extra):
            problems.append((None, f"{len(extra)} more cell(s) than the header has columns"))
        cells = cells[:width] + [""] * (width - len(cells))
    values: dict[str, Any] = {}
    for index, name, parse, required in plan:
        cell = cells[index]
        if not cell or cell.isspace():
            if required:
                problems.append((name, "required"))
            continue
        try:
            values[name] = parse(cell)
        except ValueError as error:
            problems.append((name, str(error)))
    if problems:
        raise InvalidRowError(problems)
    try:
        return fmt.build(values)
    except RowCheckError as problem:
        raise InvalidRowError([(problem.column, str(problem))]) from None


def connections_row_parser(header: list[str]) -> RowParser:
    """format_row_parser(CONNECTIONS, header), made for the bulk of most imports: connections rows.

    A row goes from its cells to its Parsed form without the generic plan and its dict of values
    (a sixth of reading and checking a connections file). Any row that is not plainly valid (a
    short or long row, a blank or wrong cell, a self-connection) goes the generic way instead, so
    its problems are found and worded exactly as for every other format.
    """
    generic = format_row_parser(CONNECTIONS, header)
    if "person" not in header or "other" not in header:
        return generic
    width, at_person, at_other = len(header), header.index("person"), header.index("other")
    at_since = header.index("since") if "since" in header else None
    person_ref, iso_date_text = fields.person_ref, fields.iso_date_text

    def parse(cells: list[str]) -> Parsed | None:
        if len(cells) == width:
            since = cells[at_since] if at_since is not None else ""
            try:
                person, other = person_ref(cells[at_person]), person_ref(cells[at_other])
                return connection(person, other, iso_date_text(since) if since and not since.isspace() else None)
            except ValueError:  # RowCheckError too
                pass
        return generic(cells)

    return parse


_PARSERS: dict[str, Callable[[list[str]], RowParser]] = {CONNECTIONS.kind: connections_row_parser}


def named_cells(header: list[str], cells: list[str]) -> dict[str, str]:
    """A row's cells by header name ('' for cells the row lacks; cells beyond the header dropped)."""
    return {name: cells[index] if index < len(cells) else "" for index, name in enumerate(header)}
