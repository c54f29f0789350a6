"""Mutations: what each one writes, and the userErrors (field path + code) that leave the graph untouched."""

from __future__ import annotations

import base64
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from threading import Barrier
from typing import Any

import pytest
from neo4j import Driver

from tests.conftest import Api
from tests.gql.conftest import Build, Snapshot

PAYLOADS = {
    "createPerson": ("CreatePersonInput", "person"),
    "updatePerson": ("UpdatePersonInput", "person"),
    "createCompany": ("CreateCompanyInput", "company"),
    "createRole": ("CreateRoleInput", "role"),
    "setRoleStatus": ("SetRoleStatusInput", "role"),
    "addPosition": ("AddPositionInput", "person"),
    "connect": ("ConnectInput", "person"),
    "recordInterview": ("RecordInterviewInput", "interview"),
    "confirmInterview": ("ConfirmInterviewInput", "interview"),
}


def mutate(api: Api, mutation: str, values: dict[str, Any], selection: str = "id") -> dict[str, Any]:
    """The payload of `mutation` called with `values` as its input, userErrors as {field, code}."""
    input_type, payload = PAYLOADS[mutation]
    query = (
        f"mutation($input: {input_type}!) {{ {mutation}(input: $input) "
        f"{{ {payload} {{ {selection} }} userErrors {{ field code }} }} }}"
    )
    result: dict[str, Any] = api.data(query, {"input": values})[mutation]
    return result


def missing(type_name: str) -> str:
    """A well-formed global ID that names no node."""
    return base64.urlsafe_b64encode(f"{type_name}:no-such-{type_name.lower()}".encode()).decode().rstrip("=")


def rows(db: Driver, cypher: str, **params: Any) -> list[dict[str, Any]]:
    records, _, _ = db.execute_query(cypher, params)
    return [record.data() for record in records]


# --- happy paths -------------------------------------------------------------------------------------------------


def test_create_person_stores_normalised_fields(api: Api, db: Driver) -> None:
    values = {
        "name": "  Ana Lima ",
        "headline": "Data engineer",
        "location": "Lisbon",
        "email": " Ana.Lima@Example.COM ",
        "linkedinUrl": "http://LinkedIn.com/in/Ana-Lima/",
        "openToWork": True,
    }
    result = mutate(api, "createPerson", values, "name headline location linkedinUrl openToWork")
    assert result == {
        "person": {
            "name": "Ana Lima",
            "headline": "Data engineer",
            "location": "Lisbon",
            "linkedinUrl": "https://www.linkedin.com/in/ana-lima",
            "openToWork": True,
        },
        "userErrors": [],
    }
    stored = rows(db, "MATCH (p:Person) RETURN p.name AS name, p.email AS email, p.linkedinUrl AS url")
    assert stored == [
        {"name": "Ana Lima", "email": "ana.lima@example.com", "url": "https://www.linkedin.com/in/ana-lima"}
    ]


def test_create_person_defaults(api: Api) -> None:
    result = mutate(api, "createPerson", {"name": "Bob"}, "name headline location linkedinUrl openToWork")
    assert result == {
        "person": {"name": "Bob", "headline": None, "location": None, "linkedinUrl": None, "openToWork": False},
        "userErrors": [],
    }


def test_create_person_stores_cypher_looking_text_literally(api: Api, db: Driver, build: Build) -> None:
    build.person("Bystander", headline="Still here")
    text = "x'}) DETACH DELETE n //"
    sneaky = '"}) MATCH (m) DETACH DELETE m RETURN 1 AS x; //'
    created = mutate(api, "createPerson", {"name": text, "headline": sneaky}, "id name headline")
    assert created["person"] == {"id": created["person"]["id"], "name": text, "headline": sneaky}
    people = api.data("{ people { totalCount edges { node { name headline } } } }")
    assert people == {
        "people": {
            "totalCount": 2,
            "edges": [
                {"node": {"name": "Bystander", "headline": "Still here"}},
                {"node": {"name": text, "headline": sneaky}},
            ],
        }
    }
    assert rows(db, "MATCH (p:Person {name: $name}) RETURN p.headline AS headline", name=text) == [{"headline": sneaky}]


