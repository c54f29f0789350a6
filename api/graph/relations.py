"""The Cypher each part of a plan compiles to: labels, properties, relations, list orders and filters.

Every piece is a fixed literal with placeholders the compiler fills with its own variable and
parameter names (api.graph.compiler): `{node}` is the entity being read, `{parent}` the one it
is related to, `{edge}` a relationship variable carried with the node (a position), `{inner}` a
variable of the pattern or the condition alone, and `{flag}` a parameter. Orders and filters are
those of the lists the API has always returned.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, LiteralString

from api.graph.plan import Entity, NodeEntity, RelationName

LABELS: Final[dict[NodeEntity, LiteralString]] = {
    "Person": "Person",
    "Company": "Company",
    "Role": "Role",
    "Interview": "Interview",
}

# Properties whose row value is not the stored one as is.
COMPUTED: Final[dict[tuple[Entity, str], LiteralString]] = {
    ("Person", "openToWork"): "coalesce({node}.openToWork, false)",
    ("Person", "sharesEncounters"): "coalesce({node}.sharesEncounters, false)",
    ("Interview", "practice"): "coalesce({node}.practice, false)",
    (
        "Role",
        "skills",
    ): "COLLECT {{ MATCH ({node})-[:REQUIRES]->({inner}:Skill) RETURN {inner}.name ORDER BY {inner}.name }}",
    # A position is a WORKS_AT relationship: its properties are the relationship's.
    ("Position", "title"): "{edge}.title",
    ("Position", "startedOn"): "{edge}.startedOn",
    ("Position", "endedOn"): "{edge}.endedOn",
}

# The rows a viewer owns (Access.OWNER): their own person, and the interviews where they are the candidate.
OWNED: Final[dict[Entity, LiteralString]] = {
    "Person": "{node}.id = $viewer",
    "Interview": "EXISTS {{ MATCH (:Person {{id: $viewer}})-[:CANDIDATE_IN]->({node}) }}",
}


@dataclass(frozen=True)
class Link:
    """How a relation's entities are reached from `{parent}`, and in which order they are listed."""

    target: Entity
    pattern: LiteralString
    where: LiteralString | None = None
    order: LiteralString | None = None
    distinct: bool = False  # one item per related entity, however many paths lead to it


# A current position has no end date; start dates unknown sort last (Cypher puts null first in DESC order).
_CURRENT_POSITIONS = "{edge}.startedOn IS NULL, {edge}.startedOn DESC, {node}.name, {node}.id"
# Two positions at one company with the same dates would tie: the relationship's own id settles it, so
# that the list read backwards is the same list reversed.
_POSITIONS = "{edge}.endedOn IS NULL DESC, {edge}.endedOn DESC, " + _CURRENT_POSITIONS + ", elementId({edge})"
_BY_NAME = "{node}.name, {node}.id"
# Roles without a posting date (imported ones) last, not first as a bare DESC would put them.
NEWEST_ROLES: Final = "{node}.postedOn IS NULL, {node}.postedOn DESC, {node}.title, {node}.id"


def reversed_order(order: LiteralString) -> LiteralString:
    """`order` with every key the other way round: the same list backwards, for pages read from the end.

    Exact because every order here ends in a unique key, and because Cypher sorts null after every
    value ascending and before every value descending.
    """
    return ", ".join(key.removesuffix(" DESC") if key.endswith(" DESC") else key + " DESC" for key in order.split(", "))


