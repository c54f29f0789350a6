"""Person.interviewValue and interviewValues: what an interview would add to the person's network.

Each field sends ONE statement (api.graph.interview_value), whatever it selects: the windows of
`newOpportunities` and how many companies `newCompanies` shows are read from the selection below
the field (api.gql.shown.arguments_below) and made with the rest. The new opportunities become
Opportunity read-models as `opportunities` makes them (api.gql.network.shown_opportunities); the
people, companies and roles shown are entity read-models (api.gql.shown), made from the statement's
own rows when they hold what the selection asks.

Privacy as for every network field (api.gql.privacy.network_viewpoint): the person themself and
admins; anyone else reads null or []. The hypothetical interview follows the encounter-sharing rule.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from api.gql import network, privacy, reasons, shown  # network reaches back here: names are read at run time
from api.gql.context import Info
from api.gql.errors import ClientError, bad_argument
from api.gql.ids import to_global_id
from api.gql.network_types import InterviewValue, LikelyContact, Reach, ReachGain, companies_shown
from api.gql.planner import connection_window
from api.graph import interview_value as queries
from api.graph.network import MAX_OPPORTUNITY_HOPS, OpportunityRow
from api.graph.temporal import as_date

if TYPE_CHECKING:
    from api.gql.entities import Company, Person, Role
    from api.gql.network_types import Opportunity

_OPPORTUNITY = ("newOpportunities", "edges", "node")


async def interview_value(
    info: Info, person_key: str, *, company_id: str, role_id: str | None, max_hops: int | None
) -> InterviewValue | None:
    hops = network.hops_argument(max_hops, 2, MAX_OPPORTUNITY_HOPS, "interviewValue")
    company = network.key_argument(company_id, "companyId", "Company")
    role = None if role_id is None else network.key_argument(role_id, "roleId", "Role")
    values = await _values(info, person_key, {company: "companyId"}, role=role, max_hops=hops)
    return values[0] if values else None


async def interview_values(
    info: Info, person_key: str, *, company_ids: Sequence[str], max_hops: int | None
) -> list[InterviewValue]:
    hops = network.hops_argument(max_hops, 2, queries.MAX_COMPARED_HOPS, "interviewValues")
    if len(company_ids) > queries.MAX_COMPANIES:
        raise bad_argument(
            f"`companyIds` on `interviewValues` takes at most {queries.MAX_COMPANIES} companies, got {len(company_ids)}"
        )
    companies: dict[str, str] = {}  # each company once, named by where it first appears
    for at, global_id in enumerate(company_ids):
        companies.setdefault(network.key_argument(global_id, f"companyIds[{at}]", "Company"), f"companyIds[{at}]")
    if not companies:
        return []
    values = await _values(info, person_key, companies, role=None, max_hops=hops)
    # Best first: the most new open roles, then the most new people, then by company name.
    return sorted(
        values,
        key=lambda value: (-value.opportunity_total, -value.new_people.within_max_hops, value.company_name),
    )


def _asked(info: Info) -> tuple[list[tuple[int, int, bool]], int]:
    """The windows of newOpportunities and how many companies newCompanies shows, as selected below the field.

    Arguments that are not valid are left out: the field that has them reports them itself.
    """
    windows = []
    for arguments in shown.arguments_below(info, "newOpportunities"):
        with contextlib.suppress(ClientError):
            windows.append(connection_window("newOpportunities", arguments).sliced)
    new_companies = 0
    for arguments in shown.arguments_below(info, "newCompanies"):
        with contextlib.suppress(ClientError):
            new_companies = max(new_companies, companies_shown(arguments.get("first")))
    return windows, new_companies


async def _values(
    info: Info, person_key: str, companies: dict[str, str], *, role: str | None, max_hops: int
) -> list[InterviewValue]:
    """One value per company (keys: company ids, values: the argument naming each), in order; [] for a
    viewer who may not see the person's network."""
    viewer = privacy.network_viewpoint(info.context.viewer, person_key)
    if viewer is None:
        return []
    windows, new_companies = _asked(info)
    found = await queries.interview_values(
        info.context.graph,
        person_key,
        list(companies),
        role_id=role,
        max_hops=max_hops,
        windows=windows,
        new_companies=new_companies,
        viewer=viewer,
        for_response=True,
    )
    if found is None:  # the person was deleted meanwhile
        return []
    _check_found(found, list(companies.values()), role)
    values = found["values"]
    # One Opportunity builder for every company's page, so the people and roles they show are read at most once.
    made = iter(await network.shown_opportunities(info, _page_rows(values), found["people"], at=_OPPORTUNITY))
    pages = [{entry["at"]: next(made) for entry in value["page"]} for value in values]
    panel = {member["id"] for value in values for member in value["panel"]}
    people = {row["id"]: row for row in found["people"] if row["id"] in panel}
    company_rows = {row["id"]: row for value in values for row in [value["company"], *value["newCompanies"]]}
    asked_role = found["role"]
    role_rows = {} if asked_role is None else {asked_role["id"]: {**asked_role, "company": found["roleCompany"]}}
    answer = _Shown(
        people=await shown.shown(info, "Person", people, [("likelyToMeet", "person")]),
        companies=await shown.shown(info, "Company", company_rows, [("company",), ("newCompanies",)]),
        role=(await shown.shown(info, "Role", role_rows, [("role",)])).get(asked_role["id"]) if asked_role else None,
        role_title=None if asked_role is None else asked_role["title"],
        max_hops=max_hops,
    )
    before = cast("queries.ReachRow", found["before"])  # valid (checked above): the statement summed it up
    return [answer.value(value, before, page) for value, page in zip(values, pages, strict=True)]


