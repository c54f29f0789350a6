"""A Sheet is one CSV file plus how to read it: header test, row parser and the statement that writes it."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, LiteralString

from seeds.csvfile import HeaderTest, Record
from seeds.formats import Format, Parsed, RowCheckError


class InvalidRowError(Exception):
    """Every problem found in one row, as (column, message) pairs."""

    def __init__(self, problems: list[tuple[str | None, str]]) -> None:
        super().__init__("; ".join(message for _, message in problems))
        self.problems = problems


@dataclass(frozen=True)
class Sheet:
    """One file to import.

    `parse` returns the row's Parsed form, None for a row to skip on purpose (counted as
    skipped), or raises InvalidRowError. `check_header` returns a message when the header is wrong.
    `route`, when given, picks each row's statement (instead of `statement`): a batch is written
    with one statement per route its rows take.
    """

    path: Path
    name: str
    statement: LiteralString
    parse: Callable[[Record], Parsed | None]
    check_header: Callable[[list[str]], str | None]
    is_header: HeaderTest | None = None
    params: dict[str, Any] = field(default_factory=dict)
    route: Callable[[dict[str, Any]], LiteralString] | None = None


def format_sheet(fmt: Format, path: Path, name: str | None = None) -> Sheet:
    """The Sheet for a crosspaths-format file."""
    return Sheet(
        path=path,
        name=name or path.name,
        statement=fmt.statement,
        parse=functools.partial(parse_format_row, fmt),
        check_header=lambda header: check_format_header(fmt, header),
        params={"source": "csv"} if fmt.kind == "connections" else {},
        route=fmt.route,
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
    return (
        f"wrong header ({'; '.join(reasons)}): {fmt.filename} expects {', '.join(fmt.headers)} "
        f"(required: {', '.join(c.name for c in fmt.columns if c.required)})"
    )


def parse_format_row(fmt: Format, record: Record) -> Parsed:
    problems: list[tuple[str | None, str]] = []
    if record.extra and any(cell.strip() for cell in record.extra):
        problems.append((None, f"{len(record.extra)} more cell(s) than the header has columns"))
    values: dict[str, Any] = {}
    cells = record.cells
    for name, parse, required in fmt.plan:
        cell = cells.get(name, "")
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
