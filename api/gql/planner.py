"""A request's selection (api.gql.selection) turned into a read plan (api.graph.plan).

Each field of our types maps to a property or a relation of the graph; a relation's arguments
are checked here (`first`/`last` 1..100, cursors decoded), and privacy is decided here for the viewer
(api.gql.privacy). Relations are keyed by their field name and argument values: two aliases with
the same arguments read one result, two with different arguments read two (and a relation below
a merged parent keeps its own key, so the merge never mixes them up).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, cast

from graphql import FieldNode, GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLOutputType

from api.auth.viewer import Viewer
from api.gql.pagination import Window
from api.gql.privacy import HIDDEN_AS, field_access
from api.gql.selection import Fields, Selections
from api.graph.plan import Entity, Page, Property, Relation, RelationName, Selection

# Which fields of each type are stored properties (by the same name in the graph) and which are relations.
PROPERTIES: Final[dict[Entity, frozenset[str]]] = {
    "Person": frozenset({"name", "headline", "location", "email", "linkedinUrl", "openToWork", "sharesEncounters"}),
    "Company": frozenset({"name", "domain", "industry"}),
    "Role": frozenset({"title", "status", "location", "remote", "postedOn", "skills"}),
    "Interview": frozenset({"date", "stage", "outcome", "practice", "notes"}),
    "Position": frozenset({"title", "startedOn", "endedOn"}),
}
RELATIONS: Final[dict[Entity, frozenset[RelationName]]] = {
    "Person": frozenset({"currentPositions", "positions", "connections", "interviews", "interviewsToConfirm"}),
    "Company": frozenset({"employees", "openRoles"}),
    "Role": frozenset({"company", "hiringManager", "recruiters"}),
    "Interview": frozenset({"company", "role", "candidate", "interviewers"}),
    "Position": frozenset({"company"}),
}
# Fields that run their own statement when resolved (api.gql.network, api.gql.interview_value): the plan
# leaves them out.
# A search takes Neo4j seconds to plan; alone its text never changes and is planned ahead once, while
# nested here it would be planned again for every selection shape around it (docs/benchmarks.md, "Why
# the network fields keep their own statement"), to save one round trip.
SEARCHED: Final[dict[Entity, frozenset[str]]] = {
    "Person": frozenset(
        {
            "encounters",
            "opportunities",
            "pathsTo",
            "mutualConnections",
            "degreeTo",
            "suggestions",
            "interviewStats",
            "interviewValue",
            "interviewValues",
        }
    ),
}


@dataclass(frozen=True)
class ConnectionPlan:
    """What a connection field asks for: its window, whether its total and its next page are selected, the
    selection on its nodes."""

    window: Window
    count: bool
    more: bool
    nodes: list[FieldNode]

    @property
    def page(self) -> Page:
        """The page the graph reads for it."""
        return self.window.page(count=self.count, more=self.more)


@dataclass(frozen=True)
class Planner:
    """Plans for one request: its document and variables, and who is asking."""

    selections: Selections
    viewer: Viewer | None

    def object_type(self, name: str) -> GraphQLObjectType:
        return cast("GraphQLObjectType", self.selections.schema.get_type(name))

    def selection(self, entity: Entity, nodes: Sequence[FieldNode]) -> Selection:
        """What `nodes` (one field's nodes, of an object of type `entity`) select of it."""
        type_ = self.object_type(entity)
        properties: dict[str, Property] = {}
        groups: dict[Hashable, list[FieldNode]] = {}
        # Node by node: parents merged by name (two aliases of `edges`, say) may select other fields,
        # or the same field with other arguments, under one response key.
        for node in _each(self.selections.below(type_, nodes)):
            name = node.name.value
            if name in PROPERTIES[entity]:
                access = field_access(self.viewer, entity, name)
                properties.setdefault(name, Property(name, access, HIDDEN_AS.get((entity, name))))
            elif name in RELATIONS[entity]:
                arguments = self.selections.arguments(type_, node)
                groups.setdefault((name, *arguments.values()), []).append(node)
        relations = tuple(self.relation(type_, entity, key, group) for key, group in groups.items())
        return Selection(entity, tuple(properties.values()), relations)

    def relation(self, type_: GraphQLObjectType, entity: Entity, key: Hashable, nodes: list[FieldNode]) -> Relation:
        name = cast("RelationName", nodes[0].name.value)
        field_type = named(type_.fields[name].type)
        access = field_access(self.viewer, entity, name)
        if not field_type.name.endswith("Connection"):
            target = cast("Entity", field_type.name)
            return Relation(key, name, self.selection(target, nodes), access=access)
        arguments = self.selections.arguments(type_, nodes[0])
        connection = self.connection(field_type, nodes, name, arguments)
        target = cast("Entity", _node_type(field_type).name)
        return Relation(
            key,
            name,
            self.selection(target, connection.nodes),
            page=connection.page,
            current=arguments.get("current"),
            access=access,
        )

    def nodes_at(self, type_: GraphQLObjectType, nodes: Sequence[FieldNode], names: Sequence[str]) -> list[FieldNode]:
        """The nodes of the field reached from `nodes` (on a `type_` object) through these field names, any alias."""
        found = list(nodes)
        for name in names:
            found = [node for node in _each(self.selections.below(type_, found)) if node.name.value == name]
            if not found:
                break
            type_ = named(type_.fields[name].type)
        return found

    def connection(
        self, type_: GraphQLObjectType, nodes: Sequence[FieldNode], field: str, arguments: Mapping[str, Any]
    ) -> ConnectionPlan:
        """The page a connection field asks for (arguments checked) and the nodes selecting its items."""
        window = connection_window(field, arguments)
        count = more = False
        items: list[FieldNode] = []
        for node in _each(self.selections.below(type_, nodes)):
            name = node.name.value
            if name == "totalCount":
                count = True
            elif name == "pageInfo":
                page_info = self.object_type("PageInfo")
                more = more or any(
                    field.name.value == "hasNextPage" for field in _each(self.selections.below(page_info, [node]))
                )
            elif name == "edges":
                edge = named(type_.fields["edges"].type)
                items += [field for field in _each(self.selections.below(edge, [node])) if field.name.value == "node"]
        return ConnectionPlan(window, count, more, items)


def connection_window(field: str, arguments: Mapping[str, Any]) -> Window:
    """The window of a connection field with these (coerced) arguments."""
    return Window.of(
        field,
        first=arguments.get("first"),
        after=arguments.get("after"),
        last=arguments.get("last"),
        before=arguments.get("before"),
    )


def _each(fields: Fields) -> Iterator[FieldNode]:
    """Every selected node, whatever its response key."""
    for nodes in fields.values():
        yield from nodes


def named(type_: GraphQLOutputType) -> GraphQLObjectType:
    while isinstance(type_, GraphQLNonNull | GraphQLList):
        type_ = type_.of_type
    return cast("GraphQLObjectType", type_)


def _node_type(connection: GraphQLObjectType) -> GraphQLObjectType:
    return named(named(connection.fields["edges"].type).fields["node"].type)