def test_update_person_changes_only_the_given_fields(api: Api, build: Build) -> None:
    ana = build.person("Ana", headline="Engineer", location="Lisbon", linkedinUrl="linkedin.com/in/ana")
    result = mutate(
        api, "updatePerson", {"id": ana, "openToWork": True}, "name headline location linkedinUrl openToWork"
    )
    assert result == {
        "person": {
            "name": "Ana",
            "headline": "Engineer",
            "location": "Lisbon",
            "linkedinUrl": "https://www.linkedin.com/in/ana",
            "openToWork": True,
        },
        "userErrors": [],
    }


def test_update_person_explicit_null_clears_optional_fields(api: Api, db: Driver, build: Build) -> None:
    ana = build.person("Ana", headline="Engineer", location="Lisbon", email="ana@example.com")
    values = {"id": ana, "headline": None, "email": None, "name": "Ana Lima"}
    result = mutate(api, "updatePerson", values, "name headline location")
    assert result == {"person": {"name": "Ana Lima", "headline": None, "location": "Lisbon"}, "userErrors": []}
    assert rows(db, "MATCH (p:Person) RETURN p.email AS email, p.headline AS headline") == [
        {"email": None, "headline": None}
    ]


def test_update_person_may_keep_its_own_email(api: Api, build: Build) -> None:
    ana = build.person("Ana", email="ana@example.com")
    result = mutate(api, "updatePerson", {"id": ana, "email": "ANA@example.com", "name": "Ana L"}, "name")
    assert result == {"person": {"name": "Ana L"}, "userErrors": []}


def test_create_company_stores_normalised_keys(api: Api, db: Driver) -> None:
    values = {"name": " ACME, Inc. ", "domain": "WWW.Acme.COM", "industry": "Software"}
    result = mutate(api, "createCompany", values, "name domain industry")
    assert result == {
        "company": {"name": "ACME, Inc.", "domain": "acme.com", "industry": "Software"},
        "userErrors": [],
    }
    assert rows(db, "MATCH (c:Company) RETURN c.nameKey AS nameKey, c.domain AS domain") == [
        {"nameKey": "acme", "domain": "acme.com"}
    ]


def test_create_role_links_manager_recruiters_and_skills(api: Api, db: Driver, build: Build) -> None:
    acme = build.company("Acme")
    maria, zoe = build.person("Maria"), build.person("Zoe")
    values = {
        "companyId": acme,
        "title": " Data engineer ",
        "hiringManagerId": maria,
        "recruiterIds": [zoe, zoe],
        "skills": ["Python", " SQL ", "python"],
        "postedOn": "2024-05-01",
        "remote": False,
    }
    selection = "title status postedOn remote company { name } hiringManager { name } recruiters { name } skills"
    assert mutate(api, "createRole", values, selection) == {
        "role": {
            "title": "Data engineer",
            "status": "OPEN",
            "postedOn": "2024-05-01",
            "remote": False,
            "company": {"name": "Acme"},
            "hiringManager": {"name": "Maria"},
            "recruiters": [{"name": "Zoe"}],
            "skills": ["Python", "SQL"],
        },
        "userErrors": [],
    }
    edges = "MATCH (p:Person)-[e:HIRES_FOR|RECRUITS_FOR]->(:Role) RETURN p.name AS name, type(e) AS kind ORDER BY kind"
    assert rows(db, edges) == [{"name": "Maria", "kind": "HIRES_FOR"}, {"name": "Zoe", "kind": "RECRUITS_FOR"}]


def test_create_role_is_posted_today_by_default(api: Api, db: Driver, build: Build) -> None:
    result = mutate(api, "createRole", {"companyId": build.company("Acme"), "title": "Engineer"}, "postedOn")
    today = rows(db, "RETURN toString(date()) AS today")[0]["today"]
    assert result == {"role": {"postedOn": today}, "userErrors": []}


