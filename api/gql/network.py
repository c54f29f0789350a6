"""The network fields of Person: opportunities, paths, degree, encounters, suggestions, interview stats.

Person (api.gql.entities) declares the fields and delegates here; this module validates the
arguments, applies the privacy rule, calls one graph query (api.graph.network) and turns its
rows into the answer types (api.gql.paths, opportunity, suggestion, interview_stats). Names in
reasons come through the request's DataLoaders, so a page of opportunities costs one query for its
people and one for its roles, whatever its size.

Privacy (docs/security.md): a person's network answers are theirs and admins'. For anyone else
they read as empty (or null), never as an error, so a list of people keeps every person's public
fields. Answers are computed for the viewer (api.graph.links.Viewpoint): the person sees their own
interview encounters and those between people who both share theirs; an admin sees them all.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from neo4j.exceptions import DriverError, Neo4jError

from api.gql import refs
from api.gql.context import Info
from api.gql.errors import ClientError, bad_argument
from api.gql.ids import local_id
from api.gql.interview_stats import InterviewStats
from api.gql.lookahead import fields_named
from api.gql.opportunity import Opportunity, OpportunityFilter
from api.gql.pagination import Connection, Window
from api.gql.paths import Encounter, LinkKind, Path
from api.gql.refs import LazyPerson
from api.gql.suggestion import PersonSuggestion
from api.graph import Row
from api.graph import network as queries
from api.graph.links import MAX_SEARCH_HOPS, Viewpoint

MAX_PATHS = 5


def viewpoint(info: Info, person_key: str) -> Viewpoint | None:
    """Whom the person's network answers are computed for; None when the viewer may not see them.

    The person themself, or an admin (who sees every interview encounter); anyone else gets none.
    """
    viewer = info.context.viewer
    if viewer is None or not (viewer.is_admin or viewer.person_id == person_key):
        return None
    return Viewpoint(viewer.person_id, admin=viewer.is_admin)


def _max_hops(max_hops: int | None, default: int, most: int, field: str) -> int:
    hops = default if max_hops is None else max_hops
    if not 1 <= hops <= most:
        raise bad_argument(f"`maxHops` on `{field}` must be between 1 and {most}, got {hops}")
    return hops


def _person_key(global_id: str, argument: str) -> str:
    found = local_id(global_id, "Person")
    if found is None:
        raise bad_argument(f"`{argument}` is not the ID of a Person: {global_id!r}")
    return found


async def opportunities(
    info: Info,
    person_key: str,
    *,
    max_hops: int | None,
    first: int | None,
    after: str | None,
    filter: OpportunityFilter | None,
) -> Connection[Opportunity]:
    narrow = filter or OpportunityFilter()
    window, ask = _opportunities_ask(
        max_hops,
        first,
        after,
        company_id=narrow.company_id,
        title_contains=narrow.title_contains,
        remote=narrow.remote,
        kinds=None if narrow.kinds is None else [kind.value for kind in narrow.kinds],
    )
    viewer = viewpoint(info, person_key)
    if viewer is None:
        return window.connection([], total=0)
    graph = info.context.graph
    result = await info.context.prefetches.take(
        _ask_key("opportunities", person_key, ask),
        lambda: queries.opportunities(graph, person_key, **ask, viewer=viewer, for_response=True),
    )
    # The query returns every role, company and person the page shows: no second trip for any of them,
    # so a page costs the same whatever it holds.
    loaders, page = info.context.loaders, result["page"]
    loaders.person.prime_many(
        {person["id"]: person for person in result["people"]} | {row["contactId"]: row["contact"] for row in page}
    )
    loaders.role.prime_many({row["roleId"]: row["role"] for row in page})
    loaders.company.prime_many({row["company"]["id"]: row["company"] for row in page})
    return window.connection([Opportunity.from_row(row) for row in result["page"]], total=result["total"])


async def paths_to(
    info: Info, person_key: str, *, person_id: str, max_hops: int | None, first: int | None
) -> list[Path]:
    ask = _paths_ask(person_id, max_hops, first)
    viewer = viewpoint(info, person_key)
    if viewer is None:
        return []
    graph = info.context.graph
    found = await info.context.prefetches.take(
        _ask_key("pathsTo", person_key, ask),
        lambda: queries.paths_to(graph, person_key, **ask, viewer=viewer, for_response=True),
    )
    return [Path.from_steps(row["steps"]) for row in found["paths"]]


def _opportunities_ask(
    max_hops: int | None,
    first: int | None,
    after: str | None,
    *,
    company_id: str | None,
    title_contains: str | None,
    remote: bool | None,
    kinds: list[str] | None,
) -> tuple[Window, dict[str, Any]]:
    """The page and the arguments of queries.opportunities for these field arguments (checked)."""
    hops = _max_hops(max_hops, 2, queries.MAX_OPPORTUNITY_HOPS, "opportunities")
    window = Window.of(first, after, "opportunities")
    company = None
    if company_id is not None:
        company = local_id(company_id, "Company")
        if company is None:
            raise bad_argument(f"`filter.companyId` is not the ID of a Company: {company_id!r}")
    ask = {
        "max_hops": hops,
        "skip": window.skip,
        "limit": window.first,
        "company_id": company,
        "title_contains": title_contains,
        "remote": remote,
        "kinds": kinds,
    }
    return window, ask


def _paths_ask(person_id: str, max_hops: int | None, first: int | None) -> dict[str, Any]:
    """The arguments of queries.paths_to for these field arguments (checked)."""
    count = 3 if first is None else first
    if not 1 <= count <= MAX_PATHS:
        raise bad_argument(f"`first` on `pathsTo` must be between 1 and {MAX_PATHS}, got {count}")
    return {
        "target_id": _person_key(person_id, "personId"),
        "max_hops": _max_hops(max_hops, 4, MAX_SEARCH_HOPS, "pathsTo"),
        "first": count,
    }


def _ask_key(field: str, person_key: str, ask: dict[str, Any]) -> tuple[object, ...]:
    return (field, person_key, *((name, tuple(v) if isinstance(v, list) else v) for name, v in sorted(ask.items())))


def _int(value: object) -> int | None:
    """An Int argument as written (a literal arrives as its text, a variable as a number)."""
    return None if value is None else int(str(value))


def prefetch_network_fields(info: Info, person_key: str) -> asyncio.Task[Row] | None:
    """Start the opportunities and pathsTo queries asked for below the person being fetched (api.gql.prefetch).

    Only where the answer is certain to be the one the field will want: the caller may see it, the
    field is asked for once (no aliases with other arguments), and its arguments are valid; anything
    else is left to the field's own resolver, which also reports the errors. Returns a query that was
    started, if any: the answers of both carry the person's own row (`person`, see queries).
    """
    viewer = viewpoint(info, person_key)
    if viewer is None:
        return None
    graph, prefetches = info.context.graph, info.context.prefetches
    started: asyncio.Task[Row] | None = None
    with contextlib.suppress(ClientError, TypeError, ValueError):
        opportunities = fields_named(info, "opportunities")
        if len(opportunities) == 1:
            args = opportunities[0].arguments
            narrow = args.get("filter") or {}
            _, ask = _opportunities_ask(
                _int(args.get("maxHops")),
                _int(args.get("first")),
                args.get("after"),
                company_id=narrow.get("companyId"),
                title_contains=narrow.get("titleContains"),
                remote=narrow.get("remote"),
                kinds=None if narrow.get("kinds") is None else [LinkKind(kind).value for kind in narrow["kinds"]],
            )
            started = prefetches.start(
                _ask_key("opportunities", person_key, ask),
                queries.opportunities(graph, person_key, **ask, viewer=viewer, for_response=True),
            )
        paths = fields_named(info, "pathsTo")
        if len(paths) == 1:
            args = paths[0].arguments
            ask = _paths_ask(str(args["personId"]), _int(args.get("maxHops")), _int(args.get("first")))
            paths_task = prefetches.start(
                _ask_key("pathsTo", person_key, ask),
                queries.paths_to(graph, person_key, **ask, viewer=viewer, for_response=True),
            )
            started = started or paths_task
    return started


async def degree_to(info: Info, person_key: str, *, person_id: str) -> int | None:
    target = _person_key(person_id, "personId")
    viewer = viewpoint(info, person_key)
    if viewer is None:
        return None
    return await queries.degree(info.context.graph, person_key, target, viewer=viewer)


async def mutual_connections(
    info: Info, person_key: str, *, other_id: str, first: int | None, after: str | None
) -> Connection[LazyPerson]:
    window = Window.of(first, after, "mutualConnections")
    other = _person_key(other_id, "otherId")
    page = await queries.mutual_connections(info.context.graph, person_key, other, skip=window.skip, limit=window.first)
    return window.connection(await refs.people(info, page["page"]), total=page["total"])


async def encounters(info: Info, person_key: str, *, first: int | None, after: str | None) -> Connection[Encounter]:
    window = Window.of(first, after, "encounters")
    viewer = viewpoint(info, person_key)
    if viewer is None:
        return window.connection([], total=0)
    page = await queries.encounters(info.context.graph, person_key, skip=window.skip, limit=window.first, viewer=viewer)
    return window.connection([Encounter.from_row(row) for row in page["page"]], total=page["total"])


async def suggestions(info: Info, person_key: str, *, first: int | None) -> list[PersonSuggestion]:
    window = Window.of(first, None, "suggestions", default=10)
    viewer = viewpoint(info, person_key)
    if viewer is None:
        return []
    rows = await queries.suggestions(info.context.graph, person_key, limit=window.first, viewer=viewer)
    return [PersonSuggestion.from_row(row) for row in rows]


async def interview_stats(info: Info, person_key: str) -> InterviewStats | None:
    viewer = viewpoint(info, person_key)
    if viewer is None:
        return None
    row = await queries.interview_stats(info.context.graph, person_key, viewer=viewer)
    return InterviewStats.from_row(row) if row else None


async def person_with_network(info: Info, person_key: str) -> tuple[bool, Row | None]:
    """(known, row): when this person's opportunities or pathsTo were prefetched, their own row comes with them.

    `known` is False when nothing was started or the query failed: then the caller looks the person
    up itself (and the opportunities field reports the failure). `row` None means no such person.
    """
    started = prefetch_network_fields(info, person_key)
    if started is None:
        return False, None
    try:
        result = await started
    except (DriverError, Neo4jError):
        return False, None
    person: Row | None = result.get("person")
    if person is not None:
        info.context.loaders.person.prime(person_key, person)
    return True, person
