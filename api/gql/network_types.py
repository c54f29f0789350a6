"""The types the network fields of Person return: encounters, paths, opportunities, suggestions, interview stats
and interview values.

Plain read-models, made by api.gql.network and api.gql.interview_value; the people, companies and
roles they hold are entity read-models (api.gql.entities), named lazily here so that this module
never imports that one. As there, a field the request did not select holds None whatever its
GraphQL type.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import strawberry

from api.gql.enums import InterviewOutcome, InterviewStage, LinkKind
from api.gql.errors import bad_argument
from api.gql.pagination import MAX_FIRST, Connection, First, Last, Window

if TYPE_CHECKING:
    from api.gql.entities import Company, Person, Role

LazyPerson = Annotated["Person", strawberry.lazy("api.gql.entities")]
LazyCompany = Annotated["Company", strawberry.lazy("api.gql.entities")]
LazyRole = Annotated["Role", strawberry.lazy("api.gql.entities")]
NEW_COMPANIES_SHOWN = 20  # InterviewValue.newCompanies(first:) by default


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
    hypothetical: bool = strawberry.field(
        default=False, description="The interview you are weighing (interviewValue), not one that took place."
    )


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


@strawberry.type(description="How much of the network is within maxHops: people, open roles, companies.")
class Reach:
    people: int = strawberry.field(description="People within maxHops.")
    open_roles: int = strawberry.field(description="OPEN roles with a contact within maxHops (as `opportunities`).")
    companies: int = strawberry.field(description="Companies where someone within maxHops works now.")


@strawberry.type(description="People within reach after the interview who were not before.")
class ReachGain:
    within1: int = strawberry.field(description="Newly one hop away: the panel members you had no link with.")
    within_max_hops: int = strawberry.field(description="Newly within maxHops.")


@strawberry.type(description="Someone you would likely meet at the interview, and why.")
class LikelyContact:
    person: LazyPerson | None = strawberry.field(graphql_type=LazyPerson, default=None)
    reasons: list[str] = strawberry.field(description="E.g. 'Sat on 4 Acme interview panels'.")
    hops_before: int | None = strawberry.field(description="Hops from you now; null when farther than maxHops.")


def companies_shown(first: int | None) -> int:
    """How many new companies `newCompanies(first:)` shows (checked)."""
    count = NEW_COMPANIES_SHOWN if first is None else first
    if not 1 <= count <= MAX_FIRST:
        raise bad_argument(f"`first` on `newCompanies` must be between 1 and {MAX_FIRST}, got {count}")
    return count


@strawberry.type(description="What one interview at a company would add to your network (nothing is written).")
class InterviewValue:
    company: LazyCompany | None = strawberry.field(graphql_type=LazyCompany)
    role: LazyRole | None
    likely_to_meet: list[LikelyContact] = strawberry.field(
        description="The role's hiring manager and recruiters, then the employees who sat on most of the "
        "company's interview panels (at most 5 of each)."
    )
    new_people: ReachGain
    before: Reach = strawberry.field(description="Your reach now.")
    after: Reach = strawberry.field(description="Your reach had you met the panel today.")
    # What the statement made of the new opportunities (by position) and companies: the windows and the
    # count the selection below asked for (api.gql.interview_value). The company's name ranks
    # interviewValues, whatever the selection.
    company_name: strawberry.Private[str]
    opportunities: strawberry.Private[dict[int, Opportunity]]
    opportunity_total: strawberry.Private[int]
    companies: strawberry.Private[list[Company]]

    @strawberry.field(
        description="Open roles reachable after the interview and not before, each by its best contact "
        "(scored and explained as `opportunities`), best first."
    )
    def new_opportunities(
        self, first: First = None, after: str | None = None, last: Last = None, before: str | None = None
    ) -> Connection[Opportunity]:
        window = Window.of("newOpportunities", first=first, after=after, last=last, before=before)
        skip, limit, from_end = window.sliced
        start = max(skip, self.opportunity_total - limit) if from_end else skip
        positions = range(start, min(start + limit, self.opportunity_total))
        return window.connection([self.opportunities[at] for at in positions], total=self.opportunity_total)

    @strawberry.field(
        description="Companies where someone within maxHops would work who does not now, by name: the first "
        "`first` of them (after.companies - before.companies in all)."
    )
    def new_companies(self, first: int | None = NEW_COMPANIES_SHOWN) -> list[LazyCompany]:
        return self.companies[: companies_shown(first)]
