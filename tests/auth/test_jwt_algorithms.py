"""The JWT algorithm is the server's choice: with an RS256 key configured, no HS256 token gets in."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from starlette.testclient import TestClient

from api.app import create_app
from api.settings import Neo4jTarget, Settings
from tests.auth.test_bearer import claims
from tests.conftest import Api

ADMIN_ONLY = "{ people { totalCount } }"


@dataclass(frozen=True)
class Rs256App:
    http: TestClient
    private_key: rsa.RSAPrivateKey
    public_pem: bytes
    secret: str  # CROSSPATHS_JWT_SECRET, set as well: the public key must win


@pytest.fixture
def rs256_app(api: Api, target: Neo4jTarget, settings: Settings, tmp_path: Path) -> Iterator[Rs256App]:
    del api  # for its clean graph
    private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public_pem = private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    key_file = tmp_path / "idp.pem"
    key_file.write_bytes(public_pem)
    assert settings.jwt_secret is not None
    with TestClient(create_app(target, replace(settings, jwt_public_key_file=key_file), plan=False)) as http:
        yield Rs256App(http, private_key, public_pem, settings.jwt_secret)


def hs256_by_hand(payload: dict[str, object], key: bytes) -> str:
    """An HS256 token made without PyJWT, which refuses a PEM key as an HMAC secret when signing."""

    def part(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    header = part(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = part(json.dumps(payload).encode())
    signature = hmac.new(key, f"{header}.{body}".encode(), hashlib.sha256).digest()
    return f"{header}.{body}.{part(signature)}"


def status(app: Rs256App, token: str) -> int:
    response = app.http.post("/graphql", json={"query": ADMIN_ONLY}, headers={"Authorization": f"Bearer {token}"})
    return response.status_code


def test_with_a_public_key_only_rs256_tokens_are_accepted(api: Api, rs256_app: Rs256App) -> None:
    admin = claims(api.keys, sub="admin@idp", roles=["admin"])
    assert status(rs256_app, jwt.encode(admin, rs256_app.private_key, algorithm="RS256")) == 200
    forged = {
        # Signed with the HS256 secret the server also has: once a key is configured that secret signs nothing.
        "hs256 with the secret": jwt.encode(admin, rs256_app.secret, algorithm="HS256"),
        # The classic confusion: the public key, which anyone may hold, used as an HMAC secret.
        "hs256 with the public key": hs256_by_hand(admin, rs256_app.public_pem),
        "alg none": jwt.encode(admin, None, algorithm="none"),  # type: ignore[arg-type]  # "none" takes no key
    }
    assert {case: status(rs256_app, token) for case, token in forged.items()} == dict.fromkeys(forged, 401)