LINKS: Final[dict[tuple[Entity, RelationName], Link]] = {
    # A position's company is the `{node}` of the link that found the position: see compiler.
    ("Person", "currentPositions"): Link(
        "Position",
        "({parent})-[{edge}:WORKS_AT]->({node}:Company)",
        where="{edge}.endedOn IS NULL",
        order=_CURRENT_POSITIONS,
    ),
    ("Person", "positions"): Link("Position", "({parent})-[{edge}:WORKS_AT]->({node}:Company)", order=_POSITIONS),
    ("Person", "connections"): Link(
        "Person", "({parent})-[:KNOWS]-({node}:Person)", where="{node} <> {parent}", order=_BY_NAME, distinct=True
    ),
    # An interviewer's part counts once they confirm it (api.graph.interviews); no `confirmed` = confirmed.
    ("Person", "interviews"): Link(
        "Interview",
        "({parent})-[{inner}:CANDIDATE_IN|INTERVIEWER_IN]->({node}:Interview)",
        where="coalesce({inner}.confirmed, true)",
        order="{node}.date DESC, {node}.id",
        distinct=True,
    ),
    ("Person", "interviewsToConfirm"): Link(
        "Interview",
        "({parent})-[:INTERVIEWER_IN {{confirmed: false}}]->({node}:Interview)",
        order="{node}.date DESC, {node}.id",
    ),
    # current true = works there now (a position with no end date); false = used to, but no longer
    # (someone promoted in place has an ended position too, yet is no former employee); null = both.
    ("Company", "employees"): Link(
        "Person",
        "({node}:Person)-[:WORKS_AT]->({parent})",
        where="{flag} IS NULL OR EXISTS {{ MATCH ({node})-[{inner}:WORKS_AT]->({parent}) "
        "WHERE {inner}.endedOn IS NULL }} = {flag}",
        order=_BY_NAME,
        distinct=True,
    ),
    ("Company", "openRoles"): Link("Role", "({node}:Role {{status: 'OPEN'}})-[:AT]->({parent})", order=NEWEST_ROLES),
    ("Role", "company"): Link("Company", "({parent})-[:AT]->({node}:Company)"),
    ("Role", "hiringManager"): Link("Person", "({node}:Person)-[:HIRES_FOR]->({parent})"),
    ("Role", "recruiters"): Link("Person", "({node}:Person)-[:RECRUITS_FOR]->({parent})", order=_BY_NAME),
    ("Interview", "company"): Link("Company", "({parent})-[:WITH]->({node}:Company)"),
    ("Interview", "role"): Link("Role", "({parent})-[:FOR]->({node}:Role)"),
    ("Interview", "candidate"): Link("Person", "({node}:Person)-[:CANDIDATE_IN]->({parent})"),
    ("Interview", "interviewers"): Link("Person", "({node}:Person)-[:INTERVIEWER_IN]->({parent})", order=_BY_NAME),
}

# The root lists: which nodes match a filter (its parameters by name), and their order. Every person and
# company has a name (both schema types say so); saying `IS NOT NULL` lets Neo4j read them in name order
# from the name index (schema/002_indexes.cypher), a page at a time, instead of sorting all of them.
PEOPLE_FILTER: Final = """{node}.name IS NOT NULL
  AND ($nameContains IS NULL OR toLower({node}.name) CONTAINS toLower($nameContains))
  AND ($openToWork IS NULL OR coalesce({node}.openToWork, false) = $openToWork)
  AND ($companyId IS NULL OR EXISTS {{
        MATCH ({node})-[{inner}:WORKS_AT]->(:Company {{id: $companyId}}) WHERE {inner}.endedOn IS NULL }})"""
COMPANIES_FILTER: Final = """{node}.name IS NOT NULL
  AND ($nameContains IS NULL OR toLower({node}.name) CONTAINS toLower($nameContains))
  AND ($hasOpenRoles IS NULL OR EXISTS {{ MATCH (:Role {{status: 'OPEN'}})-[:AT]->({node}) }} = $hasOpenRoles)"""
ROLES_FILTER: Final = """($status IS NULL OR {node}.status = $status)
  AND ($titleContains IS NULL OR toLower({node}.title) CONTAINS toLower($titleContains))
  AND ($companyId IS NULL OR EXISTS {{ MATCH ({node})-[:AT]->(:Company {{id: $companyId}}) }})"""
BY_NAME: Final = _BY_NAME

# Full-text hits of a Lucene query, best first; the index covers people, companies and roles.
SEARCH: Final = """CALL db.index.fulltext.queryNodes('search_text', $query) YIELD node, score
WITH node AS {node}, score ORDER BY score DESC, {node}.id LIMIT $limit"""
