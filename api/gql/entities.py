"""The graph's entities as GraphQL types: Person, Company, Role, Interview, Position.

They reference each other, so they live together; each nested field goes through a
DataLoader, so a list of N parents costs one query per field, not N.
"""

from __future__ import annotations

import enum
from collections.abc import Awaitable
from datetime import date
from typing import Any, Self

import strawberry

from api.gql import network
from api.gql.context import Info
from api.gql.ids import to_global_id
from api.gql.interview_stats import InterviewStats
from api.gql.opportunity import Opportunity, OpportunityFilter
from api.gql.pagination import Connection, Window
from api.gql.paths import Encounter, Path
from api.gql.suggestion import PersonSuggestion
from api.graph import Row


@strawberry.interface
class Node:
    id: strawberry.ID


@strawberry.enum
class RoleStatus(enum.Enum):
    OPEN = "OPEN"
    CLOSED = "CLOSED"
    FILLED = "FILLED"


# RoleStatus(value) goes through Enum's metaclass call (~0.5 µs); a page of opportunities reads 20.
_ROLE_STATUS = {status.value: status for status in RoleStatus}


@strawberry.enum
class InterviewStage(enum.Enum):
    SCREEN = "SCREEN"
    PHONE = "PHONE"
    TECHNICAL = "TECHNICAL"
    ONSITE = "ONSITE"
    FINAL = "FINAL"
    OFFER = "OFFER"


@strawberry.enum
class InterviewOutcome(enum.Enum):
    PENDING = "PENDING"
    PASSED = "PASSED"
    REJECTED = "REJECTED"
    WITHDREW = "WITHDREW"
    OFFER_ACCEPTED = "OFFER_ACCEPTED"
    OFFER_DECLINED = "OFFER_DECLINED"


async def people_by_ids(info: Info, ids: list[str]) -> list[Person]:
    """People by local id, in that order, batched with every other person load of the request."""
    rows = await info.context.loaders.person.load_many(ids)
    return [Person.from_row(row) for row in rows if row is not None]


def people_from_rows(info: Info, rows: list[Row]) -> list[Person]:
    """People loaded with their parent; primed so that a later load of the same id costs nothing."""
    for row in rows:
        info.context.loaders.person.prime(row["id"], row)
    return [Person.from_row(row) for row in rows]


async def company_by_id(info: Info, company_id: str) -> Company:
    row = await info.context.loaders.company.load(company_id)
    if row is None:  # a position or role always points at a company; this is a broken graph
        msg = f"company {company_id} is missing from the graph"
        raise LookupError(msg)
    return Company.from_row(row)


@strawberry.type
class Company(Node):
    name: str
    domain: str | None
    industry: str | None
    key: strawberry.Private[str]

    @classmethod
    def from_row(cls, row: Row) -> Self:
        return cls(
            id=strawberry.ID(to_global_id("Company", row["id"])),
            key=row["id"],
            name=row["name"],
            domain=row.get("domain"),
            industry=row.get("industry"),
        )

    @strawberry.field(
        description="People with a position here: current ones by default; current: false = former employees "
        "only (no position here now); current: null = both."
    )
    async def employees(
        self, info: Info, current: bool | None = True, first: int | None = 20, after: str | None = None
    ) -> Connection[Person]:
        window = Window.of(first, after, "employees")
        page = await info.context.loaders.employees.load(window.key(self.key, current=current))
        return window.connection(people_from_rows(info, page["page"]), total=page["total"])

    @strawberry.field
    async def open_roles(self, info: Info, first: int | None = 20, after: str | None = None) -> Connection[Role]:
        window = Window.of(first, after, "openRoles")
        page = await info.context.loaders.open_roles.load(window.key(self.key))
        return window.connection([Role.from_row(row) for row in page["page"]], total=page["total"])


@strawberry.type
class Position:
    title: str | None
    started_on: date | None
    ended_on: date | None = strawberry.field(description="null = current")
    company_id: strawberry.Private[str]
    company_row: strawberry.Private[Row | None] = None  # when the query that found it also returned its company

    @classmethod
    def from_row(cls, row: Row) -> Self:
        return cls(
            title=row.get("title"),
            started_on=row.get("startedOn"),
            ended_on=row.get("endedOn"),
            company_id=row["companyId"],
            company_row=row.get("company"),
        )

    @strawberry.field(graphql_type=Company)
    def company(self, info: Info) -> Company | Awaitable[Company]:
        # Sync when the row came with the position: an awaited field costs graphql-core a task per value.
        if self.company_row is not None:
            return Company.from_row(self.company_row)
        return company_by_id(info, self.company_id)


