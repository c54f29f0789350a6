"""Who may write what, and what anonymous callers may read: owner, another person, admin, anonymous."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.auth.test_bearer import local, make_person
from tests.conftest import Api


@dataclass(frozen=True)
class Cast:
    """Two people, a company and a role, and an API client per kind of caller."""

    ana: str
    bo: str
    company: str
    role: str
    callers: dict[str, Api]


@pytest.fixture
def cast(api: Api) -> Cast:
    ana = make_person(api, "Ana Lima", "ana@example.com")
    bo = make_person(api, "Bo Chen", "bo@example.com")
    company = api.data('mutation { createCompany(input: {name: "Globex"}) { company { id } } }')
    company_id: str = company["createCompany"]["company"]["id"]
    role = api.data(
        'mutation($c: ID!, $m: ID!) { createRole(input: {companyId: $c, title: "SRE", hiringManagerId: $m})'
        " { role { id } } }",
        {"c": company_id, "m": bo},
    )
    callers = {
        "owner": api.as_viewer(api.token_for(local(ana))),
        "other": api.as_viewer(api.token_for(local(bo))),
        "admin": api,
        "anonymous": api.as_viewer(None),
    }
    return Cast(ana, bo, company_id, role["createRole"]["role"]["id"], callers)


def mutations(cast: Cast) -> dict[str, tuple[str, dict[str, Any]]]:
    """Each mutation acting on Ana's behalf (Ana is the owner)."""
    return {
        "updatePerson": (
            "mutation($i: UpdatePersonInput!) { updatePerson(input: $i) { person { headline } userErrors { code } } }",
            {"i": {"id": cast.ana, "headline": "SRE"}},
        ),
        "addPosition": (
            "mutation($i: AddPositionInput!) { addPosition(input: $i) { person { name } userErrors { code } } }",
            {"i": {"personId": cast.ana, "companyId": cast.company, "title": "SRE", "startedOn": "2020-01-01"}},
        ),
        "connect": (
            "mutation($i: ConnectInput!) { connect(input: $i) { person { name } userErrors { code } } }",
            {"i": {"personId": cast.ana, "otherId": cast.bo}},
        ),
        "recordInterview": (
            (
                "mutation($i: RecordInterviewInput!) { recordInterview(input: $i) { interview { practice }"
                " userErrors { code } } }"
            ),
            {"i": {"candidateId": cast.ana, "companyId": cast.company, "interviewerIds": [cast.bo],
                   "date": "2024-05-17"}},
        ),
    }  # fmt: skip


EXPECTED = {"owner": None, "other": "FORBIDDEN", "admin": None, "anonymous": "UNAUTHENTICATED"}


@pytest.mark.parametrize("mutation", ["updatePerson", "addPosition", "connect", "recordInterview"])
@pytest.mark.parametrize("caller", ["owner", "other", "admin", "anonymous"])
def test_people_act_only_for_themselves_and_admins_for_anyone(cast: Cast, mutation: str, caller: str) -> None:
    query, variables = mutations(cast)[mutation]
    body = cast.callers[caller].post(query, variables)
    code = EXPECTED[caller]
    if code is None:
        assert body.get("errors") is None, body
        assert body["data"][mutation]["userErrors"] == []
    else:
        assert body["data"] is None or body["data"].get(mutation) is None
        assert [error["extensions"]["code"] for error in body["errors"]] == [code]


@pytest.mark.parametrize(("caller", "code"), [("owner", "FORBIDDEN"), ("anonymous", "UNAUTHENTICATED")])
def test_only_admins_create_people(cast: Cast, caller: str, code: str) -> None:
    body = cast.callers[caller].post('mutation { createPerson(input: {name: "Eve"}) { person { id } } }')
    assert [error["extensions"]["code"] for error in body["errors"]] == [code]


def test_role_status_is_changed_by_its_hiring_manager_not_by_others(cast: Cast) -> None:
    query = "mutation($i: SetRoleStatusInput!) { setRoleStatus(input: $i) { role { status } } }"
    variables = {"i": {"id": cast.role, "status": "FILLED"}}
    refused = cast.callers["owner"].post(query, variables)
    assert [error["extensions"]["code"] for error in refused["errors"]] == ["FORBIDDEN"]
    assert cast.callers["other"].data(query, variables) == {"setRoleStatus": {"role": {"status": "FILLED"}}}


def test_a_recruiter_of_the_role_may_change_its_status(api: Api, cast: Cast) -> None:
    recruiter = make_person(api, "Rita Recruiter", "rita@example.com")
    role = api.data(
        'mutation($c: ID!, $r: ID!) { createRole(input: {companyId: $c, title: "PM", recruiterIds: [$r]})'
        " { role { id } } }",
        {"c": cast.company, "r": recruiter},
    )["createRole"]["role"]["id"]
    query = "mutation($i: SetRoleStatusInput!) { setRoleStatus(input: $i) { role { status } } }"
    variables = {"i": {"id": role, "status": "CLOSED"}}
    assert api.as_person(recruiter).data(query, variables) == {"setRoleStatus": {"role": {"status": "CLOSED"}}}
    refused = cast.callers["other"].post(query, {"i": {"id": role, "status": "OPEN"}})
    assert [error["extensions"]["code"] for error in refused["errors"]] == ["FORBIDDEN"]