def _page_rows(values: list[queries.CompanyValue]) -> list[OpportunityRow]:
    return [entry["row"] for value in values for entry in value["page"]]


@dataclass(frozen=True)
class _Shown:
    """The read-models the whole answer shows, and what its reasons need; each company's value takes its part."""

    people: dict[str, Person]
    companies: dict[str, Company]
    role: Role | None
    role_title: str | None
    max_hops: int

    def value(
        self, value: queries.CompanyValue, before: queries.ReachRow, page: dict[int, Opportunity]
    ) -> InterviewValue:
        hops_before = {entry["id"]: entry["hops"] for entry in value["watched"]}
        company = value["company"]
        return InterviewValue(
            company=self.companies.get(company["id"]),
            company_name=company["name"],
            role=self.role,
            likely_to_meet=[
                LikelyContact(
                    person=self.people.get(member["id"]),
                    reasons=reasons.for_panel_member(
                        company=company["name"],
                        role_title=self.role_title,
                        hiring_manager=member["hiringManager"],
                        recruiter=member["recruiter"],
                        panels=member["panels"],
                        works_there=member["worksThere"],
                        since=as_date(member["since"]),
                        hops=hops_before[member["id"]],
                        max_hops=self.max_hops,
                    ),
                    hops_before=hops_before[member["id"]],
                )
                for member in value["panel"]
            ],
            new_people=ReachGain(within1=value["newWithin1"], within_max_hops=value["newPeople"]),
            before=_reach(before),
            after=_reach(value["after"]),
            opportunities=page,
            opportunity_total=value["newOpportunities"],
            companies=[self.companies[row["id"]] for row in value["newCompanies"] if row["id"] in self.companies],
        )


def _reach(row: queries.ReachRow) -> Reach:
    return Reach(people=row["people"], open_roles=row["openRoles"], companies=row["companies"])


def _check_found(found: queries.InterviewValues, arguments: list[str], role: str | None) -> None:
    """Unknown ids are errors on the field, naming the argument (nothing was computed for them)."""
    for asked, argument in zip(found["asked"], arguments, strict=True):
        if not asked["found"]:
            raise ClientError(f"`{argument}` names no company: {to_global_id('Company', asked['id'])!r}", "NOT_FOUND")
    if role is not None and found["role"] is None:
        raise ClientError(f"`roleId` names no role: {to_global_id('Role', role)!r}", "NOT_FOUND")
    if not found["valid"]:
        raise bad_argument("`roleId` names a role at another company than `companyId`")
