"""The graph's entities as read-models: what one statement read, ready for graphql-core to serialise.

Nothing here queries the graph. A scalar field is an attribute; a relation without arguments is
an attribute holding its read-model(s); a relation with arguments (a page) is found by its field
name and argument values, the key api.gql.planner gave it. A field the request did not select
holds None whatever its GraphQL type: graphql-core reads only what was selected.

`reader(selection)` makes, once per plan, the function that turns each row of that selection
(api.graph.rows) into its read-model.

The network fields of Person are the exception: each runs its own statement (api.gql.network).
Their searches (api.graph.network, api.graph.links) take seconds to plan, so they keep one fixed
text each, planned ahead, rather than one per selection shape (api.gql.planner.SEARCHED).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Hashable, Mapping
from datetime import date
from types import MappingProxyType
from typing import Annotated, Any

import strawberry

from api.gql import interview_value, network  # their functions are called only when a network field is resolved
from api.gql.context import Info
from api.gql.enums import (
    INTERVIEW_OUTCOME,
    INTERVIEW_STAGE,
    ROLE_STATUS,
    InterviewOutcome,
    InterviewStage,
    LinkKind,
    RoleStatus,
)
from api.gql.ids import to_global_id
from api.gql.network_types import (
    Encounter,
    InterviewStats,
    InterviewValue,
    Opportunity,
    OpportunityFilter,
    Path,
    PersonSuggestion,
)
from api.gql.pagination import Connection, First, Last, Read, Window
from api.graph.plan import Entity, Relation, RelationName, Selection
from api.graph.rows import CompanyRow, InterviewRow, PageRow, PersonRow, PositionRow, RoleRow
from api.graph.temporal import as_date

_KINDS = "Follow only links of these kinds (all when omitted): [KNOWS] counts connections only, as LinkedIn does."


@strawberry.interface
class Node:
    id: strawberry.ID


Pages = Mapping[Hashable, Read[Any]]
_NO_PAGES: Pages = MappingProxyType({})


@strawberry.type
class Company(Node):
    key: strawberry.Private[str]
    name: str | None = strawberry.field(graphql_type=str, default=None)
    domain: str | None = None
    industry: str | None = None
    pages: strawberry.Private[Pages] = dataclasses.field(default_factory=lambda: _NO_PAGES)

    @strawberry.field(
        description="People with a position here: current ones by default; current: false = former employees "
        "only (no position here now); current: null = both."
    )
    def employees(
        self,
        current: bool | None = True,
        first: First = None,
        after: str | None = None,
        last: Last = None,
        before: str | None = None,
    ) -> Connection[Person]:
        read = self.pages["employees", current, first, after, last, before]
        return read.connection("employees", first, after, last, before)

    @strawberry.field
    def open_roles(
        self, first: First = None, after: str | None = None, last: Last = None, before: str | None = None
    ) -> Connection[Role]:
        return self.pages["openRoles", first, after, last, before].connection("openRoles", first, after, last, before)


@strawberry.type
class Position:
    title: str | None = None
    started_on: date | None = None
    ended_on: date | None = strawberry.field(default=None, description="null = current")
    company: Company | None = strawberry.field(graphql_type=Company, default=None)


@strawberry.type
class Person(Node):
    key: strawberry.Private[str]
    name: str | None = strawberry.field(graphql_type=str, default=None)
    headline: str | None = None
    location: str | None = None
    linkedin_url: str | None = None
    open_to_work: bool | None = strawberry.field(graphql_type=bool, default=None)
    email: str | None = strawberry.field(default=None, description="Visible to the person themself (and admins) only.")
    shares_encounters: bool | None = strawberry.field(
        graphql_type=bool,
        default=None,
        description="Private to the person and admins (false for anyone else). Interview encounters between "
        "others count as links for you only when both share.",
    )
    current_positions: list[Position] | None = strawberry.field(graphql_type=list[Position], default=None)
    pages: strawberry.Private[Pages] = dataclasses.field(default_factory=lambda: _NO_PAGES)

    @strawberry.field
    def positions(
        self, first: First = None, after: str | None = None, last: Last = None, before: str | None = None
    ) -> Connection[Position]:
        return self.pages["positions", first, after, last, before].connection("positions", first, after, last, before)

    @strawberry.field(description="People this person KNOWS (either direction), by name.")
    def connections(
        self, first: First = None, after: str | None = None, last: Last = None, before: str | None = None
    ) -> Connection[Person]:
        read = self.pages["connections", first, after, last, before]
        return read.connection("connections", first, after, last, before)

    @strawberry.field(description="Interviews this person took part in, newest first. Private to the person.")
    def interviews(
        self, first: First = None, after: str | None = None, last: Last = None, before: str | None = None
    ) -> Connection[Interview]:
        read = self.pages["interviews", first, after, last, before]
        return read.connection("interviews", first, after, last, before)

    @strawberry.field(
        description="Interviews whose candidate named this person as an interviewer, awaiting their "
        "confirmInterview (or declineInterview). Private to the person."
    )
    def interviews_to_confirm(
        self, first: First = None, after: str | None = None, last: Last = None, before: str | None = None
    ) -> Connection[Interview]:
        read = self.pages["interviewsToConfirm", first, after, last, before]
        return read.connection("interviewsToConfirm", first, after, last, before)

    @strawberry.field(
        description="Everyone this person has met, and where: interviews, connections, shared employers. "
        "Private to the person and admins (empty for anyone else)."
    )
    async def encounters(
        self, info: Info, first: First = None, after: str | None = None, last: Last = None, before: str | None = None
    ) -> Connection[Encounter]:
        window = Window.of("encounters", first=first, after=after, last=last, before=before)
        return await network.encounters(info, self.key, window)

    @strawberry.field(
        description="THE headline query: people within maxHops who can lead to an open role, best first. "
        "Private to the person and admins (empty for anyone else)."
    )
    async def opportunities(
        self,
        info: Info,
        max_hops: int | None = 2,
        *,
        first: First = None,
        after: str | None = None,
        last: Last = None,
        before: str | None = None,
        filter: OpportunityFilter | None = None,
    ) -> Connection[Opportunity]:
        window = Window.of("opportunities", first=first, after=after, last=last, before=before)
        return await network.opportunities(info, self.key, max_hops=max_hops, window=window, filter=filter)

    @strawberry.field(
        description="How this person is connected to another: shortest paths first. "
        "Private to the person and admins (empty for anyone else)."
    )
    async def paths_to(
        self,
        info: Info,
        person_id: strawberry.ID,
        max_hops: int | None = 4,
        first: int | None = 3,
        kinds: Annotated[list[LinkKind] | None, strawberry.argument(description=_KINDS)] = None,
    ) -> list[Path]:
        return await network.paths_to(
            info, self.key, person_id=person_id, max_hops=max_hops, first=first, kinds=network.kind_values(kinds)
        )

    @strawberry.field(description="People both this person and the other KNOW, by name.")
    async def mutual_connections(
        self,
        info: Info,
        other_id: strawberry.ID,
        *,
        first: First = None,
        after: str | None = None,
        last: Last = None,
        before: str | None = None,
    ) -> Connection[Person]:
        window = Window.of("mutualConnections", first=first, after=after, last=last, before=before)
        return await network.mutual_connections(info, self.key, other_id=other_id, window=window)

    @strawberry.field(
        description="1, 2, 3 … hops to the other person over encounter links; null when not connected within 6. "
        "Private to the person and admins (null for anyone else)."
    )
    async def degree_to(
        self,
        info: Info,
        person_id: strawberry.ID,
        kinds: Annotated[list[LinkKind] | None, strawberry.argument(description=_KINDS)] = None,
    ) -> int | None:
        return await network.degree_to(info, self.key, person_id=person_id, kinds=network.kind_values(kinds))

    @strawberry.field(
        description="People you may know: not yet linked, ranked by shared contacts and shared history. "
        "Private to the person and admins (empty for anyone else)."
    )
    async def suggestions(self, info: Info, first: int | None = 10) -> list[PersonSuggestion]:
        return await network.suggestions(info, self.key, first=first)

    @strawberry.field(
        description="Totals over this person's interviews and the people met there. "
        "Private to the person and admins (null for anyone else)."
    )
    async def interview_stats(self, info: Info) -> InterviewStats | None:
        return await network.interview_stats(info, self.key)

    @strawberry.field(
        description="What one interview at the company (for the role) would add to this person's network, as if "
        "they met its likely panel today; nothing is written. Private to the person and admins (null for anyone else)."
    )
    async def interview_value(
        self, info: Info, company_id: strawberry.ID, role_id: strawberry.ID | None = None, max_hops: int | None = 2
    ) -> InterviewValue | None:
        return await interview_value.interview_value(
            info, self.key, company_id=company_id, role_id=role_id, max_hops=max_hops
        )

    @strawberry.field(
        description="interviewValue for each of up to 10 companies (maxHops 1..2), best first: the most new "
        "opportunities, then the most new people. Private to the person and admins (empty for anyone else)."
    )
    async def interview_values(
        self, info: Info, company_ids: list[strawberry.ID], max_hops: int | None = 2
    ) -> list[InterviewValue]:
        return await interview_value.interview_values(info, self.key, company_ids=company_ids, max_hops=max_hops)


@strawberry.type
class Role(Node):
    key: strawberry.Private[str]
    title: str | None = strawberry.field(graphql_type=str, default=None)
    status: RoleStatus | None = strawberry.field(graphql_type=RoleStatus, default=None)
    location: str | None = None
    remote: bool | None = None
    posted_on: date | None = None
    skills: list[str] | None = strawberry.field(graphql_type=list[str], default=None)
    company: Company | None = strawberry.field(graphql_type=Company, default=None)
    hiring_manager: Person | None = None
    recruiters: list[Person] | None = strawberry.field(graphql_type=list[Person], default=None)


@strawberry.type
class Interview(Node):
    key: strawberry.Private[str]
    date: date | None = strawberry.field(graphql_type=date, default=None)
    stage: InterviewStage | None = None
    outcome: InterviewOutcome | None = None
    practice: bool | None = strawberry.field(
        graphql_type=bool, default=None, description="Interviews taken for practice, while happily employed."
    )
    notes: str | None = strawberry.field(
        default=None, description="Private: visible to the candidate (and admins) only."
    )
    company: Company | None = strawberry.field(graphql_type=Company, default=None)
    role: Role | None = None
    candidate: Person | None = strawberry.field(graphql_type=Person, default=None)
    interviewers: list[Person] | None = strawberry.field(graphql_type=list[Person], default=None)


# --- rows into read-models ------------------------------------------------------------------------------------------


def _relation(selection: Selection, name: RelationName) -> Relation | None:
    """The relation without arguments called `name`, when selected (there is at most one: see api.gql.planner)."""
    return next((relation for relation in selection.relations if relation.name == name), None)


def _one(selection: Selection, name: RelationName) -> Callable[[Any], Any]:
    """Row value -> read-model (or None) for a one-to-one relation; always None when not selected."""
    relation = _relation(selection, name)
    if relation is None:
        return _nothing
    read = reader(relation.selection)
    return lambda row: None if row is None else read(row)


def _many(selection: Selection, name: RelationName) -> Callable[[Any], list[Any] | None]:
    """Row value -> read-models for a list relation; None when not selected."""
    relation = _relation(selection, name)
    if relation is None:
        return _nothing
    read = reader(relation.selection)
    return lambda rows: [read(row) for row in rows]


def _nothing(_value: object) -> None:
    return None


def _pages(selection: Selection) -> Callable[[Mapping[str, PageRow[Any]] | None], Pages]:
    """The row's `pages` -> what was read for each paged relation, by the relation's key."""
    readers = []
    for name, relation in selection.pages():
        page = relation.page
        assert page is not None  # noqa: S101 - Selection.pages() lists paged relations only
        readers.append((name, relation.key, page.count, reader(relation.selection)))
    if not readers:
        return lambda _row: _NO_PAGES

    def read(pages: Mapping[str, PageRow[Any]] | None) -> Pages:
        assert pages is not None  # noqa: S101 - the statement returns every page the plan asks for
        found: dict[Hashable, Read[Any]] = {}
        for name, key, counted, item in readers:
            page = pages[name]
            found[key] = Read([item(row) for row in page["items"]], page.get("total") if counted else None)
        return found

    return read


def company_reader(selection: Selection) -> Callable[[CompanyRow], Company]:
    pages = _pages(selection)

    def read(row: CompanyRow) -> Company:
        key = row["id"]
        return Company(
            id=strawberry.ID(to_global_id("Company", key)),
            key=key,
            name=row.get("name"),
            domain=row.get("domain"),
            industry=row.get("industry"),
            pages=pages(row.get("pages")),
        )

    return read


def position_reader(selection: Selection) -> Callable[[PositionRow], Position]:
    company = _one(selection, "company")

    def read(row: PositionRow) -> Position:
        return Position(
            title=row.get("title"),
            started_on=as_date(row.get("startedOn")),
            ended_on=as_date(row.get("endedOn")),
            company=company(row.get("company")),
        )

    return read


def person_reader(selection: Selection) -> Callable[[PersonRow], Person]:
    positions, pages = _many(selection, "currentPositions"), _pages(selection)

    def read(row: PersonRow) -> Person:
        key = row["id"]
        return Person(
            id=strawberry.ID(to_global_id("Person", key)),
            key=key,
            name=row.get("name"),
            headline=row.get("headline"),
            location=row.get("location"),
            linkedin_url=row.get("linkedinUrl"),
            open_to_work=row.get("openToWork"),
            email=row.get("email"),
            shares_encounters=row.get("sharesEncounters"),
            current_positions=positions(row.get("currentPositions")),
            pages=pages(row.get("pages")),
        )

    return read


def role_reader(selection: Selection) -> Callable[[RoleRow], Role]:
    company, manager, recruiters = (
        _one(selection, "company"),
        _one(selection, "hiringManager"),
        _many(selection, "recruiters"),
    )

    def read(row: RoleRow) -> Role:
        key = row["id"]
        status = row.get("status")
        return Role(
            id=strawberry.ID(to_global_id("Role", key)),
            key=key,
            title=row.get("title"),
            status=None if status is None else ROLE_STATUS[status],
            location=row.get("location"),
            remote=row.get("remote"),
            posted_on=as_date(row.get("postedOn")),
            skills=row.get("skills"),
            company=company(row.get("company")),
            hiring_manager=manager(row.get("hiringManager")),
            recruiters=recruiters(row.get("recruiters")),
        )

    return read


def interview_reader(selection: Selection) -> Callable[[InterviewRow], Interview]:
    company, role = _one(selection, "company"), _one(selection, "role")
    candidate, interviewers = _one(selection, "candidate"), _many(selection, "interviewers")

    def read(row: InterviewRow) -> Interview:
        key = row["id"]
        stage, outcome = row.get("stage"), row.get("outcome")
        return Interview(
            id=strawberry.ID(to_global_id("Interview", key)),
            key=key,
            date=as_date(row.get("date")),
            stage=INTERVIEW_STAGE[stage] if stage else None,
            outcome=INTERVIEW_OUTCOME[outcome] if outcome else None,
            practice=row.get("practice"),
            notes=row.get("notes"),
            company=company(row.get("company")),
            role=role(row.get("role")),
            candidate=candidate(row.get("candidate")),
            interviewers=interviewers(row.get("interviewers")),
        )

    return read


_READERS: dict[Entity, Callable[[Selection], Callable[[Any], Any]]] = {
    "Person": person_reader,
    "Company": company_reader,
    "Role": role_reader,
    "Interview": interview_reader,
    "Position": position_reader,
}


def reader(selection: Selection) -> Callable[[Any], Any]:
    """Row -> read-model for rows of `selection` (a Person for a Person selection, and so on)."""
    return _READERS[selection.entity](selection)
