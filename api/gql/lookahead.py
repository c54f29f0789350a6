"""Which nested fields a request asks for, so a resolver can fetch them with its own query.

A resolver that knows its children will be asked for can return their rows in the same round
trip and prime the loaders with them (`people { currentPositions { company } }`: one query, not
three). Fragments and aliases count like the fields they contain; a field under `@skip` or
`@include` counts as asked for, which at worst fetches a little more than is shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from graphql import FieldNode, FragmentSpreadNode, InlineFragmentNode, SelectionSetNode
from strawberry.types.nodes import SelectedField, Selection, convert_arguments

from api.gql.context import Info


def selects(selections: Sequence[Selection], path: Sequence[str]) -> bool:
    """True when `selections` ask for the field path `path` (field names, not aliases)."""
    if not path:
        return True
    for selection in selections:
        if isinstance(selection, SelectedField):
            if selection.name == path[0] and selects(selection.selections, path[1:]):
                return True
        elif selects(selection.selections, path):  # a fragment: its fields are at this level
            return True
    return False


def asks_for(info: Info, *path: str) -> bool:
    """True when the field being resolved is asked for `path` below it, e.g. ("edges", "node", "name")."""
    return selects(info.selected_fields, (info.field_name, *path))


@dataclass(frozen=True)
class AskedField:
    """A field asked for below the one being resolved: its name and its arguments as written."""

    name: str
    arguments: dict[str, Any]


def fields_named(info: Info, name: str) -> list[AskedField]:
    """The fields called `name` directly below the field being resolved (through fragments), one per occurrence.

    Their `arguments` are as written: variables filled in, but literals not coerced (an Int literal
    is the string "2") and defaults not applied. Read from the document itself: Strawberry's
    `selected_fields` would convert the whole subtree first (~40 µs for a page of opportunities).
    """
    raw = info._raw_info  # noqa: SLF001 - graphql-core's own info: the field's nodes and the document's fragments
    found: list[AskedField] = []

    def walk(selection_set: SelectionSetNode | None) -> None:
        for selection in selection_set.selections if selection_set is not None else ():
            if isinstance(selection, FieldNode):
                if selection.name.value == name:
                    found.append(AskedField(name, convert_arguments(raw, selection.arguments)))
            elif isinstance(selection, InlineFragmentNode):
                walk(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode) and selection.name.value in raw.fragments:
                walk(raw.fragments[selection.name.value].selection_set)

    for node in raw.field_nodes:
        walk(node.selection_set)
    return found
