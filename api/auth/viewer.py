"""Who is asking: the Authorization header resolved to a Viewer, or a reason to refuse."""

from __future__ import annotations

from dataclasses import dataclass

from api.auth import access_tokens
from api.auth.jwt_tokens import InvalidToken, VerifiedTokens
from api.auth.subjects import SubjectCache
from api.gql.ids import local_id
from api.graph import Graph, people


@dataclass(frozen=True)
class Viewer:
    """The authenticated caller: a person (by local id), possibly an admin."""

    person_id: str | None
    is_admin: bool = False


class Unauthenticated(Exception):  # noqa: N818 - reads as the condition it reports
    """A credential was presented and refused; the message says why, without secrets."""


async def authenticate(
    authorization: str | None, graph: Graph, tokens: VerifiedTokens, subjects: SubjectCache | None = None
) -> Viewer | None:
    """The viewer for an `Authorization` header value; None when there is no header (anonymous).

    `tokens` verifies JWTs and remembers the ones it has verified (see VerifiedTokens).
    `subjects` remembers which person a JWT's subject is for a while (see api.auth.subjects).
    """
    if authorization is None:
        return None
    scheme, _, token = authorization.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        msg = "the Authorization header must be 'Bearer <token>'"
        raise Unauthenticated(msg)
    if access_tokens.looks_like_access_token(token):
        record = await access_tokens.verify(graph, token)
        if record is None:
            msg = "the access token is unknown, expired or revoked"
            raise Unauthenticated(msg)
        return Viewer(person_id=record["personId"], is_admin=bool(record["admin"]))
    try:
        claims = tokens.verify(token)
    except InvalidToken as error:
        raise Unauthenticated(str(error)) from error
    subjects = subjects or SubjectCache(0)
    person_id = await subjects.person_of(
        claims.subject,
        claims.email,
        lambda: _person_of(graph, claims.subject, claims.email),
        accept=lambda found: found is not None or claims.admin,
    )
    if person_id is None and not claims.admin:
        msg = "the token's subject is not a person in this graph"
        raise Unauthenticated(msg)
    return Viewer(person_id=person_id, is_admin=claims.admin)


async def _person_of(graph: Graph, subject: str, email: str | None) -> str | None:
    """The person whose global id is `subject`, else the one whose email is the `email` claim."""
    key = local_id(subject, "Person")
    if key is not None and await people.by_ids(graph, [key]):
        return key
    if email:
        found = await people.by_emails(graph, [email.lower()])
        if found:
            return next(iter(found.values()))["id"]  # type: ignore[no-any-return]
    return None
