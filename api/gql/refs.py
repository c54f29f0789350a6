"""People, roles and companies for the network answers, whose modules api.gql.entities imports.

Person declares its network fields with the types of api.gql.paths, opportunity, suggestion and
interview_stats, so those modules cannot import api.gql.entities while it is being defined. Their
annotations name the entities with strawberry.lazy (resolved when the schema is built), and their
code reaches the entity classes through the functions below, which import api.gql.entities when
first called: by then it is loaded. So every module also imports first in a fresh interpreter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from api.gql.context import Info
from api.graph import Row

if TYPE_CHECKING:
    from types import ModuleType

    from api.gql.entities import Company, InterviewOutcome, InterviewStage, Person, Role

LazyPerson = Annotated["Person", strawberry.lazy("api.gql.entities")]
LazyRole = Annotated["Role", strawberry.lazy("api.gql.entities")]
LazyStage = Annotated["InterviewStage", strawberry.lazy("api.gql.entities")]
LazyOutcome = Annotated["InterviewOutcome", strawberry.lazy("api.gql.entities")]


def _entities() -> ModuleType:
    from api.gql import entities  # noqa: PLC0415 - entities imports the modules that call this (see above)

    return entities


def person_from_row(row: Row) -> Person:
    person: Person = _entities().Person.from_row(row)
    return person


def role_from_row(row: Row) -> Role:
    role: Role = _entities().Role.from_row(row)
    return role


def stage(value: str) -> InterviewStage:
    found: InterviewStage = _entities().InterviewStage(value)
    return found


def outcome(value: str) -> InterviewOutcome:
    found: InterviewOutcome = _entities().InterviewOutcome(value)
    return found


async def person(info: Info, person_id: str) -> Person:
    """A person the query that just found them returned (usually primed in the loader)."""
    row = await info.context.loaders.person.load(person_id)
    if row is None:  # a concurrent delete is possible
        raise LookupError(f"person {person_id} is no longer in the graph")
    return person_from_row(row)


async def people(info: Info, ids: list[str]) -> list[Person]:
    """People by local id, in that order, skipping any no longer in the graph."""
    rows = await info.context.loaders.person.load_many(ids)
    return [person_from_row(row) for row in rows if row is not None]


async def company(info: Info, company_id: str) -> Company:
    found: Company = await _entities().company_by_id(info, company_id)
    return found
