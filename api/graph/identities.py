"""External identities: an identity provider's subject bound to the person it signs in as.

A binding is made once, from a verified email, and never moves: `(:ExternalIdentity {issuer,
subject, personId, boundAt})`, unique per (issuer, subject) and per (issuer, personId)
(schema/020_credentials.cypher). Changing a person's email leaves it where it is.
"""

from __future__ import annotations

from neo4j.exceptions import ConstraintError

from api.graph.runner import Graph

# $issuer, $subject -> the person the subject is bound to (no row when unbound or the person is gone).
BOUND_PERSON = """
MATCH (x:ExternalIdentity {issuer: $issuer, subject: $subject})
MATCH (p:Person {id: x.personId})
RETURN p.id AS id
"""

# $issuer, $subject, $email (as keys.email_key normalises it) -> binds the subject to the person with
# that email, when that person has no binding from this issuer yet and did not set the email on their
# own profile (an email someone typed in themselves is no proof the mailbox is theirs). No row when it
# cannot.
# MERGE on the constrained pair makes two first sign-ins of one subject converge on one binding
# (and finds a binding whose person is gone, which is then not moved); two subjects racing for one
# person meet the (issuer, personId) constraint instead.
BIND = """
MATCH (p:Person {email: $email})
WHERE p.emailSelfAsserted IS NULL
  AND NOT EXISTS { MATCH (y:ExternalIdentity {issuer: $issuer, personId: p.id}) WHERE y.subject <> $subject }
MERGE (x:ExternalIdentity {issuer: $issuer, subject: $subject})
  ON CREATE SET x.personId = p.id, x.boundAt = datetime()
WITH p, x WHERE x.personId = p.id
RETURN p.id AS id
"""


async def bound_person(graph: Graph, *, issuer: str, subject: str) -> str | None:
    rows = await graph.read(BOUND_PERSON, issuer=issuer, subject=subject)
    return rows[0]["id"] if rows else None


async def bind(graph: Graph, *, issuer: str, subject: str, email: str) -> str | None:
    """The person the subject is now bound to by `email`, or None when no unbound person has it."""
    try:
        rows = await graph.write(BIND, issuer=issuer, subject=subject, email=email)
    except ConstraintError:
        return None  # another subject of this issuer was bound to that person a moment ago
    return rows[0]["id"] if rows else None
