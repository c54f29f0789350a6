"""Whether a value fits a type hint, TypedDicts checked key for key: keeps the row types honest (test_rows.py).

The graph functions cast the driver's rows to TypedDicts without looking; these checks compare what a
statement really returned with the type, recursively through nested rows, lists and maps.
"""

from __future__ import annotations

import types
from typing import Any, Literal, NotRequired, Required, Union, get_args, get_origin, get_type_hints, is_typeddict


def mismatches(value: object, hint: Any, at: str, seen: set[str]) -> list[str]:
    """Where `value` does not fit the type `hint` (empty when it does); `seen` collects the TypedDicts it fits."""
    origin = get_origin(hint)
    if is_typeddict(hint):
        return _row_mismatches(value, hint, at, seen)
    if origin in (list, dict):
        return _collection_mismatches(value, hint, at, seen)
    if origin in (Union, types.UnionType):
        return _union_mismatches(value, hint, at, seen)
    if origin is Literal:
        fit = value in get_args(hint)
    else:
        assert isinstance(hint, type), f"{at}: no check for {hint}"
        fit = isinstance(value, hint)
    return [] if fit else [f"{at}: {value!r} is not {hint}"]


def _row_mismatches(value: object, row: Any, at: str, seen: set[str]) -> list[str]:
    """`mismatches` for the TypedDict `row`: its required keys, no others, each value of its type."""
    if not isinstance(value, dict):
        return [f"{at}: {value!r} is not a map ({row.__name__})"]
    required, hints = _keys(row)
    found = [f"{at}: no {key!r} ({row.__name__})" for key in sorted(required - value.keys())]
    found += [f"{at}: {key!r} is not in {row.__name__}" for key in sorted(value.keys() - hints.keys())]
    for key in sorted(value.keys() & hints.keys()):
        found += mismatches(value[key], hints[key], f"{at}.{key}", seen)
    if not found:
        seen.add(row.__name__)
    return found


def rows_mismatches(rows: list[dict[str, Any]], row: Any, seen: set[str]) -> list[str]:
    return [found for at, each in enumerate(rows) for found in mismatches(each, row, f"row {at}", seen)]


def _collection_mismatches(value: object, hint: Any, at: str, seen: set[str]) -> list[str]:
    origin, args = get_origin(hint), get_args(hint)
    if not isinstance(value, origin):
        return [f"{at}: {value!r} is not a {origin.__name__}"]
    if isinstance(value, list):
        return [
            found for index, each in enumerate(value) for found in mismatches(each, args[0], f"{at}[{index}]", seen)
        ]
    assert isinstance(value, dict)
    return [
        found
        for key, each in value.items()
        for found in mismatches(key, args[0], f"{at} key", seen) + mismatches(each, args[1], f"{at}[{key!r}]", seen)
    ]


def _union_mismatches(value: object, hint: Any, at: str, seen: set[str]) -> list[str]:
    """A value fits a union when it fits one of its types (and only that one's TypedDicts count as seen)."""
    for option in get_args(hint):
        fits: set[str] = set()
        if not mismatches(value, option, at, fits):
            seen |= fits
            return []
    options = [option for option in get_args(hint) if option is not type(None)]
    return [f"{at}: none of {hint}", *(found for option in options for found in mismatches(value, option, at, set()))]


def rows_within(hint: Any) -> set[str]:
    """The TypedDicts in a value of type `hint` (wherever its lists are not empty and its unions not null):
    its own and those under their required keys."""
    if is_typeddict(hint):
        required, hints = _keys(hint)
        return {hint.__name__} | {name for key in required for name in rows_within(hints[key])}
    return {name for argument in get_args(hint) for name in rows_within(argument)}


def _keys(row: Any) -> tuple[set[str], dict[str, Any]]:
    """The TypedDict's required keys, and every key's type.

    Read from the evaluated hints: Python 3.11 does not see Required and NotRequired in postponed (string)
    annotations, so a class's __required_keys__ goes by its totality alone.
    """
    required, hints = set(), {}
    for key, hint in get_type_hints(row, include_extras=True).items():
        qualifier = get_origin(hint)
        hints[key] = get_args(hint)[0] if qualifier in (Required, NotRequired) else hint
        if qualifier is Required or (qualifier is not NotRequired and key in row.__required_keys__):
            required.add(key)
    return required, hints
