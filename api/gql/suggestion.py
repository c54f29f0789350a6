"""Someone you may know, as a GraphQL type, with the reasons in plain words."""

from __future__ import annotations

from typing import Self

import strawberry

from api.gql import refs
from api.gql.context import Info
from api.gql.refs import LazyPerson
from api.graph import Row


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
        return await refs.person(info, self.person_id)

    @strawberry.field
    async def reasons(self, info: Info) -> list[str]:
        reasons = []
        if self.mutual_count:
            names = [person.name for person in await refs.people(info, self.mutual_ids)]
            more = self.mutual_count - len(names)
            reasons.append(
                f"{self.mutual_count} shared contacts: " + ", ".join(names) + (f" and {more} more" if more else "")
            )
        reasons.extend(f"You both worked at {company}" for company in self.shared_employers)
        reasons.extend(f"You both interviewed with {company}" for company in self.shared_interviews)
        return reasons
