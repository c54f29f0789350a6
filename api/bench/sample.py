"""Whom and what the load scenario asks about: people, pairs of them, companies and search words, drawn with a seed."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from api.auth.jwt_tokens import mint
from api.gql.ids import to_global_id

if TYPE_CHECKING:
    from api.auth.keys import JwtKeys
    from api.graph import Graph

_PEOPLE = "MATCH (p:Person) RETURN p.id AS id, p.name AS name ORDER BY id"
# Companies a client would open to see roles: those with at least one open role.
_COMPANIES = "MATCH (c:Company) WHERE EXISTS { (:Role {status: 'OPEN'})-[:AT]->(c) } RETURN c.id AS id ORDER BY id"


@dataclass(frozen=True)
class Sample:
    """The people asked about (each asks as themself, with their own token), pairs, companies and words."""

    people: list[str]
    companies: list[str]
    words: list[str]  # one per person: a word of their name, as a user types it into search
    keys: JwtKeys
    _tokens: dict[str, str] = field(default_factory=dict)

    @property
    def pairs(self) -> list[tuple[str, str]]:
        """Each person with the next one: pathsTo's requests."""
        return [(p, self.people[(i + 1) % len(self.people)]) for i, p in enumerate(self.people)]

    def token(self, person: str) -> str:
        """A bearer token for the person (not an admin), valid for a day: a client app's user."""
        if person not in self._tokens:
            self._tokens[person] = mint(self.keys, subject=to_global_id("Person", person), ttl_s=86_400)
        return self._tokens[person]


async def draw(graph: Graph, keys: JwtKeys, *, size: int, seed: int) -> Sample:
    """`size` people and `size` companies with open roles, drawn from all of them (sorted by id) with `seed`."""
    rng = random.Random(seed)  # noqa: S311 - which people to ask about, not a secret
    people = await graph.read(_PEOPLE)
    chosen = rng.sample(people, min(size, len(people)))
    companies = [row["id"] for row in await graph.read(_COMPANIES)]
    words = [row["name"].split()[-1] for row in chosen]  # a last name: dozens of people share one
    return Sample(
        [row["id"] for row in chosen],
        rng.sample(companies, min(size, len(companies))),
        words,
        keys,
    )
