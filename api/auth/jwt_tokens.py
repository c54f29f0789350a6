"""Bearer JWTs: verification with every registered claim required, and dev-token minting."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass

import jwt

from api.auth.keys import JwtKeys
from api.lru import BoundedLru

REQUIRED_CLAIMS = ["exp", "iat", "sub", "iss", "aud"]
# RFC 7519 NumericDate claims: JSON numbers. PyJWT takes anything int() accepts ("exp": "1999999999").
NUMERIC_DATE_CLAIMS = ("exp", "iat", "nbf")
LEEWAY_S = 30


class InvalidToken(Exception):  # noqa: N818 - reads as the condition it reports
    """The bearer token is expired, forged, malformed or lacks a required claim."""


@dataclass(frozen=True)
class Claims:
    issuer: str
    subject: str
    email: str | None
    email_verified: bool  # only a JSON `true` counts: the identity provider vouches for the mailbox
    admin: bool
    expires_at: float  # the `exp` claim, seconds since the epoch


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
    for claim in NUMERIC_DATE_CLAIMS:
        value = payload.get(claim)
        if claim in payload and (isinstance(value, bool) or not isinstance(value, int | float)):
            msg = f"the token is not valid: the {claim} claim must be a number of seconds since the epoch"
            raise InvalidToken(msg)
    roles = payload.get("roles")
    email = payload.get("email")
    return Claims(
        issuer=str(payload["iss"]),
        subject=str(payload["sub"]),
        email=email if isinstance(email, str) else None,
        email_verified=payload.get("email_verified") is True,
        admin=isinstance(roles, list) and "admin" in roles,
        expires_at=float(payload["exp"]),
    )


_MAX_TOKENS = 10_000  # distinct tokens remembered at once; the least recently used is forgotten first
_MAX_TOKEN_BYTES = 16 << 20  # and what they hold: ~10,000 tokens of a typical provider's size


class VerifiedTokens:
    """The claims of tokens this process has verified, until each one expires.

    Checking a signature and the registered claims was a quarter of a millisecond of every request.
    The answer for the same token string cannot change while the keys stay the same (they are fixed
    for the life of the process), except by time: so a remembered token is accepted only until its
    `exp` (with the same leeway as `verify`), and a refused one is never remembered. Tokens are
    remembered by their SHA-256, so the process holds no bearer token after its request, and the
    memory is bounded in entries and bytes (a token's claims are as long as its request head allows).
    """

    def __init__(self, keys: JwtKeys, *, clock: Callable[[], float] = time.time) -> None:
        self.keys = keys
        self._clock = clock
        self._claims = BoundedLru[str, Claims](max_entries=_MAX_TOKENS, max_bytes=_MAX_TOKEN_BYTES, overhead=640)

    @property
    def remembered(self) -> int:
        """How many tokens are remembered now."""
        return len(self._claims)

    def verify(self, token: str) -> Claims:
        """`verify(token, keys)`, answered from memory for a token already verified and not yet expired."""
        key = hashlib.sha256(token.encode()).hexdigest()
        claims = self._claims.get(key)
        if claims is not None and self._clock() < claims.expires_at + LEEWAY_S:
            return claims
        self._claims.pop(key)
        claims = verify(token, self.keys)
        held = len(claims.issuer) + len(claims.subject) + len(claims.email or "")
        self._claims.put(key, claims, size=len(key) + held)
        return claims


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
