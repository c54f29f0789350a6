"""An identity provider's subject binds to a person once, by a verified email, and never moves."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from threading import Barrier
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from neo4j import Driver
from starlette.testclient import TestClient

from api.app import create_app
from api.settings import Neo4jTarget, Settings
from tests.auth.test_bearer import VIEWER, claims, local, make_person
from tests.conftest import Api

UPDATE_EMAIL = "mutation($i: UpdatePersonInput!) { updatePerson(input: $i) { person { email } userErrors { code } } }"


def idp_token(api: Api, subject: str, email: str, *, verified: object = True) -> str:
    """A token as an identity provider issues it: its own subject, an email and whether it verified it."""
    return jwt.encode(claims(api.keys, sub=subject, email=email, email_verified=verified), api.keys.verify_key)


def viewer_of(api: Api, token: str) -> tuple[int, dict[str, Any]]:
    """The HTTP status and the body of `{ viewer { name email } }` sent with `token`."""
    response = api.http.post("/graphql", json={"query": VIEWER}, headers={"Authorization": f"Bearer {token}"})
    body = response.json()
    body.pop("extensions", None)  # the cost report
    return response.status_code, body


def forget_subjects(api: Api) -> None:
    """Make the app ask the graph again, as a fresh worker would, instead of remembering the subject."""
    api.http.app.state.subjects.clear()  # type: ignore[attr-defined]


@pytest.mark.parametrize("verified", [None, False, "true", 1])
def test_an_email_claim_the_provider_did_not_verify_binds_nothing(api: Api, db: Driver, verified: object) -> None:
    make_person(api, "Bo Chen", "bo@example.com")
    status, body = viewer_of(api, idp_token(api, "idp|bo", "bo@example.com", verified=verified))
    assert status == 401
    assert body["errors"][0]["extensions"] == {"code": "UNAUTHENTICATED"}
    assert "verified email" in body["errors"][0]["message"]
    assert db.execute_query("MATCH (x:ExternalIdentity) RETURN count(x) AS n").records[0]["n"] == 0


def test_the_binding_is_stored_once_with_its_issuer_and_subject(api: Api, db: Driver) -> None:
    bo = make_person(api, "Bo Chen", "bo@example.com")
    token = idp_token(api, "idp|bo", "bo@example.com")
    for _ in range(2):
        forget_subjects(api)
        assert viewer_of(api, token) == (200, {"data": {"viewer": {"name": "Bo Chen", "email": "bo@example.com"}}})
    records, _, _ = db.execute_query(
        "MATCH (x:ExternalIdentity) RETURN labels(x) AS labels, properties(x) AS binding, "
        "x.boundAt IS :: ZONED DATETIME AS dated"
    )
    [record] = records
    assert record["labels"] == ["ExternalIdentity"]
    assert record["dated"] is True
    assert {key: value for key, value in record["binding"].items() if key != "boundAt"} == {
        "issuer": api.keys.issuer,
        "subject": "idp|bo",
        "personId": local(bo),
    }


def test_changing_emails_does_not_move_an_account(api: Api) -> None:
    ana = make_person(api, "Ana Lima", "ana@example.com")
    bo = make_person(api, "Bo Chen", "bo@example.com")
    ana_signs_in = api.as_viewer(idp_token(api, "idp|ana", "ana@example.com"))  # the provider keeps this email
    assert ana_signs_in.data(VIEWER) == {"viewer": {"name": "Ana Lima", "email": "ana@example.com"}}

    api.data(UPDATE_EMAIL, {"i": {"id": ana, "email": "ana.lima@example.com"}})  # only admins change emails
    api.data(UPDATE_EMAIL, {"i": {"id": bo, "email": "ana@example.com"}})  # and give Bo the freed address
    forget_subjects(api)

    assert ana_signs_in.data(VIEWER) == {"viewer": {"name": "Ana Lima", "email": "ana.lima@example.com"}}


def test_another_subject_with_the_same_verified_email_does_not_get_the_account(api: Api) -> None:
    make_person(api, "Ana Lima", "ana@example.com")
    assert viewer_of(api, idp_token(api, "idp|ana", "ana@example.com"))[0] == 200
    # The provider later hands the address to someone else (a new subject): they are not Ana.
    status, body = viewer_of(api, idp_token(api, "idp|someone-new", "ana@example.com"))
    assert status == 401
    assert body["errors"][0]["extensions"] == {"code": "UNAUTHENTICATED"}


def test_an_email_a_person_gave_themself_binds_no_one_to_their_account(api: Api, db: Driver) -> None:
    eve = make_person(api, "Eve Park", "eve@example.com")
    refused = api.as_person(eve).data(UPDATE_EMAIL, {"i": {"id": eve, "email": "victim@example.com"}})
    assert refused == {"updatePerson": {"person": None, "userErrors": [{"code": "ONLY_ADMIN"}]}}
    # Before only admins set emails, a person could type any address on their profile: such an email
    # was stored marked as theirs, unproven, and a graph may still hold one.
    db.execute_query("MATCH (p:Person) SET p.email = 'victim@example.com', p.emailSelfAsserted = true")
    flags = "MATCH (p:Person) RETURN p.email AS email, p.emailSelfAsserted AS selfAsserted"

    # The mailbox's owner signs in for the first time: they must not land in Eve's account.
    assert viewer_of(api, idp_token(api, "idp|victim", "victim@example.com"))[0] == 401

    api.data(UPDATE_EMAIL, {"i": {"id": eve, "email": "eve.park@example.com"}})  # an admin vouches for this one
    assert [record.data() for record in db.execute_query(flags).records] == [
        {"email": "eve.park@example.com", "selfAsserted": None}
    ]
    assert viewer_of(api, idp_token(api, "idp|eve", "eve.park@example.com")) == (
        200,
        {"data": {"viewer": {"name": "Eve Park", "email": "eve.park@example.com"}}},
    )


def test_concurrent_first_sign_ins_of_one_subject_make_one_binding(api: Api, db: Driver) -> None:
    make_person(api, "Bo Chen", "bo@example.com")
    token = idp_token(api, "idp|bo", "bo@example.com")
    start = Barrier(4)

    def sign_in(_: int) -> int:
        start.wait()
        return viewer_of(api, token)[0]

    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(sign_in, range(4))) == [200] * 4
    assert db.execute_query("MATCH (x:ExternalIdentity) RETURN count(x) AS n").records[0]["n"] == 1


def test_with_a_public_key_a_subject_is_never_taken_for_a_person_id(
    api: Api, target: Neo4jTarget, settings: Settings, tmp_path: Path
) -> None:
    # An RS256 identity provider might let a user pick their subject, e.g. another person's (public) id.
    ana = make_person(api, "Ana Lima", "ana@example.com")
    private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public_pem = private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    key_file = tmp_path / "idp.pem"
    key_file.write_bytes(public_pem)
    rs256 = replace(settings, jwt_public_key_file=key_file)

    def token(**extra: object) -> str:
        return jwt.encode(claims(api.keys, sub=ana, **extra), private_key, algorithm="RS256")

    with TestClient(create_app(target, rs256, plan=False)) as http:

        def viewer(bearer: str) -> tuple[int, dict[str, Any]]:
            response = http.post("/graphql", json={"query": VIEWER}, headers={"Authorization": f"Bearer {bearer}"})
            body = response.json()
            body.pop("extensions", None)  # the cost report
            return response.status_code, body

        assert viewer(token())[0] == 401
        assert viewer(token(email="ana@example.com", email_verified=True)) == (
            200,
            {"data": {"viewer": {"name": "Ana Lima", "email": "ana@example.com"}}},
        )
