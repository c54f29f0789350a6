"""The rows a compiled read returns (api.graph.compiler): one map per entity, holding what its plan selected.

An entity row has its `id` always, the selected properties under their graph names, each
selected one-to-one or list relation under the relation's name, and the paged relations in
`pages`, by the names Selection.pages() gives them. Dates are the driver's (neo4j.time.Date):
rows go straight to the API's read-models, which convert them (api.graph.temporal.as_date).
"""

from __future__ import annotations

from typing import Generic, Literal, Required, TypedDict, TypeVar

from neo4j.time import Date

T = TypeVar("T")


class PageRow(TypedDict, Generic[T], total=False):
    items: Required[list[T]]  # first + 1 of them when the plan asks whether there is more
    total: int  # only when the plan counts


class PersonRow(TypedDict, total=False):
    id: Required[str]
    name: str
    headline: str | None
    location: str | None
    email: str | None
    linkedinUrl: str | None
    openToWork: bool
    sharesEncounters: bool
    currentPositions: list[PositionRow]
    pages: dict[str, PageRow[PersonRow] | PageRow[PositionRow] | PageRow[InterviewRow]]


class CompanyRow(TypedDict, total=False):
    id: Required[str]
    name: str
    domain: str | None
    industry: str | None
    pages: dict[str, PageRow[PersonRow] | PageRow[RoleRow]]


class RoleRow(TypedDict, total=False):
    id: Required[str]
    title: str
    status: str
    location: str | None
    remote: bool | None
    postedOn: Date | None
    skills: list[str]
    company: CompanyRow | None
    hiringManager: PersonRow | None
    recruiters: list[PersonRow]


class InterviewRow(TypedDict, total=False):
    id: Required[str]
    date: Date
    stage: str | None
    outcome: str | None
    practice: bool
    notes: str | None
    company: CompanyRow | None
    role: RoleRow | None
    candidate: PersonRow | None
    interviewers: list[PersonRow]


class PositionRow(TypedDict, total=False):
    title: str | None
    startedOn: Date | None
    endedOn: Date | None
    company: CompanyRow


NodeRow = PersonRow | CompanyRow | RoleRow | InterviewRow


class NodeResult(TypedDict):
    node: NodeRow


class NodesResult(TypedDict, total=False):
    Person: list[PersonRow]
    Company: list[CompanyRow]
    Role: list[RoleRow]
    Interview: list[InterviewRow]


class PageResult(TypedDict, total=False):
    items: Required[list[NodeRow]]
    total: int


class SearchHit(TypedDict):
    type: Literal["Person", "Company", "Role"]
    node: PersonRow | CompanyRow | RoleRow


class SearchResult(TypedDict):
    hits: list[SearchHit]
