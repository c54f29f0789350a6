"""Personal access tokens for scripts: `cpat_<id>_<secret>`, random, stored only as a hash."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from api.graph import Graph, tokens

PREFIX = "cpat_"


@dataclass(frozen=True)
class IssuedToken:
    id: str
    secret: str  # shown once, never stored


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def looks_like_access_token(token: str) -> bool:
    return token.startswith(PREFIX)


async def issue(graph: Graph, *, person_id: str, admin: bool, expires_in: timedelta | None, name: str) -> IssuedToken:
    token_id = secrets.token_hex(6)
    secret = f"{PREFIX}{token_id}_{secrets.token_urlsafe(32)}"
    expires_at = datetime.now(UTC) + expires_in if expires_in else None
    await tokens.create(
        graph,
        token_id=token_id,
        token_hash=digest(secret),
        person_id=person_id,
        admin=admin,
        expires_at=expires_at,
        name=name,
    )
    return IssuedToken(token_id, secret)


async def verify(graph: Graph, token: str) -> tokens.TokenRow | None:
    """The live token record for `token`, or None; the hash comparison runs in constant time."""
    token_hash = digest(token)
    found = await tokens.live_by_hash(graph, token_hash)
    if found is None or not hmac.compare_digest(found["hash"], token_hash):
        return None
    return found


async def revoke(graph: Graph, token_id: str) -> bool:
    return await tokens.revoke(graph, token_id)