def test_set_role_status(api: Api, build: Build) -> None:
    role = build.role(build.company("Acme"), "Engineer")
    assert mutate(api, "setRoleStatus", {"id": role, "status": "FILLED"}, "id status") == {
        "role": {"id": role, "status": "FILLED"},
        "userErrors": [],
    }


def test_add_position_returns_the_person_with_it(api: Api, build: Build) -> None:
    ana, acme = build.person("Ana"), build.company("Acme")
    values = {"personId": ana, "companyId": acme, "title": "Engineer", "startedOn": "2020-01-01"}
    selection = "name currentPositions { title startedOn endedOn company { name } }"
    assert mutate(api, "addPosition", values, selection) == {
        "person": {
            "name": "Ana",
            "currentPositions": [
                {"title": "Engineer", "startedOn": "2020-01-01", "endedOn": None, "company": {"name": "Acme"}}
            ],
        },
        "userErrors": [],
    }


def test_add_position_again_updates_instead_of_duplicating(api: Api, db: Driver, build: Build) -> None:
    ana, acme = build.person("Ana"), build.company("Acme")
    values = {"personId": ana, "companyId": acme, "title": "Engineer", "startedOn": "2020-01-01"}
    mutate(api, "addPosition", values)
    result = mutate(api, "addPosition", {**values, "title": "ENGINEER ", "endedOn": "2022-06-30"}, "name")
    assert result == {"person": {"name": "Ana"}, "userErrors": []}
    stored = "MATCH (:Person)-[w:WORKS_AT]->(:Company) RETURN w.title AS title, toString(w.endedOn) AS endedOn"
    assert rows(db, stored) == [{"title": "ENGINEER", "endedOn": "2022-06-30"}]


def test_connect_links_two_people_once_whichever_direction(api: Api, db: Driver, build: Build) -> None:
    ana, bob = build.person("Ana"), build.person("Bob")
    first = mutate(api, "connect", {"personId": ana, "otherId": bob, "on": "2023-01-01"}, "name")
    again = mutate(api, "connect", {"personId": ana, "otherId": bob}, "name")
    reverse = mutate(api, "connect", {"personId": bob, "otherId": ana}, "name connections { totalCount }")
    assert (first, again, reverse) == (
        {"person": {"name": "Ana"}, "userErrors": []},
        {"person": {"name": "Ana"}, "userErrors": []},
        {"person": {"name": "Bob", "connections": {"totalCount": 1}}, "userErrors": []},
    )
    knows = "MATCH (a)-[k:KNOWS]->(b) RETURN a.name AS a, b.name AS b, toString(k.since) AS since, k.source AS source"
    assert rows(db, knows) == [{"a": "Ana", "b": "Bob", "since": "2023-01-01", "source": "api"}]


def test_record_interview_writes_the_panel(api: Api, db: Driver, build: Build) -> None:
    acme = build.company("Acme")
    role = build.role(acme, "Engineer")
    ana, zoe = build.person("Ana"), build.person("Zoe")
    values = {
        "candidateId": ana,
        "companyId": acme,
        "roleId": role,
        "interviewerIds": [zoe, zoe],
        "date": "2024-05-17",
        "stage": "PHONE",
        "notes": "  remember the take-home  ",
    }
    result = mutate(api, "recordInterview", values, "date stage candidate { name } interviewers { name }")
    assert result == {
        "interview": {
            "date": "2024-05-17",
            "stage": "PHONE",
            "candidate": {"name": "Ana"},
            "interviewers": [{"name": "Zoe"}],
        },
        "userErrors": [],
    }
    links = """
    MATCH (i:Interview)
    RETURN i.notes AS notes, i.practice AS practice,
           [(p)-[e:CANDIDATE_IN|INTERVIEWER_IN]->(i)
             | type(e) + ':' + p.name + ':' + coalesce(toString(e.confirmed), '-')] AS people,
           [(i)-[e:FOR|WITH]->(n) | type(e) + ':' + coalesce(n.name, n.title)] AS about
    """
    assert [{**row, "people": sorted(row["people"]), "about": sorted(row["about"])} for row in rows(db, links)] == [
        {
            "notes": "remember the take-home",
            "practice": False,
            "people": ["CANDIDATE_IN:Ana:-", "INTERVIEWER_IN:Zoe:-"],  # an admin's panel needs no confirming
            "about": ["FOR:Engineer", "WITH:Acme"],
        }
    ]


