"""Mutations: each takes one `input` and returns a payload whose userErrors say what to fix."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from datetime import date
from typing import Any

import strawberry

from api.gql import reads
from api.gql.context import Info
from api.gql.entities import Company, Interview, Person, Role
from api.gql.enums import InterviewOutcome, InterviewStage, RoleStatus
from api.gql.errors import ClientError
from api.gql.ids import NodeType, local_id, to_global_id
from api.gql.permissions import may_name, require_admin, require_self_or_admin, require_viewer
from api.gql.validation import Check, UserError
from api.graph import Graph, companies, interviews, people, roles
from api.graph.keys import KeyTaken, email_key, linkedin_key

MAX_NAME = 200
MAX_TEXT = 500
MAX_NOTES = 10_000
MAX_LINKS = 50
# confirmInterview's and declineInterview's answer for an interview that does not name the viewer,
# the same as for one that does not exist.
NOT_NAMED = "no interview names you as an interviewer with this ID"
CONFIRMED_ALREADY = "your part in this interview is confirmed; only a part awaiting your confirmation can be declined"
# An email is how admin imports and sign-in find a person, and nothing proves a typed-in address is the
# typist's, so only an admin sets one. The refusal is the same whatever the value: telling a taken
# address from a free one would let any signed-in person test whose addresses are in the graph.
EMAIL_ADMIN_ONLY = "only an admin sets or changes an email address; ask one to change yours"


@strawberry.type
class PersonPayload:
    person: Person | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class CompanyPayload:
    company: Company | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class RolePayload:
    role: Role | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class InterviewPayload:
    interview: Interview | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class DeletePersonPayload:
    deleted_person_id: strawberry.ID | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class DeclineInterviewPayload:
    declined_interview_id: strawberry.ID | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class CreatePersonInput:
    name: str
    headline: str | None = None
    location: str | None = None
    email: str | None = None
    linkedin_url: str | None = None
    open_to_work: bool | None = None


@strawberry.input
class UpdatePersonInput:
    id: strawberry.ID
    name: str | None = strawberry.UNSET
    headline: str | None = strawberry.UNSET
    location: str | None = strawberry.UNSET
    email: str | None = strawberry.field(
        default=strawberry.UNSET,
        description="Admins only: anyone else gets the userError ONLY_ADMIN, whatever the value.",
    )
    linkedin_url: str | None = strawberry.UNSET
    open_to_work: bool | None = strawberry.UNSET
    shares_encounters: bool | None = strawberry.field(
        default=strawberry.UNSET, description="Let your interview encounters with others who share count as links."
    )


@strawberry.input
class DeletePersonInput:
    id: strawberry.ID


@strawberry.input
class CreateCompanyInput:
    name: str
    domain: str | None = None
    industry: str | None = None


@strawberry.input
class CreateRoleInput:
    company_id: strawberry.ID
    title: str
    location: str | None = None
    remote: bool | None = None
    posted_on: date | None = None
    hiring_manager_id: strawberry.ID | None = None
    recruiter_ids: list[strawberry.ID] | None = None
    skills: list[str] | None = None


@strawberry.input
class SetRoleStatusInput:
    id: strawberry.ID
    status: RoleStatus


@strawberry.input
class AddPositionInput:
    person_id: strawberry.ID
    company_id: strawberry.ID
    title: str | None = None
    started_on: date | None = None
    ended_on: date | None = None


@strawberry.input
class ConnectInput:
    person_id: strawberry.ID
    other_id: strawberry.ID
    on: date | None = None


@strawberry.input
class RecordInterviewInput:
    candidate_id: strawberry.ID
    company_id: strawberry.ID
    interviewer_ids: list[strawberry.ID]
    date: date
    role_id: strawberry.ID | None = None
    stage: InterviewStage | None = None
    outcome: InterviewOutcome | None = None
    practice: bool | None = None
    notes: str | None = None


@strawberry.input
class ConfirmInterviewInput:
    id: strawberry.ID


@strawberry.input
class DeclineInterviewInput:
    id: strawberry.ID


async def _rows(info: Info, type_name: NodeType, keys: list[str]) -> Mapping[str, Mapping[str, object]]:
    """The rows of the nodes of `type_name` with these local ids that exist, by id (one query)."""
    by_ids: dict[NodeType, Callable[[Graph, list[str]], Awaitable[Mapping[str, Mapping[str, object]]]]] = {
        "Person": people.by_ids,
        "Company": companies.by_ids,
        "Role": roles.by_ids,
        "Interview": interviews.by_ids,
    }
    return await by_ids[type_name](info.context.graph, keys) if keys else {}


async def _existing(info: Info, check: Check, type_name: NodeType, field: str, global_id: str | None) -> str | None:
    """The local id behind `global_id` when it names an existing node of `type_name`, else a userError."""
    [key] = await _existing_all(info, check, type_name, field, [global_id], indexed=False)
    return key


async def _existing_all(
    info: Info,
    check: Check,
    type_name: NodeType,
    field: str,
    global_ids: list[strawberry.ID] | list[str | None],
    *,
    indexed: bool = True,
) -> list[str | None]:
    """`_existing` for each ID of a list (errors name `field.N`), in one query rather than one per ID."""
    keys = [None if global_id is None else local_id(global_id, type_name) for global_id in global_ids]
    found = await _rows(info, type_name, [key for key in keys if key is not None])
    existing: list[str | None] = []
    for index, (global_id, key) in enumerate(zip(global_ids, keys, strict=True)):
        name = f"{field}.{index}" if indexed else field
        if global_id is not None and key is None:
            check.fail(name, f"is not the ID of a {type_name}", "INVALID_ID")
        elif key is not None and key not in found:
            check.fail(name, f"no {type_name} has this ID", "NOT_FOUND")
        existing.append(key if key in found else None)
    return existing


def _person_fields(check: Check, values: dict[str, Any]) -> dict[str, Any]:
    """Validate and normalise the person fields present in `values` (GraphQL names)."""
    out: dict[str, Any] = {}
    if "name" in values:
        out["name"] = check.text("name", values["name"], MAX_NAME, required=True)
    for field in ("headline", "location"):
        if field in values:
            out[field] = check.text(field, values[field], MAX_TEXT)
    if "email" in values:
        out["email"] = check.key("email", values["email"], email_key, "an email address", "INVALID_EMAIL")
    if "linkedinUrl" in values:
        out["linkedinUrl"] = check.key(
            "linkedinUrl",
            values["linkedinUrl"],
            linkedin_key,
            "a LinkedIn profile URL (linkedin.com/in/...)",
            "INVALID_URL",
        )
    for flag in ("openToWork", "sharesEncounters"):
        if flag in values:
            if values[flag] is None:
                check.fail(flag, "cannot be null", "REQUIRED")
            out[flag] = bool(values[flag])
    return out


def _interview_key(check: Check, global_id: str) -> str | None:
    """The interview named by confirmInterview's and declineInterview's `id`, else an INVALID_ID userError.

    Whether it exists and names the viewer is the write's own answer (NOT_NAMED): looked up
    beforehand, an interview that does not name the viewer would tell them it exists.
    """
    key = local_id(global_id, "Interview")
    if key is None:
        check.fail("id", "is not the ID of an Interview", "INVALID_ID")
    return key


async def _keys_taken(info: Info, check: Check, fields: dict[str, Any], person_id: str | None) -> bool:
    """Whether another person has the email or profile URL in `fields` (then a TAKEN userError says which)."""
    emails = [fields["email"]] if fields.get("email") else []
    urls = [fields["linkedinUrl"]] if fields.get("linkedinUrl") else []
    if not emails and not urls:
        return False
    taken = await people.taken_keys(info.context.graph, emails=emails, linkedin_urls=urls)
    others = [key for key in taken if key["id"] != person_id]
    for key in others:
        check.fail(key["key"], "belongs to another person", "TAKEN")
    return bool(others)


async def _role_staff(info: Info, role_id: str) -> set[str]:
    """The hiring manager and recruiters of a role (local ids)."""
    role = (await roles.by_ids(info.context.graph, [role_id])).get(role_id)
    recruiters = (await roles.recruiters(info.context.graph, [role_id])).get(role_id, [])
    staff = {recruiter["id"] for recruiter in recruiters}
    if role is not None and (manager := role["hiringManagerId"]):
        staff.add(manager)
    return staff


async def _company_taken(info: Info, check: Check, name: str, domain: str | None) -> bool:
    """Whether a company with the same normalised name or domain exists (then a TAKEN userError says which)."""
    same = await companies.existing(info.context.graph, name=name, domain=domain)
    if same is None:
        return False
    field = "domain" if domain and same.get("domain") == domain else "name"
    check.fail(field, f"{same['name']} already exists ({to_global_id('Company', same['id'])})", "TAKEN")
    return True


@strawberry.type
class Mutation:
    @strawberry.mutation
    async def create_person(self, info: Info, input: CreatePersonInput) -> PersonPayload:
        require_admin(info, "create people")
        check = Check()
        fields = _person_fields(
            check,
            {
                "name": input.name,
                "headline": input.headline,
                "location": input.location,
                "email": input.email,
                "linkedinUrl": input.linkedin_url,
                "openToWork": bool(input.open_to_work),
            },
        )
        await _keys_taken(info, check, fields, None)
        if check.errors:
            return PersonPayload(user_errors=check.errors)
        try:
            row = await people.create(info.context.graph, fields)
        except KeyTaken:
            # another request took the email or profile URL between our check and this write
            if not await _keys_taken(info, check, fields, None):
                raise
            return PersonPayload(user_errors=check.errors)
        return PersonPayload(person=await reads.payload(info, "person", "Person", row["id"]))

    @strawberry.mutation
    async def update_person(self, info: Info, input: UpdatePersonInput) -> PersonPayload:
        viewer = require_self_or_admin(info, input.id, "update a profile")
        check = Check()
        person_id = await _existing(info, check, "Person", "id", input.id)
        given = {
            "name": input.name,
            "headline": input.headline,
            "location": input.location,
            "email": input.email,
            "linkedinUrl": input.linkedin_url,
            "openToWork": input.open_to_work,
            "sharesEncounters": input.shares_encounters,
        }
        if not viewer.is_admin and given.pop("email") is not strawberry.UNSET:
            check.fail("email", EMAIL_ADMIN_ONLY, "ONLY_ADMIN")
        changes = _person_fields(check, {key: value for key, value in given.items() if value is not strawberry.UNSET})
        await _keys_taken(info, check, changes, person_id)
        if check.errors or person_id is None:
            return PersonPayload(user_errors=check.errors)
        try:
            row = await people.update(info.context.graph, person_id, changes, by_self=not viewer.is_admin)
        except KeyTaken:
            # another request took the email or profile URL between our check and this write
            if not await _keys_taken(info, check, changes, person_id):
                raise
            return PersonPayload(user_errors=check.errors)
        return PersonPayload(person=await reads.payload(info, "person", "Person", row["id"] if row else None))

    @strawberry.mutation
    async def create_company(self, info: Info, input: CreateCompanyInput) -> CompanyPayload:
        require_viewer(info)
        check = Check()
        name = check.text("name", input.name, MAX_NAME, required=True)
        domain = check.domain("domain", input.domain)
        industry = check.text("industry", input.industry, MAX_TEXT)
        if name and not check.errors:
            await _company_taken(info, check, name, domain)
        if check.errors or name is None:
            return CompanyPayload(user_errors=check.errors)
        try:
            row = await companies.create(info.context.graph, name=name, domain=domain, industry=industry)
        except KeyTaken:
            # another request created the same company between our check and this write
            if not await _company_taken(info, check, name, domain):
                raise
            return CompanyPayload(user_errors=check.errors)
        return CompanyPayload(company=await reads.payload(info, "company", "Company", row["id"]))

    @strawberry.mutation
    async def create_role(self, info: Info, input: CreateRoleInput) -> RolePayload:
        viewer = require_viewer(info)
        check = Check()
        company_id = await _existing(info, check, "Company", "companyId", input.company_id)
        title = check.text("title", input.title, MAX_NAME, required=True)
        location = check.text("location", input.location, MAX_TEXT)
        manager_id = await _existing(info, check, "Person", "hiringManagerId", input.hiring_manager_id)
        recruiter_ids = await _existing_all(
            info, check, "Person", "recruiterIds", (input.recruiter_ids or [])[:MAX_LINKS]
        )
        if len(input.recruiter_ids or []) > MAX_LINKS:
            check.fail("recruiterIds", f"at most {MAX_LINKS} recruiters", "TOO_MANY")
        if manager_id is not None and not may_name(viewer, manager_id):
            check.fail(
                "hiringManagerId", "you can name only yourself as hiring manager; an admin can name anyone", "ONLY_SELF"
            )
        for index, recruiter_id in enumerate(recruiter_ids):
            if recruiter_id is not None and not may_name(viewer, recruiter_id):
                check.fail(
                    f"recruiterIds.{index}",
                    "you can name only yourself as a recruiter; an admin can name anyone",
                    "ONLY_SELF",
                )
        skills = check.names("skills", input.skills or [], MAX_LINKS)
        if check.errors or company_id is None or title is None:
            return RolePayload(user_errors=check.errors)
        row = await roles.create(
            info.context.graph,
            company_id=company_id,
            title=title,
            location=location,
            remote=input.remote,
            posted_on=input.posted_on,
            hiring_manager_id=manager_id,
            recruiter_ids=[key for key in recruiter_ids if key],
            skills=skills,
        )
        return RolePayload(role=await reads.payload(info, "role", "Role", row["id"] if row else None))

    @strawberry.mutation
    async def set_role_status(self, info: Info, input: SetRoleStatusInput) -> RolePayload:
        viewer = require_viewer(info)
        check = Check()
        role_id = await _existing(info, check, "Role", "id", input.id)
        if role_id is None:
            return RolePayload(user_errors=check.errors)
        if not viewer.is_admin and viewer.person_id not in await _role_staff(info, role_id):
            raise ClientError("only admins and the role's hiring manager or recruiters can change it", "FORBIDDEN")
        row = await roles.set_status(info.context.graph, role_id, input.status.value)
        return RolePayload(role=await reads.payload(info, "role", "Role", row["id"] if row else None))

    @strawberry.mutation
    async def add_position(self, info: Info, input: AddPositionInput) -> PersonPayload:
        require_self_or_admin(info, input.person_id, "add positions")
        check = Check()
        person_id = await _existing(info, check, "Person", "personId", input.person_id)
        company_id = await _existing(info, check, "Company", "companyId", input.company_id)
        title = check.text("title", input.title, MAX_TEXT)
        check.date_range("endedOn", input.started_on, input.ended_on)
        if check.errors or person_id is None or company_id is None:
            return PersonPayload(user_errors=check.errors)
        row = await people.add_position(
            info.context.graph,
            person_id=person_id,
            company_id=company_id,
            title=title,
            started_on=input.started_on,
            ended_on=input.ended_on,
        )
        return PersonPayload(person=await reads.payload(info, "person", "Person", row["id"] if row else None))

    @strawberry.mutation
    async def connect(self, info: Info, input: ConnectInput) -> PersonPayload:
        require_self_or_admin(info, input.person_id, "connect")
        check = Check()
        person_id = await _existing(info, check, "Person", "personId", input.person_id)
        other_id = await _existing(info, check, "Person", "otherId", input.other_id)
        if person_id is not None and person_id == other_id:
            check.fail("otherId", "a person cannot connect to themself", "SELF_LINK")
        if check.errors or person_id is None or other_id is None:
            return PersonPayload(user_errors=check.errors)
        row = await people.connect(info.context.graph, person_id=person_id, other_id=other_id, on=input.on)
        return PersonPayload(person=await reads.payload(info, "person", "Person", row["id"] if row else None))

    @strawberry.mutation
    async def record_interview(self, info: Info, input: RecordInterviewInput) -> InterviewPayload:
        viewer = require_self_or_admin(info, input.candidate_id, "record interviews")
        check = Check()
        candidate_id = await _existing(info, check, "Person", "candidateId", input.candidate_id)
        company_id = await _existing(info, check, "Company", "companyId", input.company_id)
        role_id = await _existing(info, check, "Role", "roleId", input.role_id)
        if len(input.interviewer_ids) > MAX_LINKS:
            check.fail("interviewerIds", f"at most {MAX_LINKS} interviewers", "TOO_MANY")
        interviewer_ids = await _existing_all(
            info, check, "Person", "interviewerIds", input.interviewer_ids[:MAX_LINKS]
        )
        if candidate_id is not None and candidate_id in interviewer_ids:
            check.fail("interviewerIds", "the candidate cannot also be an interviewer", "SELF_LINK")
        if role_id is not None and company_id is not None:
            role = (await roles.by_ids(info.context.graph, [role_id])).get(role_id)
            if role is not None and role["companyId"] != company_id:
                check.fail("roleId", "this role is at another company", "MISMATCH")
        notes = check.text("notes", input.notes, MAX_NOTES)
        if check.errors or candidate_id is None or company_id is None:
            return InterviewPayload(user_errors=check.errors)
        row = await interviews.record(
            info.context.graph,
            candidate_id=candidate_id,
            company_id=company_id,
            role_id=role_id,
            interviewer_ids=[key for key in interviewer_ids if key],
            on=input.date,
            stage=input.stage.value if input.stage else None,
            outcome=input.outcome.value if input.outcome else None,
            practice=bool(input.practice),
            notes=notes,
            # Naming someone puts the interview into their network: it counts for them once they confirm.
            confirmed=viewer.is_admin,
        )
        return InterviewPayload(
            interview=await reads.payload(info, "interview", "Interview", row["id"] if row else None)
        )

    @strawberry.mutation(
        description="Confirm that you sat on this interview's panel (an admin confirms every interviewer's part)."
    )
    async def confirm_interview(self, info: Info, input: ConfirmInterviewInput) -> InterviewPayload:
        viewer = require_viewer(info)
        check = Check()
        key = _interview_key(check, input.id)
        if key is None:
            return InterviewPayload(user_errors=check.errors)
        row = None
        if viewer.is_admin or viewer.person_id is not None:
            interviewer_id = None if viewer.is_admin else viewer.person_id
            row = await interviews.confirm(info.context.graph, key, interviewer_id=interviewer_id)
        if row is None:
            # The same answer whether the interview does not exist or only does not name the viewer:
            # an interview's id tells nobody else that it exists.
            check.fail("id", NOT_NAMED, "NOT_FOUND")
            return InterviewPayload(user_errors=check.errors)
        return InterviewPayload(interview=await reads.payload(info, "interview", "Interview", row["id"]))

    @strawberry.mutation(
        description="Decline being named on an interview's panel: your part that awaits your confirmation is "
        "removed; the candidate's interview stays, without you."
    )
    async def decline_interview(self, info: Info, input: DeclineInterviewInput) -> DeclineInterviewPayload:
        viewer = require_viewer(info)
        check = Check()
        key = _interview_key(check, input.id)
        if key is None:
            return DeclineInterviewPayload(user_errors=check.errors)
        declined = None
        if viewer.person_id is not None:  # an admin too declines only where they themself are named
            declined = await interviews.decline(info.context.graph, key, interviewer_id=viewer.person_id)
        if declined is None:
            check.fail("id", NOT_NAMED, "NOT_FOUND")  # as confirmInterview: no one else learns it exists
        elif not declined:
            check.fail("id", CONFIRMED_ALREADY, "ALREADY_CONFIRMED")
        if check.errors:
            return DeclineInterviewPayload(user_errors=check.errors)
        return DeclineInterviewPayload(declined_interview_id=input.id)

    @strawberry.mutation(
        description="Erase a person: their profile, links, interviews as candidate (with notes) and access tokens."
    )
    async def delete_person(self, info: Info, input: DeletePersonInput) -> DeletePersonPayload:
        require_self_or_admin(info, input.id, "delete a profile")
        check = Check()
        person_id = await _existing(info, check, "Person", "id", input.id)
        if person_id is None or not await people.delete(info.context.graph, person_id):
            if not check.errors:  # deleted by another request between the check and this write
                check.fail("id", "no Person has this ID", "NOT_FOUND")
            return DeletePersonPayload(user_errors=check.errors)
        request = info.context.request
        if request is not None:  # this process stops accepting their JWTs now, not when it would forget them
            request.app.state.subjects.forget_person(person_id)
        return DeletePersonPayload(deleted_person_id=input.id)
