"""Bearer authentication: who the viewer is, and clean 401s for every bad credential."""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace

import jwt
import pytest
from neo4j import Driver
from starlette.testclient import TestClient

from api.app import create_app
from api.auth import access_tokens
from api.auth.jwt_tokens import LEEWAY_S, InvalidToken, VerifiedTokens
from api.auth.keys import AuthConfigError, JwtKeys
from api.gql.ids import to_global_id
from api.graph import Graph, open_driver
from api.settings import Neo4jTarget, Settings
from tests.conftest import Api

VIEWER = "{ viewer { name email } }"


def make_person(api: Api, name: str, email: str) -> str:
    made = api.data(
        "mutation($input: CreatePersonInput!) { createPerson(input: $input) { person { id } } }",
        {"input": {"name": name, "email": email}},
    )
    global_id: str = made["createPerson"]["person"]["id"]
    return global_id


def local(global_id: str) -> str:
    from api.gql.ids import from_global_id  # noqa: PLC0415 - keeps the helper's dependency visible

    decoded = from_global_id(global_id)
    assert decoded is not None
    return decoded[1]


def claims(keys: JwtKeys, **overrides: object) -> dict[str, object]:
    now = int(time.time())
    base: dict[str, object] = {"sub": "x", "iss": keys.issuer, "aud": keys.audience, "iat": now, "exp": now + 60}
    base.update(overrides)
    return {key: value for key, value in base.items() if value is not None}


def test_anonymous_caller_has_no_viewer(api: Api) -> None:
    assert api.as_viewer(None).data("{ viewer { name } }") == {"viewer": None}


def test_token_for_a_person_makes_them_the_viewer_and_shows_their_email(api: Api) -> None:
    ana = make_person(api, "Ana Lima", "ana@example.com")
    as_ana = api.as_viewer(api.token_for(local(ana)))
    assert as_ana.data(VIEWER) == {"viewer": {"name": "Ana Lima", "email": "ana@example.com"}}


def test_a_verified_email_claim_binds_an_external_subject_to_its_person(api: Api) -> None:
    make_person(api, "Bo Chen", "bo@example.com")
    token = jwt.encode(
        claims(api.keys, sub="external-idp|123", email="BO@example.com", email_verified=True), api.keys.verify_key
    )
    assert api.as_viewer(token).data(VIEWER) == {"viewer": {"name": "Bo Chen", "email": "bo@example.com"}}


def test_another_persons_email_stays_hidden(api: Api) -> None:
    ana = make_person(api, "Ana Lima", "ana@example.com")
    bo = make_person(api, "Bo Chen", "bo@example.com")
    as_bo = api.as_viewer(api.token_for(local(bo)))
    query = "query($id: ID!) { node(id: $id) { ... on Person { name email } } }"
    assert as_bo.data(query, {"id": ana}) == {"node": {"name": "Ana Lima", "email": None}}
    assert api.data(query, {"id": ana}) == {"node": {"name": "Ana Lima", "email": "ana@example.com"}}  # admin


def refused(api: Api, token: str | None, header: str | None = None) -> tuple[int, dict[str, object]]:
    headers = {"Authorization": header if header is not None else f"Bearer {token}"}
    response = api.http.post("/graphql", json={"query": VIEWER}, headers=headers)
    return response.status_code, response.json()


@pytest.mark.parametrize(
    ("case", "reason"),
    [
        ("expired", "expired"),
        ("wrong_key", "not valid"),
        ("alg_none", "not valid"),
        ("garbage", "not valid"),
        ("no_audience", "not valid"),
        ("wrong_issuer", "not valid"),
        ("unknown_person", "not a person"),
    ],
)
def test_bad_tokens_get_a_clean_401(api: Api, case: str, reason: str) -> None:
    keys = api.keys
    tokens = {
        "expired": jwt.encode(claims(keys, exp=int(time.time()) - 3600), keys.verify_key),
        "wrong_key": jwt.encode(claims(keys), "another-secret-that-is-long-enough-for-hs256!!"),
        "alg_none": jwt.encode(claims(keys), None, algorithm="none"),  # type: ignore[arg-type]  # "none" takes no key
        "garbage": "not.a.token",
        "no_audience": jwt.encode(claims(keys, aud=None), keys.verify_key),
        "wrong_issuer": jwt.encode(claims(keys, iss="someone-else"), keys.verify_key),
        "unknown_person": api.token_for("no-such-person"),
    }
    status, body = refused(api, tokens[case])
    assert status == 401
    assert body.keys() == {"errors"}
    errors = body["errors"]
    assert isinstance(errors, list)
    [error] = errors
    assert error["extensions"] == {"code": "UNAUTHENTICATED"}
    assert reason in error["message"]
    assert "Traceback" not in str(body)


