"""Query limits, computed from the document and its variables before anything runs.

Depth, aliases and `first` bounds, and GitHub's node limit: every connection's `first`
multiplied down the tree, summed over the document. Each refusal has a stable code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
)

MAX_DEPTH = 10
MAX_ALIASES = 15
MAX_NODES = 10_000
MAX_FIRST = 100
MAX_TOKENS = 2_000
LIST_ARGUMENTS = ("first",)


@dataclass
class QueryShape:
    """What a document asks for: its depth, aliases and worst-case node count, plus any refusals."""

    depth: int = 0
    aliases: int = 0
    nodes: int = 0
    errors: list[GraphQLError] = field(default_factory=list)


def measure(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    fragments: dict[str, FragmentDefinitionNode],
    variables: dict[str, Any] | None,
) -> QueryShape:
    shape = QueryShape()
    root = schema.get_root_type(operation.operation)
    if root is not None:
        _Walker(schema, fragments, variables or {}, shape).walk(operation.selection_set, root, 1, 1, (), frozenset())
    if shape.depth > MAX_DEPTH:
        shape.errors.append(_error(f"query depth {shape.depth} exceeds the limit of {MAX_DEPTH}", "QUERY_TOO_DEEP"))
    if shape.aliases > MAX_ALIASES:
        msg = f"{shape.aliases} aliases exceed the limit of {MAX_ALIASES} (fragments included)"
        shape.errors.append(_error(msg, "TOO_MANY_ALIASES"))
    if shape.nodes > MAX_NODES:
        msg = (
            f"this query could return {shape.nodes} nodes, over the limit of {MAX_NODES}; "
            "ask for smaller pages (`first`) in nested connections"
        )
        shape.errors.append(_error(msg, "MAX_NODE_LIMIT_EXCEEDED"))
    return shape


def _error(message: str, code: str, nodes: list[FieldNode] | None = None) -> GraphQLError:
    return GraphQLError(message, nodes=nodes, extensions={"code": code})


@dataclass
class _Walker:
    """One pass over the operation, fragments inlined where they are spread."""

    schema: GraphQLSchema
    fragments: dict[str, FragmentDefinitionNode]
    variables: dict[str, Any]
    shape: QueryShape

    def walk(  # noqa: PLR0917 - the walk's position: where, how deep, how many times, by which path
        self,
        selection_set: SelectionSetNode,
        parent: GraphQLNamedType,
        depth: int,
        multiplier: int,
        path: tuple[str, ...],
        spreading: frozenset[str],
    ) -> None:
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                self.field(selection, parent, depth, multiplier, path, spreading)
            elif isinstance(selection, InlineFragmentNode):
                condition = (
                    self.schema.get_type(selection.type_condition.name.value) if selection.type_condition else None
                )
                self.walk(selection.selection_set, condition or parent, depth, multiplier, path, spreading)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if fragment is None or name in spreading:
                    continue  # unknown or cyclic spreads are reported by standard validation
                condition = self.schema.get_type(fragment.type_condition.name.value) or parent
                self.walk(fragment.selection_set, condition, depth, multiplier, path, spreading | {name})

    def field(  # noqa: PLR0917 - as walk()
        self,
        node: FieldNode,
        parent: GraphQLNamedType,
        depth: int,
        multiplier: int,
        path: tuple[str, ...],
        spreading: frozenset[str],
    ) -> None:
        name = node.name.value
        if name.startswith("__"):
            return  # introspection is bounded by the schema itself
        self.shape.depth = max(self.shape.depth, depth)
        if node.alias is not None:
            self.shape.aliases += 1
        definition = parent.fields.get(name) if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType) else None
        if definition is None:
            return  # unknown fields are reported by standard validation
        field_path = (*path, node.alias.value if node.alias else name)
        if "first" in definition.args:
            first = _argument(node, "first", definition.args["first"].default_value, self.variables)
            if isinstance(first, int):
                if not 1 <= first <= MAX_FIRST:
                    msg = f"`first` on `{'.'.join(field_path)}` must be between 1 and {MAX_FIRST}, got {first}"
                    self.shape.errors.append(_error(msg, "BAD_USER_INPUT", [node]))
                    first = MAX_FIRST
                multiplier *= first
                self.shape.nodes += multiplier
        if node.selection_set is not None:
            child = get_named_type(definition.type)
            self.walk(node.selection_set, child, depth + 1, multiplier, field_path, spreading)


def _argument(node: FieldNode, name: str, default: object, variables: dict[str, Any]) -> object:
    for argument in node.arguments or ():
        if argument.name.value != name:
            continue
        value = argument.value
        if isinstance(value, IntValueNode):
            return int(value.value)
        if isinstance(value, VariableNode):
            given = variables.get(value.name.value)
            return default if given is None else given
        return default
    return default
