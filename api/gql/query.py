"""The root Query: nodes by global ID, the viewer, filtered lists and full-text search."""

from __future__ import annotations

import asyncio
from typing import Annotated, cast

import strawberry

from api.gql import network
from api.gql.context import Info
from api.gql.entities import ENTITY_TYPES, Company, Node, Person, Role, RoleStatus
from api.gql.errors import bad_argument
from api.gql.ids import from_global_id, local_id
from api.gql.lookahead import asks_for
from api.gql.pagination import MAX_FIRST, Connection, Window
from api.graph import companies, people, roles, search

MAX_NODES = 100
# Each word becomes a prefix clause per indexed property (5 of them); Lucene refuses more than 1024
# clauses with an internal error, so a long query is refused up front with a clear one.
MAX_SEARCH_LENGTH = 200


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


def _filter_id(global_id: str | None, expected: str, field: str) -> str | None:
    if global_id is None:
        return None
    found = local_id(global_id, expected)  # type: ignore[arg-type]
    if found is None:
        raise bad_argument(f"`{field}` is not the ID of a {expected}: {global_id!r}")
    return found


async def load_entity(info: Info, type_name: str, key: str) -> Node | None:
    """The node of `type_name` with local id `key`, when it exists and the viewer may see it."""
    loader = {
        "Person": info.context.loaders.person,
        "Company": info.context.loaders.company,
        "Role": info.context.loaders.role,
        "Interview": info.context.loaders.interview,
    }[type_name]
    row = await loader.load(key)
    if row is None:
        return None
    if type_name == "Interview" and not info.context.is_self_or_admin(row["candidateId"]):
        return None  # an interview belongs to its candidate
    node: Node = ENTITY_TYPES[type_name].from_row(row)
    return node


async def load_node(info: Info, global_id: str) -> Node | None:
    decoded = from_global_id(global_id)
    return None if decoded is None else await load_entity(info, *decoded)


@strawberry.type
class Query:
    @strawberry.field
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        person_key = local_id(id, "Person")
        if person_key is not None:
            # Its network fields' queries start now (api.gql.prefetch); they also return the person.
            known, row = await network.person_with_network(info, person_key)
            if known:
                return Person.from_row(row) if row is not None else None
        return await load_node(info, id)

    @strawberry.field
    async def nodes(self, info: Info, ids: list[strawberry.ID]) -> list[Node | None]:
        if len(ids) > MAX_NODES:
            raise bad_argument(f"`nodes` takes at most {MAX_NODES} ids, got {len(ids)}")
        # gather, so that the loaders batch every id of a type into one query
        return list(await asyncio.gather(*(load_node(info, global_id) for global_id in ids)))

    @strawberry.field(description="The person the request is authenticated as (null when anonymous).")
    async def viewer(self, info: Info) -> Person | None:
        viewer = info.context.viewer
        if viewer is None or viewer.person_id is None:
            return None
        row = await info.context.loaders.person.load(viewer.person_id)
        return Person.from_row(row) if row else None

    @strawberry.field
    async def people(
        self, info: Info, first: int | None = 20, after: str | None = None, filter: PersonFilter | None = None
    ) -> Connection[Person]:
        window = Window.of(first, after, "people")
        flt = filter or PersonFilter()
        args = {
            "name_contains": flt.name_contains,
            "company_id": _filter_id(flt.company_id, "Company", "filter.companyId"),
            "open_to_work": flt.open_to_work,
        }
        graph = info.context.graph
        with_positions = asks_for(info, "edges", "node", "currentPositions")
        rows = await people.page(
            graph,
            skip=window.skip,
            limit=window.first + 1,
            with_current_positions=with_positions,
            **args,  # type: ignore[arg-type]
        )
        loaders = info.context.loaders
        for row in rows:  # each Person carries its positions (Person.from_row); the loaders learn the rows too
            loaders.person.prime(row["id"], row)
            for position in row.get("currentPositions", ()):
                loaders.company.prime(position["companyId"], position["company"])
        return window.connection(
            [Person.from_row(row) for row in rows[: window.first]],
            more=len(rows) > window.first,
            count=lambda: people.count(graph, **args),  # type: ignore[arg-type]
        )

    @strawberry.field
    async def companies(
        self, info: Info, first: int | None = 20, after: str | None = None, filter: CompanyFilter | None = None
    ) -> Connection[Company]:
        window = Window.of(first, after, "companies")
        flt = filter or CompanyFilter()
        graph = info.context.graph
        rows = await companies.page(
            graph,
            skip=window.skip,
            limit=window.first + 1,
            name_contains=flt.name_contains,
            has_open_roles=flt.has_open_roles,
        )
        for row in rows:
            info.context.loaders.company.prime(row["id"], row)
        return window.connection(
            [Company.from_row(row) for row in rows[: window.first]],
            more=len(rows) > window.first,
            count=lambda: companies.count(graph, name_contains=flt.name_contains, has_open_roles=flt.has_open_roles),
        )

    @strawberry.field
    async def roles(
        self, info: Info, first: int | None = 20, after: str | None = None, filter: RoleFilter | None = None
    ) -> Connection[Role]:
        window = Window.of(first, after, "roles")
        flt = filter or RoleFilter()
        company_id = _filter_id(flt.company_id, "Company", "filter.companyId")
        status = flt.status.value if flt.status else None
        graph = info.context.graph
        rows = await roles.page(
            graph,
            skip=window.skip,
            limit=window.first + 1,
            company_id=company_id,
            status=status,
            title_contains=flt.title_contains,
        )
        for row in rows:
            info.context.loaders.role.prime(row["id"], row)
        return window.connection(
            [Role.from_row(row) for row in rows[: window.first]],
            more=len(rows) > window.first,
            count=lambda: roles.count(graph, company_id=company_id, status=status, title_contains=flt.title_contains),
        )

    @strawberry.field(description="Full-text search over people, companies and roles.")
    async def search(self, info: Info, query: str, first: int | None = 10) -> list[SearchResult]:
        first = 10 if first is None else first
        if not 1 <= first <= MAX_FIRST:
            raise bad_argument(f"`first` on `search` must be between 1 and {MAX_FIRST}, got {first}")
        if len(query) > MAX_SEARCH_LENGTH:
            raise bad_argument(f"`query` on `search` must be at most {MAX_SEARCH_LENGTH} characters, got {len(query)}")
        hits = await search.search(info.context.graph, query, first)
        nodes = await asyncio.gather(*(load_entity(info, hit["type"], hit["id"]) for hit in hits))
        return [cast("SearchResult", node) for node in nodes if node is not None]
