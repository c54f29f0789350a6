"""Bearer JWTs: verification with every registered claim required, and dev-token minting."""

from __future__ import annotations

import time
from dataclasses import dataclass

import jwt

from api.auth.keys import JwtKeys

REQUIRED_CLAIMS = ["exp", "iat", "sub", "iss", "aud"]
LEEWAY_S = 30


class InvalidToken(Exception):  # noqa: N818 - reads as the condition it reports
    """The bearer token is expired, forged, malformed or lacks a required claim."""


@dataclass(frozen=True)
class Claims:
    subject: str
    email: str | None
    admin: bool


def verify(token: str, keys: JwtKeys) -> Claims:
    try:
        payload = jwt.decode(
            token,
            keys.verify_key,
            algorithms=[keys.algorithm],
            audience=keys.audience,
            issuer=keys.issuer,
            leeway=LEEWAY_S,
            options={"require": REQUIRED_CLAIMS},
        )
    except jwt.ExpiredSignatureError as error:
        raise InvalidToken("the token has expired") from error
    except jwt.PyJWTError as error:
        raise InvalidToken(f"the token is not valid: {error}") from error
    roles = payload.get("roles")
    email = payload.get("email")
    return Claims(
        subject=str(payload["sub"]),
        email=email if isinstance(email, str) else None,
        admin=isinstance(roles, list) and "admin" in roles,
    )


def mint(keys: JwtKeys, *, subject: str, email: str | None = None, admin: bool = False, ttl_s: int = 86_400) -> str:
    """A signed token for `subject` (a Person's global id); HS256 configurations only."""
    if keys.signing_key is None:
        msg = "tokens can only be minted with an HS256 secret (CROSSPATHS_JWT_SECRET)"
        raise ValueError(msg)
    now = int(time.time())
    claims: dict[str, object] = {
        "sub": subject,
        "iss": keys.issuer,
        "aud": keys.audience,
        "iat": now,
        "exp": now + ttl_s,
    }
    if email is not None:
        claims["email"] = email
    if admin:
        claims["roles"] = ["admin"]
    return jwt.encode(claims, keys.signing_key, algorithm="HS256")
