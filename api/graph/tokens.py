"""Personal access tokens as stored: a hash, its person, admin flag, expiry and revocation."""

from __future__ import annotations

from datetime import datetime
from typing import TypedDict, cast

from api.graph.runner import Graph

# $id, $hash, $personId, $admin, $expiresAt: datetime|null, $name
CREATE_TOKEN = """
CREATE (t:AccessToken {id: $id, hash: $hash, personId: $personId, admin: $admin,
                       name: $name, createdAt: datetime(), expiresAt: $expiresAt})
RETURN t.id AS id
"""


class TokenRow(TypedDict):
    id: str
    hash: str
    personId: str
    admin: bool


# $hash -> the live token with that hash (not revoked, not expired, its person still there), if any.
# deletePerson deletes a person's tokens too; the person check also covers one removed by hand.
TOKEN_BY_HASH = """
MATCH (t:AccessToken {hash: $hash})
WHERE t.revokedAt IS NULL AND (t.expiresAt IS NULL OR t.expiresAt > datetime())
  AND EXISTS { MATCH (:Person {id: t.personId}) }
RETURN t.id AS id, t.hash AS hash, t.personId AS personId, t.admin AS admin
"""

# $id
REVOKE_TOKEN = """
MATCH (t:AccessToken {id: $id}) WHERE t.revokedAt IS NULL
SET t.revokedAt = datetime()
RETURN t.id AS id
"""


async def create(
    graph: Graph, *, token_id: str, token_hash: str, person_id: str, admin: bool, expires_at: datetime | None, name: str
) -> None:
    await graph.write(
        CREATE_TOKEN, id=token_id, hash=token_hash, personId=person_id, admin=admin, expiresAt=expires_at, name=name
    )


async def live_by_hash(graph: Graph, token_hash: str) -> TokenRow | None:
    rows = await graph.read(TOKEN_BY_HASH, hash=token_hash)
    return cast("TokenRow", rows[0]) if rows else None  # TOKEN_BY_HASH's RETURN (tests/network/test_rows.py)


async def revoke(graph: Graph, token_id: str) -> bool:
    return bool(await graph.write(REVOKE_TOKEN, id=token_id))