@strawberry.type
class Person(Node):
    name: str
    headline: str | None
    location: str | None
    linkedin_url: str | None
    open_to_work: bool
    key: strawberry.Private[str]
    stored_email: strawberry.Private[str | None]
    shares: strawberry.Private[bool]
    # When the query that found the person also returned them (api.gql.lookahead): rows with `company`.
    known_positions: strawberry.Private[list[Row] | None] = None

    @classmethod
    def from_row(cls, row: Row) -> Self:
        return cls(
            id=strawberry.ID(to_global_id("Person", row["id"])),
            key=row["id"],
            name=row["name"],
            headline=row.get("headline"),
            location=row.get("location"),
            linkedin_url=row.get("linkedinUrl"),
            open_to_work=bool(row.get("openToWork")),
            stored_email=row.get("email"),
            shares=bool(row.get("sharesEncounters")),
            known_positions=row.get("currentPositions"),
        )

    @strawberry.field(description="Visible to the person themself (and admins) only.")
    def email(self, info: Info) -> str | None:
        return self.stored_email if info.context.is_self_or_admin(self.key) else None

    @strawberry.field(
        description="Private to the person and admins (false for anyone else). Interview encounters between "
        "others count as links for you only when both share."
    )
    def shares_encounters(self, info: Info) -> bool:
        return self.shares and info.context.is_self_or_admin(self.key)

    @strawberry.field(graphql_type=list[Position])
    def current_positions(self, info: Info) -> list[Position] | Awaitable[list[Position]]:
        if self.known_positions is not None:  # sync: see Position.company
            return [Position.from_row(row) for row in self.known_positions]
        return self._load_current_positions(info)

    async def _load_current_positions(self, info: Info) -> list[Position]:
        rows = await info.context.loaders.current_positions.load(self.key)
        return [Position.from_row(row) for row in rows]

    @strawberry.field
    async def positions(self, info: Info, first: int | None = 20, after: str | None = None) -> Connection[Position]:
        window = Window.of(first, after, "positions")
        page = await info.context.loaders.positions.load(window.key(self.key))
        return window.connection([Position.from_row(row) for row in page["page"]], total=page["total"])

    @strawberry.field(description="People this person KNOWS (either direction), by name.")
    async def connections(self, info: Info, first: int | None = 20, after: str | None = None) -> Connection[Person]:
        window = Window.of(first, after, "connections")
        page = await info.context.loaders.connections.load(window.key(self.key))
        return window.connection(people_from_rows(info, page["page"]), total=page["total"])

    @strawberry.field(description="Interviews this person took part in, newest first. Private to the person.")
    async def interviews(self, info: Info, first: int | None = 20, after: str | None = None) -> Connection[Interview]:
        window = Window.of(first, after, "interviews")
        if not info.context.is_self_or_admin(self.key):
            return window.connection([], total=0)
        page = await info.context.loaders.person_interviews.load(window.key(self.key))
        return window.connection([Interview.from_row(row) for row in page["page"]], total=page["total"])

    @strawberry.field(
        description="Interviews whose candidate named this person as an interviewer, awaiting their "
        "confirmInterview (or declineInterview). Private to the person."
    )
    async def interviews_to_confirm(
        self, info: Info, first: int | None = 20, after: str | None = None
    ) -> Connection[Interview]:
        window = Window.of(first, after, "interviewsToConfirm")
        if not info.context.is_self_or_admin(self.key):
            return window.connection([], total=0)
        page = await info.context.loaders.interviews_to_confirm.load(window.key(self.key))
        return window.connection([Interview.from_row(row) for row in page["page"]], total=page["total"])

    @strawberry.field(
        description="Everyone this person has met, and where: interviews, connections, shared employers. "
        "Private to the person and admins (empty for anyone else)."
    )
    async def encounters(self, info: Info, first: int | None = 20, after: str | None = None) -> Connection[Encounter]:
        return await network.encounters(info, self.key, first=first, after=after)

    @strawberry.field(
        description="THE headline query: people within maxHops who can lead to an open role, best first. "
        "Private to the person and admins (empty for anyone else)."
    )
    async def opportunities(
        self,
        info: Info,
        max_hops: int | None = 2,
        first: int | None = 20,
        after: str | None = None,
        filter: OpportunityFilter | None = None,
    ) -> Connection[Opportunity]:
        return await network.opportunities(info, self.key, max_hops=max_hops, first=first, after=after, filter=filter)

    @strawberry.field(
        description="How this person is connected to another: shortest paths first. "
        "Private to the person and admins (empty for anyone else)."
    )
    async def paths_to(
        self, info: Info, person_id: strawberry.ID, max_hops: int | None = 4, first: int | None = 3
    ) -> list[Path]:
        return await network.paths_to(info, self.key, person_id=person_id, max_hops=max_hops, first=first)

    @strawberry.field(description="People both this person and the other KNOW, by name.")
    async def mutual_connections(
        self, info: Info, other_id: strawberry.ID, first: int | None = 20, after: str | None = None
    ) -> Connection[Person]:
        return await network.mutual_connections(info, self.key, other_id=other_id, first=first, after=after)

    @strawberry.field(
        description="1, 2, 3 … hops to the other person over encounter links; null when not connected within 6. "
        "Private to the person and admins (null for anyone else)."
    )
    async def degree_to(self, info: Info, person_id: strawberry.ID) -> int | None:
        return await network.degree_to(info, self.key, person_id=person_id)

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


