"""The fields of Person, Company, Role, Interview and Position, read back from the real graph."""

from __future__ import annotations

import pytest

from tests.conftest import Api
from tests.gql.conftest import Build

PERSON = "query($id: ID!) { node(id: $id) { ... on Person { %s } } }"
COMPANY = "query($id: ID!) { node(id: $id) { ... on Company { %s } } }"
ROLE = "query($id: ID!) { node(id: $id) { ... on Role { %s } } }"


@pytest.fixture
def career(build: Build) -> dict[str, str]:
    """Ana: Initech 2012-2015, Acme engineer 2016-2019 then lead since 2020, Globex advisor (start unknown)."""
    acme, globex, initech = build.company("Acme"), build.company("Globex"), build.company("Initech")
    ana = build.person("Ana Lima", headline="Lead engineer", location="Lisbon", email="ana@example.com")
    build.position(ana, initech, title="Intern", startedOn="2012-01-01", endedOn="2015-06-30")
    build.position(ana, acme, title="Engineer", startedOn="2016-01-01", endedOn="2019-12-31")
    build.position(ana, acme, title="Lead", startedOn="2020-01-01")
    build.position(ana, globex, title="Advisor")
    return {"ana": ana, "acme": acme, "globex": globex, "initech": initech}


def test_person_scalar_fields(api: Api, build: Build) -> None:
    ana = build.person(
        "Ana Lima", headline="Engineer", location="Lisbon", linkedinUrl="linkedin.com/in/ana-lima", openToWork=True
    )
    data = api.data(PERSON % "id name headline location linkedinUrl openToWork", {"id": ana})
    assert data == {
        "node": {
            "id": ana,
            "name": "Ana Lima",
            "headline": "Engineer",
            "location": "Lisbon",
            "linkedinUrl": "https://www.linkedin.com/in/ana-lima",
            "openToWork": True,
        }
    }


def test_person_email_is_hidden_from_other_people(api: Api, build: Build, career: dict[str, str]) -> None:
    other = api.as_person(build.person("Other"))
    assert other.data(PERSON % "email", {"id": career["ana"]}) == {"node": {"email": None}}


def test_person_current_positions_newest_start_first_unknown_last(api: Api, career: dict[str, str]) -> None:
    fields = "currentPositions { title startedOn endedOn company { name } }"
    assert api.data(PERSON % fields, {"id": career["ana"]}) == {
        "node": {
            "currentPositions": [
                {"title": "Lead", "startedOn": "2020-01-01", "endedOn": None, "company": {"name": "Acme"}},
                {"title": "Advisor", "startedOn": None, "endedOn": None, "company": {"name": "Globex"}},
            ]
        }
    }


def test_person_positions_current_first_then_newest(api: Api, career: dict[str, str]) -> None:
    fields = "positions { totalCount edges { node { title startedOn endedOn company { name } } } }"
    assert api.data(PERSON % fields, {"id": career["ana"]}) == {
        "node": {
            "positions": {
                "totalCount": 4,
                "edges": [
                    {
                        "node": {
                            "title": "Lead",
                            "startedOn": "2020-01-01",
                            "endedOn": None,
                            "company": {"name": "Acme"},
                        }
                    },
                    {"node": {"title": "Advisor", "startedOn": None, "endedOn": None, "company": {"name": "Globex"}}},
                    {
                        "node": {
                            "title": "Engineer",
                            "startedOn": "2016-01-01",
                            "endedOn": "2019-12-31",
                            "company": {"name": "Acme"},
                        }
                    },
                    {
                        "node": {
                            "title": "Intern",
                            "startedOn": "2012-01-01",
                            "endedOn": "2015-06-30",
                            "company": {"name": "Initech"},
                        }
                    },
                ],
            }
        }
    }


def test_person_without_positions(api: Api, build: Build) -> None:
    bob = build.person("Bob Stone")
    fields = "currentPositions { title } positions { totalCount edges { cursor } }"
    assert api.data(PERSON % fields, {"id": bob}) == {
        "node": {"currentPositions": [], "positions": {"totalCount": 0, "edges": []}}
    }


def test_person_connections_count_knows_in_either_direction(api: Api, build: Build) -> None:
    ana, bob, cleo, dan = (build.person(name) for name in ("Ana", "Bob", "Cleo", "Dan"))
    build.connect(ana, cleo)
    build.connect(bob, ana)
    build.connect(bob, dan)
    fields = "connections { totalCount edges { node { name } } }"
    assert api.data(PERSON % fields, {"id": ana}) == {
        "node": {"connections": {"totalCount": 2, "edges": [{"node": {"name": "Bob"}}, {"node": {"name": "Cleo"}}]}}
    }


def test_person_interviews_are_private_to_the_person(api: Api, build: Build) -> None:
    ana = build.person("Ana")
    build.interview(ana, build.company("Acme"), "2024-05-17")
    fields = "interviews { totalCount edges { cursor } }"
    other = api.as_person(build.person("Other"))
    assert other.data(PERSON % fields, {"id": ana}) == {"node": {"interviews": {"totalCount": 0, "edges": []}}}


def test_company_scalar_fields(api: Api, build: Build) -> None:
    acme = build.company("Acme", domain="acme.com", industry="Software")
    assert api.data(COMPANY % "id name domain industry", {"id": acme}) == {
        "node": {"id": acme, "name": "Acme", "domain": "acme.com", "industry": "Software"}
    }


