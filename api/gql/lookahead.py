"""Which nested fields a request asks for, so a resolver can fetch them with its own query.

A resolver that knows its children will be asked for can return their rows in the same round
trip and prime the loaders with them (`people { currentPositions { company } }`: one query, not
three). Fragments and aliases count like the fields they contain; a field under `@skip` or
`@include` counts as asked for, which at worst fetches a little more than is shown.
"""

from __future__ import annotations

from collections.abc import Sequence

from strawberry.types.nodes import SelectedField, Selection

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


def fields_named(info: Info, name: str) -> list[SelectedField]:
    """The fields called `name` directly below the field being resolved (through fragments), one per occurrence.

    Their `arguments` are as written: variables filled in, but literals not coerced (an Int literal
    is the string "2") and defaults not applied.
    """
    found: list[SelectedField] = []

    def walk(selections: Sequence[Selection]) -> None:
        for selection in selections:
            if isinstance(selection, SelectedField):
                if selection.name == name:
                    found.append(selection)
            else:
                walk(selection.selections)

    for field in info.selected_fields:
        walk(field.selections)
    return found