def test_refused_writes_write_nothing(cast: Cast) -> None:
    query, variables = mutations(cast)["updatePerson"]
    cast.callers["other"].post(query, variables)
    read = cast.callers["admin"].data("query($id: ID!) { node(id: $id) { ... on Person { headline } } }",
                                      {"id": cast.ana})  # fmt: skip
    assert read == {"node": {"headline": None}}


UPDATE_EMAIL = (
    "mutation($i: UpdatePersonInput!) { updatePerson(input: $i) {"
    " person { email headline } userErrors { field message code } } }"
)
PROFILE = "query($id: ID!) { node(id: $id) { ... on Person { email headline } } }"


@pytest.mark.parametrize(
    "email", ["bo@example.com", " BO@Example.com", "nobody@example.com", "ana@example.com", "not an email", None]
)
def test_a_persons_own_email_change_answers_the_same_whether_or_not_the_address_is_someones(
    cast: Cast, email: str | None
) -> None:
    # Bo's address, a free one, Ana's own, a malformed one, none: if the answer told them apart, any
    # signed-in person could test which addresses are in the graph.
    body = cast.callers["owner"].post(UPDATE_EMAIL, {"i": {"id": cast.ana, "headline": "SRE", "email": email}})
    body.pop("extensions", None)  # the cost report
    assert body == {
        "data": {
            "updatePerson": {
                "person": None,
                "userErrors": [
                    {
                        "field": ["input", "email"],
                        "message": "email: only an admin sets or changes an email address; ask one to change yours",
                        "code": "ONLY_ADMIN",
                    }
                ],
            }
        }
    }
    written = cast.callers["admin"].data(PROFILE, {"id": cast.ana})
    assert written == {"node": {"email": "ana@example.com", "headline": None}}, "nothing of the input is written"


def test_an_admin_is_told_an_email_belongs_to_another_person_and_may_change_one(cast: Cast) -> None:
    admin = cast.callers["admin"]
    taken = admin.data(UPDATE_EMAIL, {"i": {"id": cast.ana, "email": "bo@example.com"}})
    assert taken == {
        "updatePerson": {
            "person": None,
            "userErrors": [
                {"field": ["input", "email"], "message": "email: belongs to another person", "code": "TAKEN"}
            ],
        }
    }
    changed = admin.data(UPDATE_EMAIL, {"i": {"id": cast.ana, "email": "ana.lima@example.com"}})
    assert changed == {
        "updatePerson": {"person": {"email": "ana.lima@example.com", "headline": None}, "userErrors": []}
    }


def test_anonymous_callers_read_public_profile_fields(cast: Cast) -> None:
    query = "query($id: ID!) { viewer { name } node(id: $id) { id ... on Person { name headline location } } }"
    assert cast.callers["anonymous"].data(query, {"id": cast.ana}) == {
        "viewer": None,
        "node": {"id": cast.ana, "name": "Ana Lima", "headline": None, "location": None},
    }


@pytest.mark.parametrize(
    "selection",
    [
        "... on Person { openToWork }",
        "... on Person { email }",
        "... on Person { connections { totalCount } }",
        "... on Person { interviews { totalCount } }",
        "... on Person { currentPositions { title } }",
        "...F",
    ],
)
def test_anonymous_callers_cannot_read_private_or_member_fields(cast: Cast, selection: str) -> None:
    fragment = " fragment F on Person { positions { totalCount } }" if selection == "...F" else ""
    query = f"query($id: ID!) {{ node(id: $id) {{ {selection} }} }}{fragment}"
    body = cast.callers["anonymous"].post(query, {"id": cast.ana})
    assert body["data"] is None
    assert [error["extensions"]["code"] for error in body["errors"]] == ["UNAUTHENTICATED"]


def test_anonymous_callers_cannot_list_the_directory(cast: Cast) -> None:
    body = cast.callers["anonymous"].post("{ people { totalCount } }")
    assert [error["extensions"]["code"] for error in body["errors"]] == ["UNAUTHENTICATED"]
    assert cast.callers["other"].data("{ people { totalCount } }") == {"people": {"totalCount": 2}}


def test_interview_notes_are_for_the_candidate_only(cast: Cast) -> None:
    recorded = cast.callers["owner"].data(
        "mutation($i: RecordInterviewInput!) { recordInterview(input: $i) { interview { id notes } } }",
        {"i": {"candidateId": cast.ana, "companyId": cast.company, "interviewerIds": [cast.bo],
               "date": "2024-05-17", "notes": "asked about on-call"}},
    )  # fmt: skip
    interview = recorded["recordInterview"]["interview"]
    assert interview["notes"] == "asked about on-call"
    query = "query($id: ID!) { node(id: $id) { ... on Interview { notes } } }"
    assert cast.callers["other"].data(query, {"id": interview["id"]}) == {"node": None}
    assert cast.callers["owner"].data(query, {"id": interview["id"]}) == {"node": {"notes": "asked about on-call"}}
    own_list = "query($id: ID!) { node(id: $id) { ... on Person { interviews { totalCount } } } }"
    assert cast.callers["other"].data(own_list, {"id": cast.ana}) == {"node": {"interviews": {"totalCount": 0}}}
    assert cast.callers["owner"].data(own_list, {"id": cast.ana}) == {"node": {"interviews": {"totalCount": 1}}}