# --- userErrors: the field path and code, and nothing written ----------------------------------------------------


@dataclass(frozen=True)
class World:
    """Ana (with email and profile) and Bob; ACME, Inc. (acme.com) and Globex; a role at Globex."""

    ana: str
    bob: str
    acme: str
    globex: str
    globex_role: str


@pytest.fixture
def world(build: Build) -> World:
    acme = build.company("ACME, Inc.", domain="acme.com")
    globex = build.company("Globex")
    return World(
        ana=build.person("Ana", email="ana@example.com", linkedinUrl="linkedin.com/in/ana"),
        bob=build.person("Bob"),
        acme=acme,
        globex=globex,
        globex_role=build.role(globex, "Engineer"),
    )


Case = tuple[str, Callable[[World], dict[str, Any]], list[dict[str, Any]]]


def error(path: str, code: str) -> dict[str, Any]:
    return {"field": ["input", *path.split(".")], "code": code}


CASES: dict[str, Case] = {
    # createPerson
    "person-blank-name": ("createPerson", lambda _: {"name": "   "}, [error("name", "BLANK")]),
    "person-long-name": ("createPerson", lambda _: {"name": "x" * 201}, [error("name", "TOO_LONG")]),
    "person-long-headline": (
        "createPerson",
        lambda _: {"name": "Cleo", "headline": "x" * 501},
        [error("headline", "TOO_LONG")],
    ),
    "person-bad-email": (
        "createPerson",
        lambda _: {"name": "Cleo", "email": "cleo"},
        [error("email", "INVALID_EMAIL")],
    ),
    "person-bad-profile": (
        "createPerson",
        lambda _: {"name": "Cleo", "linkedinUrl": "https://example.com/in/cleo"},
        [error("linkedinUrl", "INVALID_URL")],
    ),
    "person-profile-url-python-cannot-split": (
        "createPerson",
        lambda _: {"name": "Cleo", "linkedinUrl": "https://[linkedin.com/in/cleo"},
        [error("linkedinUrl", "INVALID_URL")],
    ),
    "person-taken-email": (
        "createPerson",
        lambda _: {"name": "Cleo", "email": "ANA@example.com"},
        [error("email", "TAKEN")],
    ),
    "person-taken-profile": (
        "createPerson",
        lambda _: {"name": "Cleo", "linkedinUrl": "https://www.linkedin.com/in/ANA/"},
        [error("linkedinUrl", "TAKEN")],
    ),
    # updatePerson
    "update-unknown": ("updatePerson", lambda _: {"id": missing("Person"), "name": "X"}, [error("id", "NOT_FOUND")]),
    "update-wrong-type": ("updatePerson", lambda w: {"id": w.acme, "name": "X"}, [error("id", "INVALID_ID")]),
    "update-garbage-id": ("updatePerson", lambda _: {"id": "nope", "name": "X"}, [error("id", "INVALID_ID")]),
    "update-null-name": ("updatePerson", lambda w: {"id": w.bob, "name": None}, [error("name", "BLANK")]),
    "update-null-open-to-work": (
        "updatePerson",
        lambda w: {"id": w.bob, "openToWork": None},
        [error("openToWork", "REQUIRED")],
    ),
    "update-taken-email": (
        "updatePerson",
        lambda w: {"id": w.bob, "name": "Robert", "email": "ana@example.com"},
        [error("email", "TAKEN")],
    ),
    "update-taken-profile": (
        "updatePerson",
        lambda w: {"id": w.bob, "linkedinUrl": "linkedin.com/in/ana"},
        [error("linkedinUrl", "TAKEN")],
    ),
    # createCompany
    "company-blank-name": ("createCompany", lambda _: {"name": ""}, [error("name", "BLANK")]),
    "company-same-normalised-name": ("createCompany", lambda _: {"name": "acme"}, [error("name", "TAKEN")]),
    "company-same-name-other-suffix": ("createCompany", lambda _: {"name": "Acme LLC"}, [error("name", "TAKEN")]),
    "company-same-domain": (
        "createCompany",
        lambda _: {"name": "Acme Europe", "domain": "www.ACME.com"},
        [error("domain", "TAKEN")],
    ),
    "company-bad-domain": (
        "createCompany",
        lambda _: {"name": "Initech", "domain": "not a domain"},
        [error("domain", "INVALID_DOMAIN")],
    ),
    "company-long-industry": (
        "createCompany",
        lambda _: {"name": "Initech", "industry": "x" * 501},
        [error("industry", "TOO_LONG")],
    ),
    # createRole
    "role-unknown-company": (
        "createRole",
        lambda _: {"companyId": missing("Company"), "title": "Engineer"},
        [error("companyId", "NOT_FOUND")],
    ),
    "role-company-wrong-type": (
        "createRole",
        lambda w: {"companyId": w.ana, "title": "Engineer"},
        [error("companyId", "INVALID_ID")],
    ),
    "role-blank-title": ("createRole", lambda w: {"companyId": w.acme, "title": " "}, [error("title", "BLANK")]),
    "role-unknown-manager": (
        "createRole",
        lambda w: {"companyId": w.acme, "title": "Engineer", "hiringManagerId": missing("Person")},
        [error("hiringManagerId", "NOT_FOUND")],
    ),
    "role-recruiter-wrong-type": (
        "createRole",
        lambda w: {"companyId": w.acme, "title": "Engineer", "recruiterIds": [w.bob, w.globex]},
        [error("recruiterIds.1", "INVALID_ID")],
    ),
    "role-blank-skill": (
        "createRole",
        lambda w: {"companyId": w.acme, "title": "Engineer", "skills": ["SQL", ""]},
        [error("skills.1", "BLANK")],
    ),
    # setRoleStatus
    "status-unknown-role": (
        "setRoleStatus",
        lambda _: {"id": missing("Role"), "status": "CLOSED"},
        [error("id", "NOT_FOUND")],
    ),
    "status-wrong-type": ("setRoleStatus", lambda w: {"id": w.acme, "status": "CLOSED"}, [error("id", "INVALID_ID")]),
    # addPosition
    "position-ends-before-start": (
        "addPosition",
        lambda w: {"personId": w.bob, "companyId": w.acme, "startedOn": "2020-01-01", "endedOn": "2019-12-31"},
        [error("endedOn", "INVALID_DATE_RANGE")],
    ),
    "position-unknown-person": (
        "addPosition",
        lambda w: {"personId": missing("Person"), "companyId": w.acme},
        [error("personId", "NOT_FOUND")],
    ),
    "position-company-wrong-type": (
        "addPosition",
        lambda w: {"personId": w.bob, "companyId": w.globex_role},
        [error("companyId", "INVALID_ID")],
    ),
    "position-long-title": (
        "addPosition",
        lambda w: {"personId": w.bob, "companyId": w.acme, "title": "x" * 501},
        [error("title", "TOO_LONG")],
    ),
    # connect
    "connect-self": ("connect", lambda w: {"personId": w.ana, "otherId": w.ana}, [error("otherId", "SELF_LINK")]),
    "connect-unknown": (
        "connect",
        lambda w: {"personId": w.ana, "otherId": missing("Person")},
        [error("otherId", "NOT_FOUND")],
    ),
    "connect-wrong-type": (
        "connect",
        lambda w: {"personId": w.acme, "otherId": w.bob},
        [error("personId", "INVALID_ID")],
    ),
    # recordInterview
    "interview-candidate-interviews": (
        "recordInterview",
        lambda w: {"candidateId": w.ana, "companyId": w.acme, "interviewerIds": [w.bob, w.ana], "date": "2024-05-17"},
        [error("interviewerIds", "SELF_LINK")],
    ),
    "interview-role-elsewhere": (
        "recordInterview",
        lambda w: {
            "candidateId": w.ana,
            "companyId": w.acme,
            "roleId": w.globex_role,
            "interviewerIds": [],
            "date": "2024-05-17",
        },
        [error("roleId", "MISMATCH")],
    ),
    "interview-unknown-interviewer": (
        "recordInterview",
        lambda w: {
            "candidateId": w.ana,
            "companyId": w.acme,
            "interviewerIds": [missing("Person")],
            "date": "2024-05-17",
        },
        [error("interviewerIds.0", "NOT_FOUND")],
    ),
    "interview-unknown-company": (
        "recordInterview",
        lambda w: {"candidateId": w.ana, "companyId": missing("Company"), "interviewerIds": [], "date": "2024-05-17"},
        [error("companyId", "NOT_FOUND")],
    ),
    "interview-long-notes": (
        "recordInterview",
        lambda w: {
            "candidateId": w.ana,
            "companyId": w.acme,
            "interviewerIds": [],
            "date": "2024-05-17",
            "notes": "x" * 10_001,
        },
        [error("notes", "TOO_LONG")],
    ),
    # confirmInterview
    "confirm-unknown": ("confirmInterview", lambda _: {"id": missing("Interview")}, [error("id", "NOT_FOUND")]),
    "confirm-wrong-type": ("confirmInterview", lambda w: {"id": w.ana}, [error("id", "INVALID_ID")]),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_user_error_names_the_field_and_writes_nothing(
    api: Api, world: World, snapshot: Callable[[], Snapshot], case: Case
) -> None:
    mutation, values, expected = case
    before = snapshot()
    result = mutate(api, mutation, values(world))
    assert result == {PAYLOADS[mutation][1]: None, "userErrors": expected}
    assert snapshot() == before


def test_every_problem_of_one_input_is_reported_at_once(api: Api, world: World) -> None:
    values = {"personId": world.acme, "companyId": missing("Company"), "title": "x" * 501, "startedOn": "2021-01-01"}
    result = mutate(api, "addPosition", {**values, "endedOn": "2020-01-01"})
    assert result == {
        "person": None,
        "userErrors": [
            error("personId", "INVALID_ID"),
            error("companyId", "NOT_FOUND"),
            error("title", "TOO_LONG"),
            error("endedOn", "INVALID_DATE_RANGE"),
        ],
    }


def test_user_error_messages_say_what_to_fix(api: Api, world: World) -> None:
    query = """mutation($input: AddPositionInput!) {
      addPosition(input: $input) { userErrors { message } }
    }"""
    values = {"personId": world.bob, "companyId": world.acme, "startedOn": "2020-01-01", "endedOn": "2019-12-31"}
    assert api.data(query, {"input": values}) == {
        "addPosition": {"userErrors": [{"message": "endedOn: ends (2019-12-31) before it starts (2020-01-01)"}]}
    }


# --- races: the uniqueness check and the write are two steps; concurrent requests can both pass the check ---------

RACERS = 8


def race(api: Api, mutation: str, inputs: list[dict[str, Any]]) -> list[str]:
    """Send the same mutation concurrently; what each request got: 'created', a userError code, or an error."""
    input_type, payload = PAYLOADS[mutation]
    query = (
        f"mutation($input: {input_type}!) {{ {mutation}(input: $input) "
        f"{{ {payload} {{ id }} userErrors {{ field code }} }} }}"
    )
    start = Barrier(len(inputs))

    def send(values: dict[str, Any]) -> dict[str, Any]:
        start.wait()  # all at once, so that every check runs before any write
        return api.post(query, {"input": values})

    with ThreadPoolExecutor(len(inputs)) as pool:
        bodies = list(pool.map(send, inputs))
    outcomes = []
    for body in bodies:
        if body.get("errors"):
            outcomes.append(body["errors"][0]["message"])
        elif body["data"][mutation][payload] is not None:
            outcomes.append("created")
        else:
            outcomes.extend(f"{error['field']} {error['code']}" for error in body["data"][mutation]["userErrors"])
    return sorted(outcomes)


@pytest.mark.parametrize("round_", range(3))  # each round is a fresh chance for the requests to interleave
def test_concurrent_creates_of_one_company_make_one_and_answer_taken(api: Api, db: Driver, round_: int) -> None:
    names = [f"Acme {round_}", f"ACME {round_}, Inc."] * (RACERS // 2)
    outcomes = race(api, "createCompany", [{"name": name} for name in names])
    assert outcomes == ["['input', 'name'] TAKEN"] * (RACERS - 1) + ["created"]
    assert rows(db, "MATCH (c:Company) RETURN c.nameKey AS key") == [{"key": f"acme {round_}"}]


@pytest.mark.parametrize("round_", range(3))
def test_concurrent_creates_with_one_email_make_one_and_answer_taken(api: Api, db: Driver, round_: int) -> None:
    email = f"ana{round_}@example.com"
    outcomes = race(api, "createPerson", [{"name": f"Ana {n}", "email": email} for n in range(RACERS)])
    assert outcomes == ["['input', 'email'] TAKEN"] * (RACERS - 1) + ["created"]
    assert rows(db, "MATCH (p:Person) RETURN p.email AS email") == [{"email": email}]


@pytest.mark.parametrize("round_", range(3))
def test_concurrent_connects_either_way_make_one_link(api: Api, db: Driver, build: Build, round_: int) -> None:
    ana, bob = build.person(f"Ana {round_}"), build.person(f"Bob {round_}")
    pairs = [{"personId": ana, "otherId": bob}, {"personId": bob, "otherId": ana}] * (RACERS // 2)
    assert race(api, "connect", pairs) == ["created"] * RACERS
    assert rows(db, "MATCH (:Person)-[k:KNOWS]->(:Person) RETURN count(k) AS links") == [{"links": 1}]


@pytest.mark.parametrize("round_", range(3))
def test_concurrent_adds_of_one_position_make_one(api: Api, db: Driver, build: Build, round_: int) -> None:
    ana, acme = build.person(f"Ana {round_}"), build.company(f"Acme {round_}")
    position = {"personId": ana, "companyId": acme, "title": "Engineer", "startedOn": "2020-01-01"}
    assert race(api, "addPosition", [position] * RACERS) == ["created"] * RACERS
    assert rows(db, "MATCH (:Person)-[w:WORKS_AT]->(:Company) RETURN count(w) AS positions") == [{"positions": 1}]


# --- cost: a mutation's checks do not make one query per listed ID ----------------------------------------------


def cost(api: Api, mutation: str, values: dict[str, Any]) -> int:
    """Neo4j round trips for one successful `mutation`."""
    before = api.round_trips
    assert mutate(api, mutation, values)["userErrors"] == []
    return api.round_trips - before


def test_create_role_checks_every_recruiter_in_one_query(api: Api, build: Build) -> None:
    acme = build.company("Acme")
    people = [build.person(f"Recruiter {index:02d}") for index in range(20)]
    one = cost(api, "createRole", {"companyId": acme, "title": "Engineer", "recruiterIds": people[:1]})
    twenty = cost(api, "createRole", {"companyId": acme, "title": "Engineer", "recruiterIds": people})
    assert twenty == one


def test_record_interview_checks_every_interviewer_in_one_query(api: Api, build: Build) -> None:
    acme, ana = build.company("Acme"), build.person("Ana")
    people = [build.person(f"Interviewer {index:02d}") for index in range(20)]
    values = {"candidateId": ana, "companyId": acme, "date": "2024-05-17"}
    one = cost(api, "recordInterview", {**values, "interviewerIds": people[:1]})
    twenty = cost(api, "recordInterview", {**values, "interviewerIds": people})
    assert twenty == one
