"""The root Query: nodes by global ID, the viewer, filtered lists and full-text search (each read: api.gql.reads)."""

from __future__ import annotations

from typing import Annotated, cast

import strawberry

from api.gql import reads
from api.gql.context import Info
from api.gql.entities import Company, Node, Person, Role
from api.gql.enums import RoleStatus
from api.gql.pagination import Connection, First, Last
from api.graph.plan import CompaniesFilter, PeopleFilter, RolesFilter


@strawberry.input
class PersonFilter:
    name_contains: str | None = None
    company_id: strawberry.ID | None = None
    open_to_work: bool | None = None


@strawberry.input
class CompanyFilter:
    name_contains: str | None = None
    has_open_roles: bool | None = None


@strawberry.input
class RoleFilter:
    company_id: strawberry.ID | None = None
    status: RoleStatus | None = None
    title_contains: str | None = None


SearchResult = Annotated[Person | Company | Role, strawberry.union("SearchResult")]


@strawberry.type
class Query:
    @strawberry.field
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        return cast("Node | None", await reads.node(info, id))

    @strawberry.field
    async def nodes(self, info: Info, ids: list[strawberry.ID]) -> list[Node | None]:
        return cast("list[Node | None]", await reads.nodes(info, list(ids)))

    @strawberry.field(description="The person the request is authenticated as (null when anonymous).")
    async def viewer(self, info: Info) -> Person | None:
        return await reads.viewer(info)

    @strawberry.field
    async def people(
        self,
        info: Info,
        *,
        first: First = None,
        after: str | None = None,
        last: Last = None,
        before: str | None = None,
        filter: PersonFilter | None = None,
    ) -> Connection[Person]:
        narrow = filter or PersonFilter()
        return await reads.page(
            info,
            "Person",
            PeopleFilter(
                name_contains=narrow.name_contains,
                company_id=reads.filter_id(narrow.company_id, "filter.companyId"),
                open_to_work=narrow.open_to_work,
            ),
            {"first": first, "after": after, "last": last, "before": before},
        )

    @strawberry.field
    async def companies(
        self,
        info: Info,
        *,
        first: First = None,
        after: str | None = None,
        last: Last = None,
        before: str | None = None,
        filter: CompanyFilter | None = None,
    ) -> Connection[Company]:
        narrow = filter or CompanyFilter()
        return await reads.page(
            info,
            "Company",
            CompaniesFilter(name_contains=narrow.name_contains, has_open_roles=narrow.has_open_roles),
            {"first": first, "after": after, "last": last, "before": before},
        )

    @strawberry.field
    async def roles(
        self,
        info: Info,
        *,
        first: First = None,
        after: str | None = None,
        last: Last = None,
        before: str | None = None,
        filter: RoleFilter | None = None,
    ) -> Connection[Role]:
        narrow = filter or RoleFilter()
        return await reads.page(
            info,
            "Role",
            RolesFilter(
                company_id=reads.filter_id(narrow.company_id, "filter.companyId"),
                status=narrow.status.value if narrow.status else None,
                title_contains=narrow.title_contains,
            ),
            {"first": first, "after": after, "last": last, "before": before},
        )

    @strawberry.field(description="Full-text search over people, companies and roles.")
    async def search(self, info: Info, query: str, first: int | None = 10) -> list[SearchResult]:
        return await reads.search(info, query, first)
