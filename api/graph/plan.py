"""What a read asks of the graph: which entities, which of their properties and relations, with what paging.

The GraphQL layer turns a request's selection into a plan (api.gql.planner); the compiler
(api.graph.compiler) turns a plan into one Cypher statement. Plans are plain frozen values with
no GraphQL inside, and privacy is already decided in them (see Access): the compiler only renders
the conditions. The same plan shape always compiles to the same text, whatever the values.
"""

from __future__ import annotations

import enum
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Literal

Entity = Literal["Person", "Company", "Role", "Interview", "Position"]
NodeEntity = Literal["Person", "Company", "Role", "Interview"]

# What each entity links to. A relation's result is one entity (or null), a list, or a page (see Relation).
RelationName = Literal[
    # Person
    "currentPositions",  # [Position]: no end date, newest start first
    "positions",  # page of Position: current first, then newest
    "connections",  # page of Person: KNOWS either way, by name
    "interviews",  # page of Interview: candidate or confirmed interviewer, newest first
    "interviewsToConfirm",  # page of Interview: named as interviewer, not confirmed yet, newest first
    # Company
    "employees",  # page of Person, by name; `current` narrows it
    "openRoles",  # page of Role: OPEN ones, newest first
    # Role, Interview, Position
    "company",  # Company
    "hiringManager",  # Person or null
    "recruiters",  # [Person] by name
    "role",  # Role or null
    "candidate",  # Person
    "interviewers",  # [Person] by name
]


class Access(enum.Enum):
    """Who may read a private value, decided for the viewer before the statement is built."""

    ALL = "all"  # public, or the viewer is an admin
    OWNER = "owner"  # only on rows the viewer owns: their own person, interviews where they are the candidate
    NONE = "none"  # nobody here may: the value reads as null (or an empty list)


@dataclass(frozen=True)
class Viewer:
    """Who is asking, as far as the statement is concerned: the owner in Access.OWNER conditions."""

    person_id: str | None


@dataclass(frozen=True)
class Property:
    """A property of the entity, by its name in the graph (and in the row)."""

    name: str
    access: Access = Access.ALL
    hidden: bool | None = None  # what the value reads as where `access` hides it


@dataclass(frozen=True)
class Page:
    """A slice of an ordered list: `size` items after `skip`; the total and "is there more" only when asked.

    A page `from_end` is read in the reverse order, `skip` counted from the list's end, and its items
    come back in the list's order: the last `size` items without reading the others.
    """

    skip: int
    size: int
    count: bool = False  # the list's total length
    more: bool = False  # whether items follow this page (one more is read past it)
    from_end: bool = False


@dataclass(frozen=True)
class Relation:
    """A related entity, list or page, read with the properties and relations of `selection`.

    `key` is how the API layer finds this result again (a field and its arguments); the graph
    layer only carries it.
    """

    key: Hashable
    name: RelationName
    selection: Selection
    page: Page | None = None
    current: bool | None = None  # employees: now (True), formerly only (False), either (None)
    access: Access = Access.ALL


@dataclass(frozen=True)
class Selection:
    """What to read of one entity: its id always, these properties, these relations."""

    entity: Entity
    properties: tuple[Property, ...] = ()
    relations: tuple[Relation, ...] = ()

    def pages(self) -> list[tuple[str, Relation]]:
        """The paged relations with the name each one's result has in the row's `pages` map."""
        named: list[tuple[str, Relation]] = []
        seen: dict[str, int] = {}
        for relation in self.relations:
            if relation.page is not None:
                before = seen[relation.name] = seen.get(relation.name, -1) + 1
                named.append((f"{relation.name}_{before}" if before else relation.name, relation))
        return named


# --- what a root field reads ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NodeRead:
    """One node by id (null when absent or, under Access.OWNER, not the viewer's)."""

    id: str
    selection: Selection
    access: Access = Access.ALL


@dataclass(frozen=True)
class NodesRead:
    """Nodes by id, each type with its own selection: the answer keeps them by type and id."""

    ids: tuple[tuple[NodeEntity, tuple[str, ...]], ...]
    selections: tuple[tuple[NodeEntity, Selection], ...]
    interview_access: Access = Access.ALL


@dataclass(frozen=True)
class PeopleFilter:
    name_contains: str | None = None
    company_id: str | None = None  # works there now
    open_to_work: bool | None = None


@dataclass(frozen=True)
class CompaniesFilter:
    name_contains: str | None = None
    has_open_roles: bool | None = None


@dataclass(frozen=True)
class RolesFilter:
    company_id: str | None = None
    status: str | None = None
    title_contains: str | None = None


@dataclass(frozen=True)
class PageRead:
    """A filtered, ordered page of people, companies or roles."""

    filter: PeopleFilter | CompaniesFilter | RolesFilter
    page: Page
    selection: Selection


@dataclass(frozen=True)
class SearchRead:
    """Full-text hits (a Lucene query), best first, each read with its type's selection."""

    query: str
    limit: int
    selections: tuple[tuple[Literal["Person", "Company", "Role"], Selection], ...]


Read = NodeRead | NodesRead | PageRead | SearchRead
