"""Who is asking: the Authorization header resolved to a Viewer, or a reason to refuse."""

from __future__ import annotations

from dataclasses import dataclass

from api.auth import access_tokens
from api.auth.jwt_tokens import Claims, InvalidToken, VerifiedTokens
from api.auth.subjects import SubjectCache
from api.gql.ids import local_id
from api.graph import Graph, identities, people
from api.graph.keys import email_key


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
    subjects = subjects if subjects is not None else SubjectCache(0)
    person_id = await subjects.person_of(
        claims.subject,
        lambda: _person_of(graph, claims, own_ids=tokens.keys.signing_key is not None),
        accept=lambda found: found is not None or claims.admin,
    )
    if person_id is None and not claims.admin:
        msg = "the token's subject is not a person in this graph (a new subject needs a verified email claim)"
        raise Unauthenticated(msg)
    return Viewer(person_id=person_id, is_admin=claims.admin)


async def _person_of(graph: Graph, claims: Claims, *, own_ids: bool) -> str | None:
    """The person a token's subject is: by global id, else by the subject's binding, else a new binding.

    With `own_ids` (an HS256 secret: whoever holds it mints tokens for our ids, as `crosspaths token`
    does) a subject that is a Person's global id names that person. Any other subject is an identity
    provider's (always so with an RS256 key, where a provider might let a user pick their subject):
    it finds its person through the binding made at its first sign-in, whatever that person's email is
    now. An unbound subject is bound once, and only by an email the provider marks verified
    (`email_verified: true`); an unverified email claim binds nothing.
    """
    key = local_id(claims.subject, "Person") if own_ids else None
    if key is not None:
        return key if await people.by_ids(graph, [key]) else None
    bound = await identities.bound_person(graph, issuer=claims.issuer, subject=claims.subject)
    if bound is not None or not claims.email_verified or claims.email is None:
        return bound
    email = email_key(claims.email)
    if email is None:
        return None
    return await identities.bind(graph, issuer=claims.issuer, subject=claims.subject, email=email)