@pytest.mark.parametrize(
    "claim",
    [{"exp": str(int(time.time()) + 3600)}, {"iat": str(int(time.time()))}, {"nbf": str(int(time.time()))}],
    ids=["exp", "iat", "nbf"],
)
def test_times_given_as_strings_are_refused(api: Api, claim: dict[str, object]) -> None:
    # RFC 7519 dates are JSON numbers; PyJWT itself takes anything int() reads.
    ana = make_person(api, "Ana Lima", "ana@example.com")
    token = jwt.encode(claims(api.keys, sub=ana, **claim), api.keys.verify_key)
    status, body = refused(api, token)
    assert status == 401
    errors = body["errors"]
    assert isinstance(errors, list)
    [error] = errors
    assert error["extensions"] == {"code": "UNAUTHENTICATED"}
    assert f"the {next(iter(claim))} claim must be a number" in error["message"]


def test_a_remembered_token_stops_working_when_it_expires(api: Api) -> None:
    tokens = VerifiedTokens(api.keys)
    # Still valid for two seconds (the leeway included), then expired.
    expiring = jwt.encode(claims(api.keys, exp=int(time.time()) - LEEWAY_S + 2), api.keys.verify_key)
    first = tokens.verify(expiring)
    assert tokens.verify(expiring) is first, "verified once, then answered from memory"
    time.sleep(3)
    with pytest.raises(InvalidToken, match="expired"):
        tokens.verify(expiring)


def test_a_remembered_token_is_checked_again_after_its_expiry(api: Api) -> None:
    now = [time.time()]
    tokens = VerifiedTokens(api.keys, clock=lambda: now[0])
    token = jwt.encode(claims(api.keys), api.keys.verify_key)  # expires in 60 s
    first = tokens.verify(token)
    now[0] += 60 + LEEWAY_S + 1  # past its expiry by the cache's clock (PyJWT's own still accepts it)
    again = tokens.verify(token)
    assert again == first
    assert again is not first, "checked again, not answered from memory"


def test_a_refused_token_is_refused_every_time(api: Api) -> None:
    tokens = VerifiedTokens(api.keys)
    forged = jwt.encode(claims(api.keys), "another-secret-that-is-long-enough-for-hs256!!")
    for _ in range(2):
        with pytest.raises(InvalidToken, match="not valid"):
            tokens.verify(forged)
    assert refused(api, forged)[0] == refused(api, forged)[0] == 401


@pytest.mark.parametrize("header", ["Basic dXNlcjpwYXNz", "Bearer", "Bearer    ", "token abc"])
def test_non_bearer_authorization_headers_are_refused(api: Api, header: str) -> None:
    status, body = refused(api, None, header=header)
    assert status == 401
    assert "Bearer <token>" in str(body)


def test_cookies_are_never_read_as_credentials(api: Api) -> None:
    token = api.token
    cookie = {"Cookie": f"Authorization=Bearer {token}; token={token}"}
    response = api.http.post("/graphql", json={"query": "{ viewer { name } }"}, headers=cookie)
    assert response.json()["data"] == {"viewer": None}


