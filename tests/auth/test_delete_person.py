"""deletePerson: the person themself or an admin erases them, and every credential of theirs stops at once."""

from __future__ import annotations

import asyncio
from typing import Any

import jwt
import pytest
from neo4j import Driver

from api.auth import access_tokens
from api.graph import Graph, open_driver
from api.settings import Neo4jTarget
from tests.auth.test_bearer import VIEWER, claims, local, make_person
from tests.conftest import Api

DELETE = (
    "mutation($i: DeletePersonInput!) { deletePerson(input: $i) { deletedPersonId userErrors { field code message } } }"
)


def issue_pat(target: Neo4jTarget, person: str) -> str:
    async def issue() -> str:
        async with open_driver(target) as driver:
            graph = Graph(driver, target.database)
            issued = await access_tokens.issue(graph, person_id=local(person), admin=False, expires_in=None, name="t")
            return issued.secret

    return asyncio.run(issue())


def status_of(api: Api, token: str) -> tuple[int, Any]:
    response = api.http.post("/graphql", json={"query": VIEWER}, headers={"Authorization": f"Bearer {token}"})
    body = response.json()
    body.pop("extensions", None)  # the cost report
    return response.status_code, body


def everything(db: Driver) -> str:
    """Every label, type and property in the graph, as one text to search."""
    records, _, _ = db.execute_query(
        """
        MATCH (n) WHERE NOT n:SchemaMigration RETURN [labels(n), properties(n)] AS item
        UNION ALL
        MATCH ()-[r]->() RETURN [type(r), properties(r)] AS item
        """
    )
    return repr([record["item"] for record in records])


def test_a_person_deletes_themself_and_their_tokens_stop_working_at_once(api: Api, target: Neo4jTarget) -> None:
    ana = make_person(api, "Ana Lima", "ana@example.com")
    pat = issue_pat(target, ana)
    jwt_token = api.token_for(local(ana))
    idp = jwt.encode(claims(api.keys, sub="idp|ana", email="ana@example.com", email_verified=True), api.keys.verify_key)
    for token in (pat, jwt_token, idp):  # each one works, and the app now remembers the JWTs' subjects
        assert status_of(api, token) == (200, {"data": {"viewer": {"name": "Ana Lima", "email": "ana@example.com"}}})

    deleted = api.as_viewer(jwt_token).data(DELETE, {"i": {"id": ana}})
    assert deleted == {"deletePerson": {"deletedPersonId": ana, "userErrors": []}}

    for token in (pat, jwt_token, idp):
        status, body = status_of(api, token)
        assert status == 401, body
        assert body["errors"][0]["extensions"] == {"code": "UNAUTHENTICATED"}


