"""Cypher-injection payloads in every string input are stored literally and leave the graph intact."""

from __future__ import annotations

from typing import Any

import pytest
from neo4j import Driver

from api.gql.ids import from_global_id, to_global_id
from api.graph.keys import linkedin_key
from tests.conftest import Api

# Each tries to close the string, the map or the pattern it lands in and run Cypher of its own.
PAYLOADS = [
    "x' OR 1=1 WITH 1 AS x MATCH (n) DETACH DELETE n //",
    'x"}) MATCH (n) DETACH DELETE n RETURN 1 //',
    "x'}) SET n.name = 'pwned' RETURN n /*",
    "$name` }) CREATE (:Admin {owned: true}) //",
    "x\\'); CALL db.labels() YIELD label RETURN label; //",
    "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
    "x\u0000\u202e}) DETACH DELETE n \u2028//",
]
# Emails and profile URLs are validated keys, so their payloads carry no spaces or slashes.
KEY_PAYLOADS = ["o'neil\"})-[r]-()detach/**/delete/**/r", "x'}),(n)set(n.admin=true)//x", "{id:$id}`:admin`"]

PERSON = "name headline location email linkedinUrl"


def person_row(db: Driver, person_id: str) -> dict[str, Any]:
    records, _, _ = db.execute_query("MATCH (p:Person {id: $id}) RETURN properties(p) AS p", id=person_id)
    row: dict[str, Any] = records[0]["p"]
    return row


def graph_shape(db: Driver) -> list[tuple[str, int]]:
    records, _, _ = db.execute_query(
        "MATCH (n) WHERE NOT n:SchemaMigration "
        "WITH labels(n) AS labels, count(*) AS n "
        "RETURN reduce(s = '', l IN labels | s + ':' + l) AS labels, n ORDER BY labels"
    )
    nodes = [(record["labels"], record["n"]) for record in records]
    records, _, _ = db.execute_query("MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n ORDER BY type")
    return nodes + [(record["type"], record["n"]) for record in records]


def mutate(api: Api, field: str, input_type: str, payload: str, values: dict[str, Any]) -> dict[str, Any]:
    query = f"mutation($input: {input_type}!) {{ {field}(input: $input) {{ userErrors {{ code field }} {payload} }} }}"
    result: dict[str, Any] = api.data(query, {"input": values})[field]
    assert result["userErrors"] == [], result
    return result


@pytest.mark.parametrize("text", PAYLOADS, ids=range(len(PAYLOADS)))
def test_payloads_in_every_string_input_are_stored_literally(api: Api, db: Driver, text: str) -> None:
    key = KEY_PAYLOADS[len(text) % len(KEY_PAYLOADS)]
    db.execute_query(
        "CREATE (:Person {id: 'keep', name: 'Keep', email: 'keep@example.com', openToWork: false})"
        "-[:WORKS_AT {key: '?|dev', title: 'Dev'}]->(:Company {id: 'keep-co', name: 'Keepco', nameKey: 'keepco'})"
    )
    keep_before = person_row(db, "keep")

    email, url = f"{key}@example.com", f"linkedin.com/in/{key}"
    created = mutate(
        api, "createPerson", "CreatePersonInput", f"person {{ id {PERSON} }}",
        {"name": text, "headline": text, "location": text, "email": email, "linkedinUrl": url},
    )["person"]  # fmt: skip
    assert created | {"id": None} == {
        "id": None, "name": text, "headline": text, "location": text,
        "email": email.lower(), "linkedinUrl": linkedin_key(url),
    }  # fmt: skip
    person_id = created["id"]

    updated = mutate(
        api, "updatePerson", "UpdatePersonInput", f"person {{ {PERSON} }}",
        {"id": person_id, "name": text + " 2", "headline": text + " 2", "location": text + " 2"},
    )["person"]  # fmt: skip
    assert (updated["name"], updated["headline"], updated["location"]) == (text + " 2",) * 3

    company = mutate(
        api, "createCompany", "CreateCompanyInput", "company { id name industry }", {"name": text, "industry": text}
    )["company"]
    assert (company["name"], company["industry"]) == (text, text)

    role = mutate(
        api, "createRole", "CreateRoleInput", "role { title location skills }",
        {"companyId": company["id"], "title": text, "location": text, "skills": [text]},
    )["role"]  # fmt: skip
    assert role == {"title": text, "location": text, "skills": [text]}

    positions = mutate(
        api, "addPosition", "AddPositionInput", "person { positions { edges { node { title } } } }",
        {"personId": person_id, "companyId": company["id"], "title": text},
    )["person"]["positions"]["edges"]  # fmt: skip
    assert [edge["node"]["title"] for edge in positions] == [text]

    interview = mutate(
        api, "recordInterview", "RecordInterviewInput", "interview { notes }",
        {"candidateId": person_id, "companyId": company["id"], "date": "2026-01-02",
         "interviewerIds": [to_global_id("Person", "keep")], "notes": text},
    )["interview"]  # fmt: skip
    assert interview == {"notes": text}

    # Read back by an independent path too: what is stored is the text itself.
    stored = person_row(db, from_id(person_id))
    assert (stored["name"], stored["headline"]) == (text + " 2", text + " 2")

    # The payload as an id or a search term finds nothing and breaks nothing.
    found = api.post("query($id: ID!, $q: String!) { node(id: $id) { id } search(query: $q) { __typename } }",
                     {"id": text, "q": text})  # fmt: skip
    assert found.get("data") is None or found["data"]["node"] is None
    for error in found.get("errors") or []:
        assert error["extensions"]["code"] != "INTERNAL_SERVER_ERROR", error

    assert person_row(db, "keep") == keep_before
    assert graph_shape(db) == [
        (":Company", 2), (":Interview", 1), (":Person", 2), (":Role", 1), (":Skill", 1),
        ("AT", 1), ("CANDIDATE_IN", 1), ("INTERVIEWER_IN", 1), ("REQUIRES", 1), ("WITH", 1),
        ("WORKS_AT", 2),
    ]  # fmt: skip


def from_id(global_id: str) -> str:
    decoded = from_global_id(global_id)
    assert decoded is not None
    return decoded[1]


@pytest.mark.parametrize("domain", ["x.com' OR 1=1 //", 'a.com"}) DETACH DELETE n //', "$domain"])
def test_an_injection_in_a_validated_field_is_refused_and_nothing_written(api: Api, db: Driver, domain: str) -> None:
    query = (
        "mutation($input: CreateCompanyInput!) { createCompany(input: $input) { company { id } userErrors { code } } }"
    )
    result = api.data(query, {"input": {"name": "Acme", "domain": domain}})["createCompany"]
    assert result == {"company": None, "userErrors": [{"code": "INVALID_DOMAIN"}]}
    assert graph_shape(db) == []
