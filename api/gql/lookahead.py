"""Which nested fields a request asks for, so a resolver can fetch them with its own query.

A resolver that knows its children will be asked for can return their rows in the same round
trip and prime the loaders with them (`people { currentPositions { company } }`: one query, not
three). Fragments and aliases count like the fields they contain; a field under `@skip` or
`@include` counts as asked for, which at worst fetches a little more than is shown.

Read from the document itself, each fragment at most once per level: a fragment spread twice is
one selection to graphql-core too, and walking it at every spread would double the work with each
fragment that spreads the next one twice (Strawberry's `selected_fields` does, and converts the
whole subtree besides).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from graphql import FieldNode, FragmentDefinitionNode, FragmentSpreadNode, InlineFragmentNode, SelectionSetNode
from strawberry.types.nodes import convert_arguments

from api.gql.context import Info


def _below(fields: Iterable[FieldNode], fragments: dict[str, FragmentDefinitionNode], name: str) -> list[FieldNode]:
    """The fields called `name` directly below `fields`, through fragments (each fragment once)."""
    found: list[FieldNode] = []
    visited: set[str] = set()
    pending: list[SelectionSetNode] = [node.selection_set for node in fields if node.selection_set]
    while pending:
        for selection in pending.pop().selections:
            if isinstance(selection, FieldNode):
                if selection.name.value == name:
                    found.append(selection)
            elif isinstance(selection, InlineFragmentNode):
                pending.append(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode) and selection.name.value not in visited:
                visited.add(selection.name.value)
                fragment = fragments.get(selection.name.value)
                if fragment is not None:
                    pending.append(fragment.selection_set)
    return found


def asks_for(info: Info, *path: str) -> bool:
    """True when the field being resolved is asked for `path` below it, e.g. ("edges", "node", "name")."""
    raw = info._raw_info  # noqa: SLF001 - graphql-core's own info: the field's nodes and the document's fragments
    level: list[FieldNode] = list(raw.field_nodes)
    for name in path:
        level = _below(level, raw.fragments, name)
        if not level:
            return False
    return True


@dataclass(frozen=True)
class AskedField:
    """A field asked for below the one being resolved: its name and its arguments as written."""

    name: str
    arguments: dict[str, Any]


def fields_named(info: Info, name: str) -> list[AskedField]:
    """The fields called `name` directly below the field being resolved (through fragments), one per field node.

    Their `arguments` are as written: variables filled in, but literals not coerced (an Int literal
    is the string "2") and defaults not applied.
    """
    raw = info._raw_info  # noqa: SLF001 - as in asks_for
    return [
        AskedField(name, convert_arguments(raw, node.arguments))
        for node in _below(raw.field_nodes, raw.fragments, name)
    ]
