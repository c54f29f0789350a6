"""How two people are linked, as GraphQL types: the link kinds, encounters, path steps and paths."""

from __future__ import annotations

import enum
from datetime import date
from typing import Self

import strawberry

from api.gql import refs
from api.gql.context import Info
from api.gql.refs import LazyPerson
from api.graph import Row


@strawberry.enum
class LinkKind(enum.Enum):
    KNOWS = "KNOWS"
    MET_AT_INTERVIEW = "MET_AT_INTERVIEW"
    WORKED_TOGETHER = "WORKED_TOGETHER"


# LinkKind(value) goes through Enum's metaclass call (~0.5 µs); a page of opportunities has ~50 steps.
LINK_KIND = {kind.value: kind for kind in LinkKind}


def context(row: Row) -> str:
    """A link in words: "Globex interview", "worked together at Initech", "connection"."""
    company = row.get("companyName")
    if row["kind"] == "MET_AT_INTERVIEW":
        return f"{company} interview" if company else "interview"
    if row["kind"] == "WORKED_TOGETHER":
        return f"worked together at {company}"
    return "connection"


@strawberry.type(description="Someone this person has met, how and when.")
class Encounter:
    kind: LinkKind
    on: date | None = strawberry.field(description="KNOWS since, the interview's date, or the last day together.")
    context: str | None
    person_id: strawberry.Private[str]

    @classmethod
    def from_row(cls, row: Row) -> Self:
        return cls(kind=LINK_KIND[row["kind"]], on=row["on"], context=context(row), person_id=row["personId"])

    @strawberry.field
    async def person(self, info: Info) -> LazyPerson:
        return await refs.person(info, self.person_id)


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
            kind=LINK_KIND[row["kind"]],
            on=row["on"],
            context=context(row),
            from_id=row["fromId"],
            to_id=row["toId"],
            company=row.get("companyName"),
        )

    @strawberry.field(name="from")
    async def from_(self, info: Info) -> LazyPerson:
        return await refs.person(info, self.from_id)

    @strawberry.field
    async def to(self, info: Info) -> LazyPerson:
        return await refs.person(info, self.to_id)


@strawberry.type(description="A chain of links from one person to another.")
class Path:
    hops: int
    steps: list[PathStep]

    @classmethod
    def from_steps(cls, steps: list[Row]) -> Self:
        return cls(hops=len(steps), steps=[PathStep.from_row(step) for step in steps])
