"""What a person's interviews add up to, as GraphQL types: "never say no to an interview", measured."""

from __future__ import annotations

from typing import Self

import strawberry

from api.gql import refs
from api.gql.refs import LazyOutcome, LazyStage
from api.graph import Row


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
            by_stage=[StageCount(stage=refs.stage(s["value"]), count=s["count"]) for s in row["byStage"]],
            by_outcome=[OutcomeCount(outcome=refs.outcome(o["value"]), count=o["count"]) for o in row["byOutcome"]],
            people_met=row["peopleMet"],
            people_met_at_hiring_companies=row["peopleMetAtHiringCompanies"],
        )
