"""Naming someone else in a write: who may, and what it does to the named person's own views."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from neo4j import Driver

from tests.auth.test_bearer import make_person
from tests.conftest import Api
from tests.gql.conftest import Snapshot

CREATE_ROLE = "mutation($i: CreateRoleInput!) { createRole(input: $i) { role { title hiringManager { name }"
CREATE_ROLE += " recruiters { name } } userErrors { field code message } } }"
RECORD = "mutation($i: RecordInterviewInput!) { recordInterview(input: $i) { interview { id } userErrors { code } } }"
CONFIRM = (
    "mutation($i: ConfirmInterviewInput!) { confirmInterview(input: $i) {"
    " interview { date interviewers { name } } userErrors { field code message } } }"
)
DECLINE = (
    "mutation($i: DeclineInterviewInput!) { declineInterview(input: $i) {"
    " declinedInterviewId userErrors { field code message } } }"
)
NO_SUCH_INTERVIEW = "SW50ZXJ2aWV3Om5vLXN1Y2gtaW50ZXJ2aWV3"  # Interview:no-such-interview
MY_INTERVIEWS = """query($id: ID!) { node(id: $id) { ... on Person {
  interviews { totalCount edges { node { date } } }
  interviewsToConfirm { totalCount edges { node { date stage notes candidate { name } company { name } } } }
} } }"""


@dataclass(frozen=True)
class Panel:
    """Ana (a candidate), Bo and Cy (people she may name), Dee (a stranger) and the company Globex."""

    ana: str
    bo: str
    cy: str
    dee: str
    company: str


@pytest.fixture
def panel(api: Api) -> Panel:
    people = [make_person(api, name, f"{name.split()[0].lower()}@example.com") for name in
              ("Ana Lima", "Bo Chen", "Cy Diaz", "Dee Ross")]  # fmt: skip
    company = api.data('mutation { createCompany(input: {name: "Globex"}) { company { id } } }')
    ana, bo, cy, dee = people
    return Panel(ana, bo, cy, dee, company=company["createCompany"]["company"]["id"])


def participation(db: Driver) -> list[dict[str, Any]]:
    """Each stored INTERVIEWER_IN: who, and its `confirmed` property exactly as stored (None when absent)."""
    records, _, _ = db.execute_query(
        "MATCH (p:Person)-[part:INTERVIEWER_IN]->(:Interview) "
        "RETURN p.name AS interviewer, part.confirmed AS confirmed, 'confirmed' IN keys(part) AS stored "
        "ORDER BY interviewer"
    )
    return [record.data() for record in records]


def record(client: Api, panel: Panel, interviewers: list[str]) -> str:
    values = {"candidateId": panel.ana, "companyId": panel.company, "interviewerIds": interviewers,
              "date": "2024-05-17", "stage": "ONSITE", "notes": "for Ana only"}  # fmt: skip
    recorded = client.data(RECORD, {"i": values})["recordInterview"]
    assert recorded["userErrors"] == []
    interview: str = recorded["interview"]["id"]
    return interview


# --- createRole: name only yourself --------------------------------------------------------------------------------


def test_a_person_names_only_themself_as_hiring_manager_or_recruiter(
    api: Api, panel: Panel, snapshot: Callable[[], Snapshot]
) -> None:
    as_ana = api.as_person(panel.ana)
    before = snapshot()
    refused = as_ana.data(CREATE_ROLE, {"i": {"companyId": panel.company, "title": "SRE", "hiringManagerId": panel.bo,
                                              "recruiterIds": [panel.ana, panel.cy]}})  # fmt: skip
    assert refused == {
        "createRole": {
            "role": None,
            "userErrors": [
                {
                    "field": ["input", "hiringManagerId"],
                    "code": "ONLY_SELF",
                    "message": "hiringManagerId: you can name only yourself as hiring manager; "
                    "an admin can name anyone",
                },
                {
                    "field": ["input", "recruiterIds", "1"],
                    "code": "ONLY_SELF",
                    "message": "recruiterIds.1: you can name only yourself as a recruiter; an admin can name anyone",
                },
            ],
        }
    }
    assert snapshot() == before

    mine = as_ana.data(CREATE_ROLE, {"i": {"companyId": panel.company, "title": "SRE", "hiringManagerId": panel.ana,
                                           "recruiterIds": [panel.ana]}})  # fmt: skip
    assert mine["createRole"] == {
        "role": {"title": "SRE", "hiringManager": {"name": "Ana Lima"}, "recruiters": [{"name": "Ana Lima"}]},
        "userErrors": [],
    }


def test_an_admin_names_anyone_on_a_role(api: Api, panel: Panel) -> None:
    made = api.data(CREATE_ROLE, {"i": {"companyId": panel.company, "title": "PM", "hiringManagerId": panel.bo,
                                        "recruiterIds": [panel.cy]}})  # fmt: skip
    assert made["createRole"] == {
        "role": {"title": "PM", "hiringManager": {"name": "Bo Chen"}, "recruiters": [{"name": "Cy Diaz"}]},
        "userErrors": [],
    }


# --- recordInterview + confirmInterview ----------------------------------------------------------------------------


def test_interviewers_a_candidate_names_are_stored_unconfirmed(api: Api, db: Driver, panel: Panel) -> None:
    record(api.as_person(panel.ana), panel, [panel.bo, panel.cy])
    assert participation(db) == [
        {"interviewer": "Bo Chen", "confirmed": False, "stored": True},
        {"interviewer": "Cy Diaz", "confirmed": False, "stored": True},
    ]


def test_interviewers_an_admin_names_are_confirmed_without_a_property(api: Api, db: Driver, panel: Panel) -> None:
    record(api, panel, [panel.bo])
    assert participation(db) == [{"interviewer": "Bo Chen", "confirmed": None, "stored": False}]


def test_a_named_interviewer_sees_the_interview_only_as_awaiting_them_until_they_confirm(
    api: Api, db: Driver, panel: Panel
) -> None:
    interview = record(api.as_person(panel.ana), panel, [panel.bo, panel.cy])
    as_bo = api.as_person(panel.bo)
    assert as_bo.data(MY_INTERVIEWS, {"id": panel.bo}) == {
        "node": {
            "interviews": {"totalCount": 0, "edges": []},
            "interviewsToConfirm": {
                "totalCount": 1,
                "edges": [{"node": {"date": "2024-05-17", "stage": "ONSITE", "notes": None,
                                    "candidate": {"name": "Ana Lima"}, "company": {"name": "Globex"}}}],
            },
        }
    }  # fmt: skip

    confirmed = as_bo.data(CONFIRM, {"i": {"id": interview}})
    assert confirmed == {
        "confirmInterview": {
            "interview": {"date": "2024-05-17", "interviewers": [{"name": "Bo Chen"}, {"name": "Cy Diaz"}]},
            "userErrors": [],
        }
    }
    assert participation(db) == [
        {"interviewer": "Bo Chen", "confirmed": True, "stored": True},
        {"interviewer": "Cy Diaz", "confirmed": False, "stored": True},  # Cy has not said anything yet
    ]
    assert as_bo.data(MY_INTERVIEWS, {"id": panel.bo}) == {
        "node": {
            "interviews": {"totalCount": 1, "edges": [{"node": {"date": "2024-05-17"}}]},
            "interviewsToConfirm": {"totalCount": 0, "edges": []},
        }
    }
    assert as_bo.data(CONFIRM, {"i": {"id": interview}})["confirmInterview"]["userErrors"] == []  # again: no-op
    assert participation(db)[0] == {"interviewer": "Bo Chen", "confirmed": True, "stored": True}


@pytest.mark.parametrize("caller", ["stranger", "candidate"])
def test_only_a_named_interviewer_confirms_their_part(
    api: Api, panel: Panel, snapshot: Callable[[], Snapshot], caller: str
) -> None:
    interview = record(api.as_person(panel.ana), panel, [panel.bo])
    before = snapshot()
    client = api.as_person(panel.dee if caller == "stranger" else panel.ana)
    refused = client.data(CONFIRM, {"i": {"id": interview}})
    # The same answer as for an id that names no interview: it does not tell a stranger the interview exists.
    unknown = client.data(CONFIRM, {"i": {"id": NO_SUCH_INTERVIEW}})
    expected = {
        "confirmInterview": {
            "interview": None,
            "userErrors": [{"field": ["input", "id"], "code": "NOT_FOUND",
                            "message": "id: no interview names you as an interviewer with this ID"}],
        }
    }  # fmt: skip
    assert refused == unknown == expected
    assert snapshot() == before


def test_anonymous_callers_cannot_confirm(api: Api, panel: Panel) -> None:
    interview = record(api.as_person(panel.ana), panel, [panel.bo])
    body = api.as_viewer(None).post(CONFIRM, {"i": {"id": interview}})
    assert [error["extensions"]["code"] for error in body["errors"]] == ["UNAUTHENTICATED"]


def test_an_admin_confirms_every_interviewer_of_an_interview(api: Api, db: Driver, panel: Panel) -> None:
    interview = record(api.as_person(panel.ana), panel, [panel.bo, panel.cy])
    assert api.data(CONFIRM, {"i": {"id": interview}})["confirmInterview"]["userErrors"] == []
    assert [row["confirmed"] for row in participation(db)] == [True, True]


def test_interviews_awaiting_someone_are_private_to_them(api: Api, panel: Panel) -> None:
    record(api.as_person(panel.ana), panel, [panel.bo])
    query = "query($id: ID!) { node(id: $id) { ... on Person { interviewsToConfirm { totalCount } } } }"
    for other in (panel.ana, panel.dee):  # the candidate knows whom she named; Bo's list is still his own
        assert api.as_person(other).data(query, {"id": panel.bo}) == {
            "node": {"interviewsToConfirm": {"totalCount": 0}}
        }
    assert api.data(query, {"id": panel.bo}) == {"node": {"interviewsToConfirm": {"totalCount": 1}}}  # admin
    body = api.as_viewer(None).post(query, {"id": panel.bo})
    assert [error["extensions"]["code"] for error in body["errors"]] == ["UNAUTHENTICATED"]


# --- declineInterview ----------------------------------------------------------------------------------------------

INTERVIEWERS = "query($id: ID!) { node(id: $id) { ... on Interview { stage notes interviewers { name } } } }"


def test_a_named_interviewer_declines_and_the_candidates_interview_stays_without_them(
    api: Api, db: Driver, panel: Panel
) -> None:
    as_ana, as_bo = api.as_person(panel.ana), api.as_person(panel.bo)
    interview = record(as_ana, panel, [panel.bo, panel.cy])
    assert as_bo.data(DECLINE, {"i": {"id": interview}}) == {
        "declineInterview": {"declinedInterviewId": interview, "userErrors": []}
    }
    assert participation(db) == [{"interviewer": "Cy Diaz", "confirmed": False, "stored": True}]
    assert as_bo.data(MY_INTERVIEWS, {"id": panel.bo}) == {
        "node": {"interviews": {"totalCount": 0, "edges": []}, "interviewsToConfirm": {"totalCount": 0, "edges": []}}
    }
    assert as_ana.data(INTERVIEWERS, {"id": interview}) == {
        "node": {"stage": "ONSITE", "notes": "for Ana only", "interviewers": [{"name": "Cy Diaz"}]}
    }
    # Declined once, Bo is no longer named: a second decline, or a confirmation, finds nothing.
    again = as_bo.data(DECLINE, {"i": {"id": interview}})["declineInterview"]
    assert [error["code"] for error in again["userErrors"]] == ["NOT_FOUND"]
    assert [e["code"] for e in as_bo.data(CONFIRM, {"i": {"id": interview}})["confirmInterview"]["userErrors"]] == [
        "NOT_FOUND"
    ]


@pytest.mark.parametrize("caller", ["stranger", "candidate", "admin"])
def test_only_a_named_interviewer_declines_their_part(
    api: Api, panel: Panel, snapshot: Callable[[], Snapshot], caller: str
) -> None:
    interview = record(api.as_person(panel.ana), panel, [panel.bo])
    before = snapshot()
    client = {"stranger": api.as_person(panel.dee), "candidate": api.as_person(panel.ana), "admin": api}[caller]
    refused = client.data(DECLINE, {"i": {"id": interview}})
    unknown = client.data(DECLINE, {"i": {"id": NO_SUCH_INTERVIEW}})
    expected = {
        "declineInterview": {
            "declinedInterviewId": None,
            "userErrors": [{"field": ["input", "id"], "code": "NOT_FOUND",
                            "message": "id: no interview names you as an interviewer with this ID"}],
        }
    }  # fmt: skip
    # The same answer as for an id that names no interview, and as confirmInterview gives.
    assert refused == unknown == expected
    assert snapshot() == before


def test_a_confirmed_part_is_not_declined(api: Api, db: Driver, panel: Panel, snapshot: Callable[[], Snapshot]) -> None:
    as_bo = api.as_person(panel.bo)
    interview = record(api.as_person(panel.ana), panel, [panel.bo])
    as_bo.data(CONFIRM, {"i": {"id": interview}})
    before = snapshot()
    assert as_bo.data(DECLINE, {"i": {"id": interview}}) == {
        "declineInterview": {
            "declinedInterviewId": None,
            "userErrors": [
                {
                    "field": ["input", "id"],
                    "code": "ALREADY_CONFIRMED",
                    "message": "id: your part in this interview is confirmed; "
                    "only a part awaiting your confirmation can be declined",
                }
            ],
        }
    }
    assert snapshot() == before
    assert participation(db) == [{"interviewer": "Bo Chen", "confirmed": True, "stored": True}]


def test_declining_needs_a_signed_in_caller_and_an_interview_id(api: Api, panel: Panel) -> None:
    interview = record(api.as_person(panel.ana), panel, [panel.bo])
    body = api.as_viewer(None).post(DECLINE, {"i": {"id": interview}})
    assert [error["extensions"]["code"] for error in body["errors"]] == ["UNAUTHENTICATED"]
    wrong = api.as_person(panel.bo).data(DECLINE, {"i": {"id": panel.ana}})["declineInterview"]
    assert wrong["userErrors"] == [
        {"field": ["input", "id"], "code": "INVALID_ID", "message": "id: is not the ID of an Interview"}
    ]
