"""The crosspaths CSV formats: each file's columns, types, natural key and references.

`seeds/README.md` documents the same definitions for people; `FORMATS` is the source of truth
and lists the files in the order a folder is loaded (what a row references comes first).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, LiteralString, NamedTuple

from api.graph.keys import company_key
from seeds import fields, statements

Parser = Callable[[str], Any]
RefKind = Literal["person", "role"]


@dataclass(frozen=True)
class Column:
    name: str
    parse: Parser
    required: bool = False


class RowCheckError(ValueError):
    """A problem with a row that involves a column beyond its own cell (e.g. end before start)."""

    def __init__(self, column: str | None, message: str) -> None:
        super().__init__(message)
        self.column = column


class Reference(NamedTuple):
    """A column whose keys name something which must exist: in an earlier file of the import or in the graph.

    The keys are in the parsed row's `field`: one key or None, or with `many` a list of keys. A
    format declares them once instead of each row listing its own: rows are only searched for
    them when some are looked up, and that is done a whole column at a time (seeds.references.unknown).
    """

    column: str
    kind: RefKind
    field: str
    many: bool = False


@dataclass(slots=True)
class Parsed:
    """A valid row: its Cypher parameters, its key within the file and what it defines (see Format.references)."""

    row: dict[str, Any]
    key: str
    # An empty tuple by default, not a default_factory list: a Parsed is made for every row.
    defines: Sequence[tuple[RefKind, str]] = ()


@dataclass(frozen=True)
class Format:
    kind: str
    columns: tuple[Column, ...]
    statement: LiteralString
    build: Callable[[dict[str, Any]], Parsed]
    # The columns naming something that must exist, and where a parsed row holds their keys.
    references: tuple[Reference, ...] = ()
    # When rows need different statements (see Sheet.route); None: `statement` for every row.
    route: Callable[[dict[str, Any]], LiteralString] | None = None
    # The statement MATCHes every reference of a row and returns `written`, the rows that got past
    # those matches: the writes themselves show whether every reference exists (Sheet.proves_references).
    proves_references: bool = False

    @property
    def filename(self) -> str:
        return f"{self.kind}.csv"

    @property
    def headers(self) -> list[str]:
        return [column.name for column in self.columns]

    @functools.cached_property
    def plan(self) -> tuple[tuple[str, Parser, bool], ...]:
        """(name, parse, required) per column: what parsing a row reads, without attribute lookups."""
        return tuple((column.name, column.parse, column.required) for column in self.columns)


def _props(values: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    """The given (non-blank) values: a blank optional cell never erases what the graph knows."""
    return {name: values[name] for name in names if values.get(name) is not None}


def _company(values: dict[str, Any]) -> Parsed:
    props = _props(values, ("name", "domain", "industry"))
    return Parsed({"nameKey": company_key(values["name"]), "props": props}, company_key(values["name"]))


def _domain(cell: str) -> str:
    value = cell.strip().lower().removeprefix("https://").removeprefix("http://").removeprefix("www.").rstrip("/")
    if "." not in value or " " in value or "/" in value:
        raise ValueError(f"{cell.strip()!r} is not a domain name (example.com)")
    return value


def _person(values: dict[str, Any]) -> Parsed:
    url, email = values.get("linkedinUrl"), values.get("email")
    if url is None and email is None:
        raise RowCheckError("email", "a person needs an email or a linkedinUrl (the key other files refer to it by)")
    props = _props(values, ("name", "email", "linkedinUrl", "headline", "location", "openToWork", "sharesEncounters"))
    defines: list[tuple[RefKind, str]] = [("person", key) for key in (url, email) if key is not None]
    return Parsed({"linkedinUrl": url, "email": email, "props": props}, str(url or email), defines)


def _role(values: dict[str, Any]) -> Parsed:
    key = fields.role_key(values["company"], values["title"])
    props = _props(values, ("title", "location", "remote", "postedOn"))
    props["status"] = values.get("status") or "OPEN"
    manager: str | None = values.get("hiringManager")
    recruiters: list[str] = values.get("recruiters") or []
    row = {
        "key": key,
        "company": values["company"],
        "companyKey": company_key(values["company"]),
        "props": props,
        "hiringManager": manager,
        "recruiters": recruiters,
        "skills": values.get("skills") or [],
    }
    return Parsed(row, key, [("role", key)])


def _position(values: dict[str, Any]) -> Parsed:
    started, ended = values.get("startedOn"), values.get("endedOn")
    if started is not None and ended is not None and ended < started:
        raise RowCheckError("endedOn", f"ends ({ended}) before it starts ({started})")
    title = values.get("title")
    key = "|".join((values["person"], company_key(values["company"]), str(started or "?"), (title or "").lower()))
    row = {
        "person": values["person"],
        "company": values["company"],
        "companyKey": company_key(values["company"]),
        "title": title,
        "startedOn": started,
        "endedOn": ended,
    }
    return Parsed(row, key)


def _connection(values: dict[str, Any]) -> Parsed:
    return connection(values["person"], values["other"], values.get("since"))


def connection(person: str, other: str, since: str | None) -> Parsed:
    """A connections row from its parsed cells (also sheets.connections_row_parser's)."""
    if person == other:
        raise RowCheckError("other", "a person cannot be connected to themselves")
    key = f"{person}|{other}" if person < other else f"{other}|{person}"  # the pair, either way round
    # `since` is ISO text, made a date by the statement: the driver's date encoding cost ~5 us a
    # row in Python, a tenth of the whole import's time on the benchmark's connections file.
    return Parsed({"person": person, "other": other, "since": since}, key)


def _interview(values: dict[str, Any]) -> Parsed:
    candidate, company = values["candidate"], values["company"]
    interviewers: list[str] = values.get("interviewers") or []
    if candidate in interviewers:
        raise RowCheckError("interviewers", "the candidate cannot be one of their own interviewers")
    role_key = fields.role_key(company, values["role"]) if values.get("role") else None
    props = _props(values, ("date", "stage", "outcome", "notes"))
    props["practice"] = bool(values.get("practice"))
    key = "|".join((candidate, company_key(company), str(values["date"]), values.get("stage") or ""))
    row = {
        "candidate": candidate,
        "company": company,
        "companyKey": company_key(company),
        "roleKey": role_key,
        "interviewers": interviewers,
        "date": values["date"],
        "stage": values.get("stage"),
        "props": props,
    }
    return Parsed(row, key)


def _status(cell: str) -> str:
    return fields.choice(cell, fields.ROLE_STATUSES)


def _stage(cell: str) -> str:
    return fields.choice(cell, fields.STAGES)


def _outcome(cell: str) -> str:
    return fields.choice(cell, fields.OUTCOMES)


COMPANIES = Format(
    "companies",
    (Column("name", fields.company, required=True), Column("domain", _domain), Column("industry", fields.text)),
    statements.COMPANIES,
    _company,
)
PEOPLE = Format(
    "people",
    (
        Column("name", fields.text, required=True),
        Column("email", fields.email),
        Column("linkedinUrl", fields.linkedin_url),
        Column("headline", fields.text),
        Column("location", fields.text),
        Column("openToWork", fields.boolean),
        Column("sharesEncounters", fields.boolean),
    ),
    statements.PEOPLE,
    _person,
)
ROLES = Format(
    "roles",
    (
        Column("company", fields.company, required=True),
        Column("title", fields.text, required=True),
        Column("status", _status),
        Column("location", fields.text),
        Column("remote", fields.boolean),
        Column("postedOn", fields.iso_date),
        Column("hiringManager", fields.person_ref),
        Column("recruiters", fields.person_refs),
        Column("skills", fields.names),
    ),
    statements.ROLES,
    _role,
    references=(
        Reference("hiringManager", "person", "hiringManager"),
        Reference("recruiters", "person", "recruiters", many=True),
    ),
)
POSITIONS = Format(
    "positions",
    (
        Column("person", fields.person_ref, required=True),
        Column("company", fields.company, required=True),
        Column("title", fields.text),
        Column("startedOn", fields.iso_date),
        Column("endedOn", fields.iso_date),
    ),
    statements.POSITIONS,
    _position,
    references=(Reference("person", "person", "person"),),
    proves_references=True,
)
CONNECTIONS = Format(
    "connections",
    (
        Column("person", fields.person_ref, required=True),
        Column("other", fields.person_ref, required=True),
        Column("since", fields.iso_date_text),
    ),
    statements.CONNECTIONS,
    _connection,
    references=(Reference("person", "person", "person"), Reference("other", "person", "other")),
    route=statements.connections_for,
    proves_references=True,
)
INTERVIEWS = Format(
    "interviews",
    (
        Column("date", fields.iso_date, required=True),
        Column("candidate", fields.person_ref, required=True),
        Column("company", fields.company, required=True),
        Column("role", fields.text),
        Column("stage", _stage),
        Column("outcome", _outcome),
        Column("interviewers", fields.person_refs),
        Column("notes", str.strip),
        Column("practice", fields.boolean),
    ),
    statements.INTERVIEWS,
    _interview,
    references=(
        Reference("candidate", "person", "candidate"),
        Reference("interviewers", "person", "interviewers", many=True),
        Reference("role", "role", "roleKey"),
    ),
)

FORMATS: tuple[Format, ...] = (COMPANIES, PEOPLE, ROLES, POSITIONS, CONNECTIONS, INTERVIEWS)
BY_KIND = {fmt.kind: fmt for fmt in FORMATS}