def test_personal_access_token_works_until_revoked(api: Api, target: Neo4jTarget) -> None:
    ana = make_person(api, "Ana Lima", "ana@example.com")

    async def issue_and_later_revoke() -> tuple[access_tokens.IssuedToken, Graph]:
        async with open_driver(target) as driver:
            graph = Graph(driver, target.database)
            return await access_tokens.issue(graph, person_id=local(ana), admin=False, expires_in=None, name="t"), graph

    issued, _ = asyncio.run(issue_and_later_revoke())
    assert issued.secret.startswith("cpat_")
    assert api.as_viewer(issued.secret).data(VIEWER) == {"viewer": {"name": "Ana Lima", "email": "ana@example.com"}}

    async def revoke() -> bool:
        async with open_driver(target) as driver:
            return await access_tokens.revoke(Graph(driver, target.database), issued.id)

    assert asyncio.run(revoke()) is True
    status, body = refused(api, issued.secret)
    assert status == 401
    assert "revoked" in str(body)


def test_access_tokens_are_stored_only_as_hashes(api: Api, target: Neo4jTarget, db: object) -> None:
    ana = make_person(api, "Ana Lima", "ana@example.com")

    async def issue() -> access_tokens.IssuedToken:
        async with open_driver(target) as driver:
            graph = Graph(driver, target.database)
            return await access_tokens.issue(graph, person_id=local(ana), admin=False, expires_in=None, name="t")

    issued = asyncio.run(issue())
    records, _, _ = db.execute_query("MATCH (t:AccessToken) RETURN properties(t) AS t")  # type: ignore[attr-defined]
    stored = str([record["t"] for record in records])
    assert issued.secret not in stored
    assert access_tokens.digest(issued.secret) in stored


def test_short_secret_is_refused(settings: Settings) -> None:
    with pytest.raises(AuthConfigError, match="too short"):
        JwtKeys.from_settings(replace(settings, jwt_secret="short"))  # noqa: S106 - the point of the test


def test_production_without_a_secret_is_refused(settings: Settings) -> None:
    with pytest.raises(AuthConfigError, match="production"):
        JwtKeys.from_settings(replace(settings, jwt_secret=None, environment="production"))


def test_a_removed_person_keeps_access_only_while_the_app_remembers_their_subject(
    target: Neo4jTarget, settings: Settings, db: Driver
) -> None:
    # The app remembers a JWT's person for CROSSPATHS_VIEWER_CACHE_SECONDS (docs/configuration.md).
    keys = JwtKeys.from_settings(settings)
    db.execute_query("CREATE (:Person {id: 'eve', name: 'Eve Park', email: 'eve@example.com'})")
    token = jwt.encode(claims(keys, sub=to_global_id("Person", "eve")), keys.verify_key)
    headers = {"Authorization": f"Bearer {token}"}
    with TestClient(create_app(target, replace(settings, viewer_cache_s=1.0), plan=False)) as http:
        graph = http.app.state.graph  # type: ignore[attr-defined]
        assert (
            http.post("/graphql", json={"query": VIEWER}, headers=headers).json()["data"]["viewer"]["name"]
            == "Eve Park"
        )
        trips = graph.round_trips
        assert http.post("/graphql", json={"query": "{ __typename }"}, headers=headers).status_code == 200
        assert graph.round_trips == trips, "a remembered subject costs no query"

        db.execute_query("MATCH (p:Person {id: 'eve'}) DETACH DELETE p")
        remembered = http.post("/graphql", json={"query": VIEWER}, headers=headers)
        assert remembered.status_code == 200
        assert remembered.json()["data"] == {"viewer": None}, "data is never cached, only who the subject is"
        time.sleep(1.1)
        forgotten = http.post("/graphql", json={"query": VIEWER}, headers=headers)
        assert forgotten.status_code == 401
        assert forgotten.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_a_subject_that_is_no_person_is_asked_again_every_time(api: Api) -> None:
    token = jwt.encode(
        claims(api.keys, sub="external-idp|404", email="nobody@example.com", email_verified=True), api.keys.verify_key
    )
    assert api.as_viewer(token).post(VIEWER)["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    make_person(api, "New Comer", "nobody@example.com")
    # Refusals are not remembered: someone just added can sign in at once.
    assert api.as_viewer(token).data(VIEWER) == {"viewer": {"name": "New Comer", "email": "nobody@example.com"}}
