"""The fields a request selects, read from its document the way graphql-core's executor reads them.

Fields are grouped by response key as graphql-core's CollectFields groups them: each fragment is
expanded at most once per selection set (so a document's fragments cost what the document
weighs, however they nest), @include/@skip are applied with the request's variables, and a
fragment counts only for the object types its type condition matches. Arguments are coerced by
graphql-core's own get_argument_values, so a plan sees exactly the values a resolver would.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLIncludeDirective,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLSkipDirective,
    InlineFragmentNode,
    NamedTypeNode,
    OperationDefinitionNode,
    OperationType,
    SelectionNode,
    SelectionSetNode,
    get_argument_values,
    get_directive_values,
    is_abstract_type,
    type_from_ast,
)
from graphql.execution import VariableValues
from graphql.pyutils import Path

Fields = dict[str, list[FieldNode]]
"""Selected fields by response key; one key gathers every node that selects it (through fragments too)."""


@dataclass(frozen=True)
class Selections:
    """One operation of a request, as plans read it: its schema, fragments and coerced variables."""

    schema: GraphQLSchema
    operation: OperationDefinitionNode
    fragments: dict[str, FragmentDefinitionNode]
    variables: VariableValues

    @classmethod
    def of(
        cls,
        schema: GraphQLSchema,
        document: DocumentNode,
        operation: OperationDefinitionNode,
        variables: dict[str, Any],
    ) -> Selections:
        """`variables` are the operation's coerced values (a resolver's info.variable_values)."""
        fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        # Only the coerced values are read when arguments are coerced; their sources are not.
        return cls(schema, operation, fragments, VariableValues(sources={}, coerced=variables))

    def root(self, response_key: str) -> list[FieldNode]:
        """The nodes of the operation's root field with this response key."""
        kind = self.operation.operation
        root = self.schema.mutation_type if kind is OperationType.MUTATION else self.schema.query_type
        assert root is not None  # noqa: S101 - the operation was validated against this schema
        return self.fields(root, [self.operation.selection_set]).get(response_key, [])

    def at(self, path: Path) -> list[FieldNode]:
        """The nodes of the field at this response path (a resolver's info.path): what that field was asked."""
        steps: list[tuple[str, str | None]] = []
        step: Path | None = path
        while step is not None:
            if isinstance(step.key, str):  # list indices are not fields
                steps.append((step.key, step.typename))
            step = step.prev
        nodes: list[FieldNode] = []
        for depth, (key, typename) in enumerate(reversed(steps)):
            parent = cast("GraphQLObjectType", self.schema.get_type(typename or ""))
            fields = self.fields(parent, [self.operation.selection_set]) if depth == 0 else self.below(parent, nodes)
            nodes = fields.get(key, [])
        return nodes

    def below(self, type_: GraphQLObjectType, nodes: Iterable[FieldNode]) -> Fields:
        """The fields selected below `nodes` (one field's nodes) on an object of type `type_`."""
        return self.fields(type_, [node.selection_set for node in nodes if node.selection_set is not None])

    def fields(self, type_: GraphQLObjectType, selection_sets: Iterable[SelectionSetNode]) -> Fields:
        """The fields these selection sets select on an object of type `type_`, by response key."""
        found: Fields = {}
        visited: set[str] = set()
        for selection_set in selection_sets:
            self._collect(type_, selection_set, found, visited)
        return found

    def arguments(self, type_: GraphQLObjectType, node: FieldNode) -> dict[str, Any]:
        """The field's arguments, coerced as graphql-core coerces them for its resolver (defaults included)."""
        return get_argument_values(type_.fields[node.name.value], node, self.variables)

    def _collect(
        self, type_: GraphQLObjectType, selection_set: SelectionSetNode, found: Fields, visited: set[str]
    ) -> None:
        for selection in selection_set.selections:
            if not self._included(selection):
                continue
            if isinstance(selection, FieldNode):
                key = selection.alias.value if selection.alias else selection.name.value
                found.setdefault(key, []).append(selection)
            elif isinstance(selection, InlineFragmentNode):
                if self._applies(selection.type_condition, type_):
                    self._collect(type_, selection.selection_set, found, visited)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name in visited:
                    continue
                visited.add(name)
                fragment = self.fragments.get(name)
                if fragment is not None and self._applies(fragment.type_condition, type_):
                    self._collect(type_, fragment.selection_set, found, visited)

    def _included(self, selection: SelectionNode) -> bool:
        if not selection.directives:
            return True
        skip = get_directive_values(GraphQLSkipDirective, selection, self.variables)
        if skip is not None and skip["if"] is True:
            return False
        include = get_directive_values(GraphQLIncludeDirective, selection, self.variables)
        return include is None or include["if"] is not False

    def _applies(self, condition: NamedTypeNode | None, type_: GraphQLObjectType) -> bool:
        if condition is None:
            return True
        conditional = type_from_ast(self.schema, condition)
        if conditional is type_:
            return True
        return is_abstract_type(conditional) and self.schema.is_sub_type(conditional, type_)
