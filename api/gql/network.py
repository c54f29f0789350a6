"""The network fields of Person: opportunities, paths, degree, encounters, suggestions, interview stats.

Person (api.gql.entities) declares the fields and delegates here; this module validates the
arguments, applies the privacy rule, calls one graph query (api.graph.network) and turns its
rows into the types below. Names in reasons come through the request's DataLoaders, so a page
of opportunities costs one query for its people and one for its roles, whatever its size.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, Self

import strawberry
from neo4j.exceptions import DriverError, Neo4jError

from api.gql import entities  # entities imports this module too; names are only used at run time
from api.gql.context import Info
from api.gql.errors import ClientError, bad_argument
from api.gql.ids import local_id
from api.gql.lookahead import fields_named
from api.gql.pagination import Connection, Window
from api.graph import Row
from api.graph import network as queries
from api.graph.links import MAX_SEARCH_HOPS

if TYPE_CHECKING:
    from api.gql.entities import InterviewOutcome, InterviewStage, Person, Role

# Person, Role and the interview enums are defined in api.gql.entities, which imports this module
# while it is being defined: Strawberry resolves these lazily, when the schema is built.
LazyPerson = Annotated["Person", strawberry.lazy("api.gql.entities")]
LazyRole = Annotated["Role", strawberry.lazy("api.gql.entities")]
LazyStage = Annotated["InterviewStage", strawberry.lazy("api.gql.entities")]
LazyOutcome = Annotated["InterviewOutcome", strawberry.lazy("api.gql.entities")]

MAX_PATHS = 5


@strawberry.enum
class LinkKind(enum.Enum):
    KNOWS = "KNOWS"
    MET_AT_INTERVIEW = "MET_AT_INTERVIEW"
    WORKED_TOGETHER = "WORKED_TOGETHER"


# LinkKind(value) goes through Enum's metaclass call (~0.5 µs); a page of opportunities has ~50 steps.
_LINK_KIND = {kind.value: kind for kind in LinkKind}


def _context(row: Row) -> str:
    company = row.get("companyName")
    if row["kind"] == "MET_AT_INTERVIEW":
        return f"{company} interview" if company else "interview"
    if row["kind"] == "WORKED_TOGETHER":
        return f"worked together at {company}"
    return "connection"


async def _person(info: Info, person_id: str) -> LazyPerson:
    row = await info.context.loaders.person.load(person_id)
    if row is None:  # ids come from the query that just found them; a concurrent delete is possible
        raise LookupError(f"person {person_id} is no longer in the graph")
    return entities.Person.from_row(row)


async def _people(info: Info, ids: list[str]) -> list[Person]:
    rows = await info.context.loaders.person.load_many(ids)
    return [entities.Person.from_row(row) for row in rows if row is not None]


@strawberry.type(description="Someone this person has met, how and when.")
class Encounter:
    kind: LinkKind
    on: date | None = strawberry.field(description="KNOWS since, the interview's date, or the last day together.")
    context: str | None
    person_id: strawberry.Private[str]

    @classmethod
    def from_row(cls, row: Row) -> Self:
        return cls(kind=_LINK_KIND[row["kind"]], on=row["on"], context=_context(row), person_id=row["personId"])

    @strawberry.field
    async def person(self, info: Info) -> LazyPerson:
        return await _person(info, self.person_id)


@strawberry.type(description="One link of a path: who, how and when they met.")
class PathStep:
    kind: LinkKind
    on: date | None
    context: str | None
    from_id: strawberry.Private[str]
    to_id: strawberry.Private[str]
    company: strawberry.Private[str | None]

    @classmethod
    def from_row(cls, row: Row) -> Self:
        return cls(
            kind=_LINK_KIND[row["kind"]],
            on=row["on"],
            context=_context(row),
            from_id=row["fromId"],
            to_id=row["toId"],
            company=row.get("companyName"),
        )

    @strawberry.field(name="from")
    async def from_(self, info: Info) -> LazyPerson:
        return await _person(info, self.from_id)

    @strawberry.field
    async def to(self, info: Info) -> LazyPerson:
        return await _person(info, self.to_id)


@strawberry.type(description="A chain of links from one person to another.")
class Path:
    hops: int
    steps: list[PathStep]

    @classmethod
    def from_steps(cls, steps: list[Row]) -> Self:
        return cls(hops=len(steps), steps=[PathStep.from_row(step) for step in steps])


@strawberry.input
class OpportunityFilter:
    company_id: strawberry.ID | None = None
    title_contains: str | None = None
    remote: bool | None = None
    kinds: list[LinkKind] | None = strawberry.field(default=None, description="Follow only links of these kinds.")


def _first_name(name: str) -> str:
    return name.split(maxsplit=1)[0] if name.strip() else name


def _how_you_met(step: PathStep, name: str) -> str:
    """Your first step, in words: 'You met Ana Lima at your Globex interview on 2024-05-17'."""
    if step.kind is LinkKind.MET_AT_INTERVIEW:
        at = f" at your {step.company} interview" if step.company else " at an interview"
        return f"You met {name}{at} on {step.on}"
    if step.kind is LinkKind.WORKED_TOGETHER:
        # step.on is the driver's Date (Graph.read_for_response): it compares and prints as a date does.
        if step.on is None or step.on >= queries.today():
            return f"You work with {name} at {step.company}"
        return f"You worked with {name} at {step.company} until {step.on}"
    return f"You know {name} (connected on {step.on})" if step.on else f"You know {name}"


@strawberry.type(description="An open role and the person in your network who can lead you to it.")
class Opportunity:
    hops: int
    score: float
    paths: list[Path] = strawberry.field(description="The best paths from you to the contact (at most 3).")
    future_prospect: bool = strawberry.field(description="The role was posted after you last met the contact.")
    # The query returns the role and the contact with the pair (queries.OPPORTUNITIES): plain values, no lookup.
    role: LazyRole
    contact: LazyPerson = strawberry.field(description="Works at the company, hires for the role, or recruits for it.")
    ties: strawberry.Private[list[str]]

    @classmethod
    def from_row(cls, row: Row) -> Self:
        return cls(
            hops=row["hops"],
            score=row["score"],
            paths=[Path.from_steps(steps) for steps in row["paths"]],
            future_prospect=bool(row["futureProspect"]),
            role=entities.Role.from_row(row["role"]),
            contact=entities.Person.from_row(row["contact"]),
            ties=list(row["ties"]),
        )

    @strawberry.field(description="Plain-language reasons, e.g. 'You met Ana at your Globex interview on 2024-05-17'.")
    async def reasons(self, info: Info) -> list[str]:
        first_step = self.paths[0].steps[0] if self.paths else None
        role, contact = self.role, self.contact
        reasons = []
        if first_step is not None:
            bridge = await _person(info, first_step.to_id)  # primed by the opportunities query
            reasons.append(_how_you_met(first_step, bridge.name))
            if self.hops > 1:
                reasons.append(f"{bridge.name} can introduce you to {contact.name} ({self.hops} hops)")
        name = _first_name(contact.name)
        if "HIRING_MANAGER" in self.ties:
            reasons.append(f"{name} is the hiring manager for {role.title}")
        elif "RECRUITER" in self.ties:
            reasons.append(f"{name} recruits for {role.title}")
        else:
            company = await entities.company_by_id(info, role.company_id)
            reasons.append(f"{name} works at {company.name}")
        if self.future_prospect:
            reasons.append("Opened after you met")
        return reasons


@strawberry.type(description="Someone you may know: not linked to you yet.")
class PersonSuggestion:
    score: float
    mutual_count: int
    person_id: strawberry.Private[str]
    mutual_ids: strawberry.Private[list[str]]
    shared_employers: strawberry.Private[list[str]]
    shared_interviews: strawberry.Private[list[str]]

    @classmethod
    def from_row(cls, row: Row) -> Self:
        return cls(
            score=row["score"],
            mutual_count=row["mutualCount"],
            person_id=row["personId"],
            mutual_ids=list(row["mutualIds"]),
            shared_employers=list(row["sharedEmployers"]),
            shared_interviews=list(row["sharedInterviews"]),
        )

    @strawberry.field
    async def person(self, info: Info) -> LazyPerson:
        return await _person(info, self.person_id)

    @strawberry.field
    async def reasons(self, info: Info) -> list[str]:
        reasons = []
        if self.mutual_count:
            names = [person.name for person in await _people(info, self.mutual_ids)]
            more = self.mutual_count - len(names)
            reasons.append(
                f"{self.mutual_count} shared contacts: " + ", ".join(names) + (f" and {more} more" if more else "")
            )
        reasons.extend(f"You both worked at {company}" for company in self.shared_employers)
        reasons.extend(f"You both interviewed with {company}" for company in self.shared_interviews)
        return reasons


@strawberry.type
class StageCount:
    stage: LazyStage
    count: int


@strawberry.type
class OutcomeCount:
    outcome: LazyOutcome
    count: int


@strawberry.type(description="What a person's interviews add up to: 'never say no to an interview', measured.")
class InterviewStats:
    as_candidate: int = strawberry.field(description="Interviews taken as the candidate.")
    practice: int = strawberry.field(description="Of those, taken for practice.")
    real: int
    as_interviewer: int
    by_stage: list[StageCount]
    by_outcome: list[OutcomeCount]
    people_met: int = strawberry.field(description="Distinct people met across all interviews.")
    people_met_at_hiring_companies: int = strawberry.field(
        description="Of those, how many now work at a company with an open role."
    )

    @classmethod
    def from_row(cls, row: Row) -> Self:
        return cls(
            as_candidate=row["asCandidate"],
            practice=row["practice"],
            real=row["asCandidate"] - row["practice"],
            as_interviewer=row["asInterviewer"],
            by_stage=[StageCount(stage=entities.InterviewStage(s["value"]), count=s["count"]) for s in row["byStage"]],
            by_outcome=[
                OutcomeCount(outcome=entities.InterviewOutcome(o["value"]), count=o["count"]) for o in row["byOutcome"]
            ],
            people_met=row["peopleMet"],
            people_met_at_hiring_companies=row["peopleMetAtHiringCompanies"],
        )


def _require_owner(info: Info, person_key: str, field: str) -> None:
    """Privacy: a person's network intelligence is theirs (and admins'); others get FORBIDDEN, not []."""
    if not info.context.is_self_or_admin(person_key):
        raise ClientError(f"`{field}` is visible only to the person themself", "FORBIDDEN")


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
    _require_owner(info, person_key, "opportunities")
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
    graph = info.context.graph
    result = await info.context.prefetches.take(
        _ask_key("opportunities", person_key, ask),
        lambda: queries.opportunities(graph, person_key, **ask, for_response=True),
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
    graph = info.context.graph
    found = await info.context.prefetches.take(
        _ask_key("pathsTo", person_key, ask), lambda: queries.paths_to(graph, person_key, **ask, for_response=True)
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
    if not info.context.is_self_or_admin(person_key):
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
                queries.opportunities(graph, person_key, **ask, for_response=True),
            )
        paths = fields_named(info, "pathsTo")
        if len(paths) == 1:
            args = paths[0].arguments
            ask = _paths_ask(str(args["personId"]), _int(args.get("maxHops")), _int(args.get("first")))
            paths_task = prefetches.start(
                _ask_key("pathsTo", person_key, ask), queries.paths_to(graph, person_key, **ask, for_response=True)
            )
            started = started or paths_task
    return started


async def degree_to(info: Info, person_key: str, *, person_id: str) -> int | None:
    return await queries.degree(info.context.graph, person_key, _person_key(person_id, "personId"))


async def mutual_connections(
    info: Info, person_key: str, *, other_id: str, first: int | None, after: str | None
) -> Connection[LazyPerson]:
    window = Window.of(first, after, "mutualConnections")
    other = _person_key(other_id, "otherId")
    page = await queries.mutual_connections(info.context.graph, person_key, other, skip=window.skip, limit=window.first)
    return window.connection(await _people(info, page["page"]), total=page["total"])


async def encounters(info: Info, person_key: str, *, first: int | None, after: str | None) -> Connection[Encounter]:
    _require_owner(info, person_key, "encounters")
    window = Window.of(first, after, "encounters")
    page = await queries.encounters(info.context.graph, person_key, skip=window.skip, limit=window.first)
    return window.connection([Encounter.from_row(row) for row in page["page"]], total=page["total"])


async def suggestions(info: Info, person_key: str, *, first: int | None) -> list[PersonSuggestion]:
    _require_owner(info, person_key, "suggestions")
    window = Window.of(first, None, "suggestions", default=10)
    rows = await queries.suggestions(info.context.graph, person_key, limit=window.first)
    return [PersonSuggestion.from_row(row) for row in rows]


async def interview_stats(info: Info, person_key: str) -> InterviewStats | None:
    _require_owner(info, person_key, "interviewStats")
    row = await queries.interview_stats(info.context.graph, person_key)
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
