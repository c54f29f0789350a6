"""Personal access tokens end when they expire and carry their person's rights, never more."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from neo4j import Driver

from api.auth import access_tokens
from api.graph import Graph, open_driver
from api.settings import Neo4jTarget
from tests.auth.test_bearer import VIEWER, local, make_person
from tests.conftest import Api


def issue(target: Neo4jTarget, person: str, expires_in: timedelta | None = None) -> access_tokens.IssuedToken:
    """A token for `person` as `crosspaths token create` issues it (never an admin's)."""

    async def run() -> access_tokens.IssuedToken:
        async with open_driver(target) as driver:
            graph = Graph(driver, target.database)
            return await access_tokens.issue(
                graph, person_id=local(person), admin=False, expires_in=expires_in, name="t"
            )

    return asyncio.run(run())


def test_an_access_token_stops_working_when_it_expires(api: Api, target: Neo4jTarget, db: Driver) -> None:
    ana = make_person(api, "Ana Lima", "ana@example.com")
    issued = issue(target, ana, expires_in=timedelta(days=30))
    assert api.as_viewer(issued.secret).data(VIEWER) == {"viewer": {"name": "Ana Lima", "email": "ana@example.com"}}

    db.execute_query(
        "MATCH (t:AccessToken {id: $id}) SET t.expiresAt = datetime() - duration('PT1S')", id=issued.id
    )  # thirty days later
    response = api.http.post("/graphql", json={"query": VIEWER}, headers={"Authorization": f"Bearer {issued.secret}"})
    assert response.status_code == 401
    assert response.json() == {
        "errors": [
            {"message": "the access token is unknown, expired or revoked", "extensions": {"code": "UNAUTHENTICATED"}}
        ]
    }


def test_an_access_token_acts_only_as_its_person(api: Api, target: Neo4jTarget) -> None:
    ana = make_person(api, "Ana Lima", "ana@example.com")
    bo = make_person(api, "Bo Chen", "bo@example.com")
    as_ana = api.as_viewer(issue(target, ana).secret)
    update = "mutation($i: UpdatePersonInput!) { updatePerson(input: $i) { person { headline } } }"

    assert as_ana.data(update, {"i": {"id": ana, "headline": "SRE"}}) == {
        "updatePerson": {"person": {"headline": "SRE"}}
    }
    refused = [
        as_ana.post(update, {"i": {"id": bo, "headline": "owned"}}),
        as_ana.post('mutation { createPerson(input: {name: "Eve"}) { person { id } } }'),  # admins only
    ]
    assert [[error["extensions"]["code"] for error in body["errors"]] for body in refused] == [["FORBIDDEN"]] * 2
    other = "query($id: ID!) { node(id: $id) { ... on Person { headline email } } }"
    assert as_ana.data(other, {"id": bo}) == {"node": {"headline": None, "email": None}}


def test_a_guessed_secret_for_a_real_token_id_is_refused(api: Api, target: Neo4jTarget) -> None:
    ana = make_person(api, "Ana Lima", "ana@example.com")
    issued = issue(target, ana)
    guessed = f"{access_tokens.PREFIX}{issued.id}_{'A' * 43}"  # the id is no secret: `token create` prints it
    response = api.http.post("/graphql", json={"query": VIEWER}, headers={"Authorization": f"Bearer {guessed}"})
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"] == {"code": "UNAUTHENTICATED"}
