"""The types the network fields of Person return: encounters, paths, opportunities, suggestions, interview stats.

Plain read-models, made by api.gql.network; the people and roles they hold are entity read-models
(api.gql.entities), named lazily here so that this module never imports that one. As there, a
field the request did not select holds None whatever its GraphQL type.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import strawberry

from api.gql.enums import InterviewOutcome, InterviewStage, LinkKind

if TYPE_CHECKING:
    from api.gql.entities import Person, Role

LazyPerson = Annotated["Person", strawberry.lazy("api.gql.entities")]
LazyRole = Annotated["Role", strawberry.lazy("api.gql.entities")]


@strawberry.type(description="Someone this person has met, how and when.")
class Encounter:
    kind: LinkKind
    on: date | None = strawberry.field(description="KNOWS since, the interview's date, or the last day together.")
    context: str | None
    person: LazyPerson | None = strawberry.field(graphql_type=LazyPerson, default=None)


@strawberry.type(description="One link of a path: who, how and when they met.")
class PathStep:
    kind: LinkKind
    on: date | None
    context: str | None
    from_: LazyPerson | None = strawberry.field(name="from", graphql_type=LazyPerson, default=None)
    to: LazyPerson | None = strawberry.field(graphql_type=LazyPerson, default=None)


@strawberry.type(description="A chain of links from one person to another.")
class Path:
    hops: int
    steps: list[PathStep]


@strawberry.input
class OpportunityFilter:
    company_id: strawberry.ID | None = None
    title_contains: str | None = None
    remote: bool | None = None
    kinds: list[LinkKind] | None = strawberry.field(default=None, description="Follow only links of these kinds.")


@strawberry.type(description="An open role and the person in your network who can lead you to it.")
class Opportunity:
    hops: int
    score: float
    paths: list[Path] = strawberry.field(description="The best paths from you to the contact (at most 3).")
    future_prospect: bool = strawberry.field(description="The role was posted after you last met the contact.")
    role: LazyRole | None = strawberry.field(graphql_type=LazyRole, default=None)
    contact: LazyPerson | None = strawberry.field(
        graphql_type=LazyPerson,
        default=None,
        description="Works at the company, hires for the role, or recruits for it.",
    )
    reasons: list[str] = strawberry.field(
        description="Plain-language reasons, e.g. 'You met Ana at your Globex interview on 2024-05-17'."
    )


@strawberry.type(description="Someone you may know: not linked to you yet.")
class PersonSuggestion:
    score: float
    mutual_count: int
    person: LazyPerson | None = strawberry.field(graphql_type=LazyPerson, default=None)
    reasons: list[str]


@strawberry.type
class StageCount:
    stage: InterviewStage
    count: int


@strawberry.type
class OutcomeCount:
    outcome: InterviewOutcome
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