def test_deleting_a_person_erases_everything_of_theirs(api: Api, db: Driver, target: Neo4jTarget) -> None:
    ana = make_person(api, "Ana Lima", "ana@example.com")
    bo = make_person(api, "Bo Chen", "bo@example.com")
    acme = api.data('mutation { createCompany(input: {name: "Acme"}) { company { id } } }')["createCompany"]["company"]
    api.data(
        "mutation($a: ID!, $b: ID!, $c: ID!) {"
        " connect(input: {personId: $a, otherId: $b}) { userErrors { code } }"
        ' addPosition(input: {personId: $a, companyId: $c, title: "SRE"}) { userErrors { code } }'
        ' managed: createRole(input: {companyId: $c, title: "SRE", hiringManagerId: $a}) { role { id } }'
        ' recruited: createRole(input: {companyId: $c, title: "PM", recruiterIds: [$a]}) { role { id } }'
        ' mine: recordInterview(input: {candidateId: $a, companyId: $c, interviewerIds: [$b], date: "2024-05-17",'
        '   notes: "ana-secret-notes"}) { interview { id } }'
        ' theirs: recordInterview(input: {candidateId: $b, companyId: $c, interviewerIds: [$a], date: "2024-06-01",'
        '   notes: "bo-notes"}) { interview { id } }'
        "}",
        {"a": ana, "b": bo, "c": acme["id"]},
    )
    issue_pat(target, ana)
    idp = jwt.encode(claims(api.keys, sub="idp|ana", email="ana@example.com", email_verified=True), api.keys.verify_key)
    assert status_of(api, idp)[0] == 200  # binds idp|ana to Ana
    assert local(ana) in everything(db)

    assert api.data(DELETE, {"i": {"id": ana}}) == {"deletePerson": {"deletedPersonId": ana, "userErrors": []}}

    stored = everything(db)
    for trace in (local(ana), "Ana Lima", "ana@example.com", "ana-secret-notes", "idp|ana"):
        assert trace not in stored
    assert "AccessToken" not in stored
    assert "ExternalIdentity" not in stored
    # What was not Ana's stays: Bo, his interview (without her on the panel), the company and its roles.
    as_bo = api.as_person(bo)
    after = as_bo.data(
        "query($b: ID!) { node(id: $b) { ... on Person { connections { totalCount }"
        " interviews { edges { node { notes interviewers { name } } } } } }"
        " roles { edges { node { title hiringManager { name } recruiters { name } } } }"
        ' search(query: "Ana") { __typename } }',
        {"b": bo},
    )
    assert after == {
        "node": {
            "connections": {"totalCount": 0},
            "interviews": {"edges": [{"node": {"notes": "bo-notes", "interviewers": []}}]},
        },
        "roles": {
            "edges": [
                {"node": {"title": "PM", "hiringManager": None, "recruiters": []}},
                {"node": {"title": "SRE", "hiringManager": None, "recruiters": []}},
            ]
        },
        "search": [],
    }
    assert api.data("query($a: ID!) { node(id: $a) { id } }", {"a": ana}) == {"node": None}


@pytest.mark.parametrize(("caller", "code"), [("other", "FORBIDDEN"), ("anonymous", "UNAUTHENTICATED")])
def test_only_the_person_or_an_admin_may_delete_them(api: Api, db: Driver, caller: str, code: str) -> None:
    ana = make_person(api, "Ana Lima", "ana@example.com")
    bo = make_person(api, "Bo Chen", "bo@example.com")
    client = api.as_person(bo) if caller == "other" else api.as_viewer(None)
    body = client.post(DELETE, {"i": {"id": ana}})
    assert body["data"] is None
    assert [error["extensions"]["code"] for error in body["errors"]] == [code]
    assert db.execute_query("MATCH (p:Person) RETURN count(p) AS n").records[0]["n"] == 2


@pytest.mark.parametrize(
    ("given", "code", "message"),
    [
        ("UGVyc29uOm5vLXN1Y2gtcGVyc29u", "NOT_FOUND", "id: no Person has this ID"),  # Person:no-such-person
        ("nope", "INVALID_ID", "id: is not the ID of a Person"),
    ],
)
def test_deleting_an_unknown_person_is_a_user_error(api: Api, given: str, code: str, message: str) -> None:
    assert api.data(DELETE, {"i": {"id": given}}) == {
        "deletePerson": {"deletedPersonId": None, "userErrors": [{"field": ["input", "id"], "code": code,
                                                                    "message": message}]}
    }  # fmt: skip


def test_an_access_token_of_a_person_removed_from_the_graph_is_refused(
    api: Api, db: Driver, target: Neo4jTarget
) -> None:
    ana = make_person(api, "Ana Lima", "ana@example.com")
    pat = issue_pat(target, ana)
    assert status_of(api, pat)[0] == 200
    db.execute_query("MATCH (p:Person {id: $id}) DETACH DELETE p", id=local(ana))  # by hand, tokens left behind
    status, body = status_of(api, pat)
    assert status == 401
    assert body["errors"][0]["extensions"] == {"code": "UNAUTHENTICATED"}