@pytest.fixture
def acme_staff(build: Build) -> str:
    """Acme: Ana works there now (promoted in place), Bob left, Cleo has a current job of unknown start."""
    acme = build.company("Acme")
    ana, bob, cleo = build.person("Ana"), build.person("Bob"), build.person("Cleo")
    build.position(ana, acme, title="Engineer", startedOn="2016-01-01", endedOn="2019-12-31")
    build.position(ana, acme, title="Lead", startedOn="2020-01-01")
    build.position(bob, acme, title="Engineer", startedOn="2015-01-01", endedOn="2018-01-01")
    build.position(cleo, acme, title="Designer")
    build.position(build.person("Dan"), build.company("Globex"), title="Engineer")
    return acme


def test_company_employees_are_current_by_default(api: Api, acme_staff: str) -> None:
    fields = "employees { totalCount edges { node { name } } }"
    assert api.data(COMPANY % fields, {"id": acme_staff}) == {
        "node": {"employees": {"totalCount": 2, "edges": [{"node": {"name": "Ana"}}, {"node": {"name": "Cleo"}}]}}
    }


def test_company_past_employees_exclude_people_still_there(api: Api, acme_staff: str) -> None:
    fields = "employees(current: false) { totalCount edges { node { name } } }"
    assert api.data(COMPANY % fields, {"id": acme_staff}) == {
        "node": {"employees": {"totalCount": 1, "edges": [{"node": {"name": "Bob"}}]}}
    }


def test_company_all_employees_once_each(api: Api, acme_staff: str) -> None:
    fields = "employees(current: null) { totalCount edges { node { name } } }"
    assert api.data(COMPANY % fields, {"id": acme_staff}) == {
        "node": {
            "employees": {
                "totalCount": 3,
                "edges": [{"node": {"name": "Ana"}}, {"node": {"name": "Bob"}}, {"node": {"name": "Cleo"}}],
            }
        }
    }


def test_company_open_roles_newest_first_without_closed_ones(api: Api, build: Build) -> None:
    acme = build.company("Acme")
    build.role(acme, "Older", postedOn="2024-01-01")
    build.role(acme, "Newer", postedOn="2024-06-01")
    closed = build.role(acme, "Closed", postedOn="2024-07-01")
    build.role(build.company("Globex"), "Elsewhere")
    api.data("mutation($id: ID!) { setRoleStatus(input: {id: $id, status: CLOSED}) { role { id } } }", {"id": closed})
    fields = "openRoles { totalCount edges { node { title } } }"
    assert api.data(COMPANY % fields, {"id": acme}) == {
        "node": {"openRoles": {"totalCount": 2, "edges": [{"node": {"title": "Newer"}}, {"node": {"title": "Older"}}]}}
    }


def test_role_fields(api: Api, build: Build) -> None:
    acme = build.company("Acme")
    manager, zoe, yan = build.person("Maria"), build.person("Zoe"), build.person("Yan")
    role = build.role(
        acme,
        "Data engineer",
        location="Lisbon",
        remote=True,
        postedOn="2024-05-01",
        hiringManagerId=manager,
        recruiterIds=[zoe, yan],
        skills=["SQL", "Python", "python"],
    )
    fields = (
        "id title status location remote postedOn company { id name } hiringManager { name } recruiters { name } skills"
    )
    assert api.data(ROLE % fields, {"id": role}) == {
        "node": {
            "id": role,
            "title": "Data engineer",
            "status": "OPEN",
            "location": "Lisbon",
            "remote": True,
            "postedOn": "2024-05-01",
            "company": {"id": acme, "name": "Acme"},
            "hiringManager": {"name": "Maria"},
            "recruiters": [{"name": "Yan"}, {"name": "Zoe"}],
            "skills": ["Python", "SQL"],
        }
    }


def test_role_without_links(api: Api, build: Build) -> None:
    role = build.role(build.company("Acme"), "Engineer")
    fields = "location remote hiringManager { name } recruiters { name } skills"
    assert api.data(ROLE % fields, {"id": role}) == {
        "node": {"location": None, "remote": None, "hiringManager": None, "recruiters": [], "skills": []}
    }


INTERVIEW = """mutation($input: RecordInterviewInput!) {
  recordInterview(input: $input) {
    interview {
      date stage outcome practice notes
      company { name } role { title } candidate { name } interviewers { name }
    }
    userErrors { field code }
  }
}"""


def test_interview_fields(api: Api, build: Build) -> None:
    acme = build.company("Acme")
    role = build.role(acme, "Data engineer")
    ana, zoe, yan = build.person("Ana"), build.person("Zoe"), build.person("Yan")
    values = {
        "candidateId": ana,
        "companyId": acme,
        "roleId": role,
        "interviewerIds": [zoe, yan],
        "date": "2024-05-17",
        "stage": "ONSITE",
        "outcome": "PASSED",
        "practice": True,
        "notes": "Ask about the data platform",
    }
    assert api.data(INTERVIEW, {"input": values}) == {
        "recordInterview": {
            "interview": {
                "date": "2024-05-17",
                "stage": "ONSITE",
                "outcome": "PASSED",
                "practice": True,
                "notes": "Ask about the data platform",  # private to the candidate; this caller is an admin
                "company": {"name": "Acme"},
                "role": {"title": "Data engineer"},
                "candidate": {"name": "Ana"},
                "interviewers": [{"name": "Yan"}, {"name": "Zoe"}],
            },
            "userErrors": [],
        }
    }


def test_interview_optional_fields_default(api: Api, build: Build) -> None:
    values = {"candidateId": build.person("Ana"), "companyId": build.company("Acme"), "interviewerIds": []}
    assert api.data(INTERVIEW, {"input": {**values, "date": "2024-05-17"}}) == {
        "recordInterview": {
            "interview": {
                "date": "2024-05-17",
                "stage": None,
                "outcome": None,
                "practice": False,
                "notes": None,
                "company": {"name": "Acme"},
                "role": None,
                "candidate": {"name": "Ana"},
                "interviewers": [],
            },
            "userErrors": [],
        }
    }
