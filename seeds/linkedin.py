"""LinkedIn's Connections.csv (Settings > Data privacy > Get a copy of your data), with every quirk real files have.

- a UTF-8 byte-order mark (dropped by the reader);
- a preamble before the header in some export years ("Notes:", a quoted sentence about
  emails, a blank line): the header is the first row naming First Name, Last Name and Connected On;
- columns are read by name: older exports have no URL column, most emails are blank;
- quoted fields with commas and doubled quotes, and no final newline (the csv module's job);
- rows that carry only a date (hidden or closed profiles): skipped and counted;
- dates as "08 Feb 2026", or "4-Apr-21" once a spreadsheet re-saved the file.
"""

from __future__ import annotations

import functools
from pathlib import Path

from api.graph.keys import company_key
from seeds import fields, statements
from seeds.formats import Parsed
from seeds.sheets import InvalidRowError, RowParser, Sheet, named_cells

FIRST, LAST, URL, EMAIL, COMPANY, POSITION, CONNECTED = (
    "First Name",
    "Last Name",
    "URL",
    "Email Address",
    "Company",
    "Position",
    "Connected On",
)
REQUIRED = (FIRST, LAST, CONNECTED)
KNOWN = (FIRST, LAST, URL, EMAIL, COMPANY, POSITION, CONNECTED)


EXPECTED_HEADER = (
    f"the header of a LinkedIn Connections.csv: a row naming {', '.join(REQUIRED)} "
    f"(and, in most exports, {', '.join(name for name in KNOWN if name not in REQUIRED)}), separated by commas"
)


def is_header(cells: list[str]) -> bool:
    return all(name in cells for name in REQUIRED)


def check_header(header: list[str]) -> str | None:
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        return f"not a LinkedIn Connections.csv: expected the headers {', '.join(KNOWN)} (URL and Email optional)"
    return None


def parser(owner_id: str, header: list[str]) -> RowParser:
    return lambda cells: parse(named_cells(header, cells), owner_id)


def parse(cells: dict[str, str], owner_id: str) -> Parsed | None:
    """One connection, or None for a row that carries only a date (a hidden or closed profile)."""
    cell = {name: fields.text(cells.get(name, "")) for name in KNOWN}
    name = " ".join(part for part in (cell[FIRST], cell[LAST]) if part)
    if not any(cell[column] for column in (FIRST, LAST, URL, EMAIL, COMPANY, POSITION)):
        return None
    problems: list[tuple[str | None, str]] = []
    url = email = None
    since = None
    if not name:
        problems.append((FIRST, "a connection with a profile needs a name"))
    if cell[URL]:
        try:
            url = fields.linkedin_url(cell[URL])
        except ValueError as error:
            problems.append((URL, str(error)))
    if cell[EMAIL]:
        try:
            email = fields.email(cell[EMAIL])
        except ValueError as error:
            problems.append((EMAIL, str(error)))
    if cell[CONNECTED]:
        try:
            since = fields.any_date(cell[CONNECTED])
        except ValueError as error:
            problems.append((CONNECTED, str(error)))
    if problems:
        raise InvalidRowError(problems)
    import_key = f"linkedin:{owner_id}:{name.lower()}"
    company = cell[COMPANY] or None
    row = {
        "linkedinUrl": url,
        "email": email,
        "importKey": import_key,
        "name": name,
        "company": company,
        "companyKey": company_key(company) if company else None,
        "title": cell[POSITION] or None,
        "since": since,
    }
    return Parsed(row, url or email or import_key)


def sheet(path: Path, owner_id: str, name: str | None = None, *, enrich: bool) -> Sheet:
    """The Sheet importing `path` as `owner_id`'s connections.

    `enrich` lets the rows change people already in the graph (a URL they lack, a current
    position): for admins only (docs/security.md). Without it a row found in the graph gets
    nothing but the owner's KNOWS, and only the people it creates get its name, URL, email and
    position.
    """
    return Sheet(
        path=path,
        name=name or path.name,
        statement=statements.LINKEDIN,
        parser=functools.partial(parser, owner_id),
        check_header=check_header,
        expected_header=EXPECTED_HEADER,
        is_header=is_header,
        params={"ownerId": owner_id, "enrich": enrich},
    )