@strawberry.type
class Role(Node):
    title: str
    status: RoleStatus
    location: str | None
    remote: bool | None
    posted_on: date | None
    skills: list[str]
    key: strawberry.Private[str]
    company_id: strawberry.Private[str]
    hiring_manager_id: strawberry.Private[str | None]

    @classmethod
    def from_row(cls, row: Row) -> Self:
        return cls(
            id=strawberry.ID(to_global_id("Role", row["id"])),
            key=row["id"],
            title=row["title"],
            status=_ROLE_STATUS[row["status"]],
            location=row.get("location"),
            remote=row.get("remote"),
            posted_on=row.get("postedOn"),
            skills=list(row.get("skills") or []),
            company_id=row["companyId"],
            hiring_manager_id=row.get("hiringManagerId"),
        )

    @strawberry.field
    async def company(self, info: Info) -> Company:
        return await company_by_id(info, self.company_id)

    @strawberry.field
    async def hiring_manager(self, info: Info) -> Person | None:
        if self.hiring_manager_id is None:
            return None
        row = await info.context.loaders.person.load(self.hiring_manager_id)
        return Person.from_row(row) if row else None

    @strawberry.field
    async def recruiters(self, info: Info) -> list[Person]:
        return people_from_rows(info, await info.context.loaders.recruiters.load(self.key))


@strawberry.type
class Interview(Node):
    date: date
    stage: InterviewStage | None
    outcome: InterviewOutcome | None
    practice: bool = strawberry.field(description="Interviews taken for practice, while happily employed.")
    key: strawberry.Private[str]
    stored_notes: strawberry.Private[str | None]
    candidate_id: strawberry.Private[str]
    company_id: strawberry.Private[str]
    role_id: strawberry.Private[str | None]

    @classmethod
    def from_row(cls, row: Row) -> Self:
        return cls(
            id=strawberry.ID(to_global_id("Interview", row["id"])),
            key=row["id"],
            date=row["date"],
            stage=InterviewStage(row["stage"]) if row.get("stage") else None,
            outcome=InterviewOutcome(row["outcome"]) if row.get("outcome") else None,
            practice=bool(row.get("practice")),
            stored_notes=row.get("notes"),
            candidate_id=row["candidateId"],
            company_id=row["companyId"],
            role_id=row.get("roleId"),
        )

    @strawberry.field(description="Private: visible to the candidate (and admins) only.")
    def notes(self, info: Info) -> str | None:
        return self.stored_notes if info.context.is_self_or_admin(self.candidate_id) else None

    @strawberry.field
    async def company(self, info: Info) -> Company:
        return await company_by_id(info, self.company_id)

    @strawberry.field
    async def role(self, info: Info) -> Role | None:
        if self.role_id is None:
            return None
        row = await info.context.loaders.role.load(self.role_id)
        return Role.from_row(row) if row else None

    @strawberry.field
    async def candidate(self, info: Info) -> Person:
        row = await info.context.loaders.person.load(self.candidate_id)
        if row is None:
            msg = f"candidate {self.candidate_id} is missing from the graph"
            raise LookupError(msg)
        return Person.from_row(row)

    @strawberry.field
    async def interviewers(self, info: Info) -> list[Person]:
        return people_from_rows(info, await info.context.loaders.interviewers.load(self.key))


ENTITY_TYPES: dict[str, Any] = {"Person": Person, "Company": Company, "Role": Role, "Interview": Interview}
