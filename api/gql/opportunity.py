"""An open role and who can lead you to it, as GraphQL types, with the reasons in plain words."""

from __future__ import annotations

from typing import Self

import strawberry

from api.gql import refs
from api.gql.context import Info
from api.gql.paths import LinkKind, Path, PathStep
from api.gql.refs import LazyPerson, LazyRole
from api.graph import Row
from api.graph.network import today


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
        if step.on is None or step.on >= today():
            return f"You work with {name} at {step.company}"
        return f"You worked with {name} at {step.company} until {step.on}"
    return f"You know {name} (connected on {step.on})" if step.on else f"You know {name}"


@strawberry.type(description="An open role and the person in your network who can lead you to it.")
class Opportunity:
    hops: int
    score: float
    paths: list[Path] = strawberry.field(description="The best paths from you to the contact (at most 3).")
    future_prospect: bool = strawberry.field(description="The role was posted after you last met the contact.")
    # The query returns the role and the contact with the pair (api.graph.network.OPPORTUNITIES): no lookup.
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
            role=refs.role_from_row(row["role"]),
            contact=refs.person_from_row(row["contact"]),
            ties=list(row["ties"]),
        )

    @strawberry.field(description="Plain-language reasons, e.g. 'You met Ana at your Globex interview on 2024-05-17'.")
    async def reasons(self, info: Info) -> list[str]:
        first_step = self.paths[0].steps[0] if self.paths else None
        role, contact = self.role, self.contact
        reasons = []
        if first_step is not None:
            bridge = await refs.person(info, first_step.to_id)  # primed by the opportunities query
            reasons.append(_how_you_met(first_step, bridge.name))
            if self.hops > 1:
                reasons.append(f"{bridge.name} can introduce you to {contact.name} ({self.hops} hops)")
        name = _first_name(contact.name)
        if "HIRING_MANAGER" in self.ties:
            reasons.append(f"{name} is the hiring manager for {role.title}")
        elif "RECRUITER" in self.ties:
            reasons.append(f"{name} recruits for {role.title}")
        else:
            company = await refs.company(info, role.company_id)
            reasons.append(f"{name} works at {company.name}")
        if self.future_prospect:
            reasons.append("Opened after you met")
        return reasons
