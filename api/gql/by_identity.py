"""A bounded store keyed by the identity of objects: answers worked out once per parsed document.

Documents are parsed once (api.gql.schema.DocumentCache), so the same AST objects come back request
after request, and identity finds them without hashing a tree (a document's hash walks all of it).
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Generic, TypeVar

V = TypeVar("V")


class ByIdentity(Generic[V]):
    """Values keyed by the identity of a tuple of objects; at most `size`, the oldest go first.

    An entry holds the objects it is keyed by, so their ids cannot be reused by other objects while
    it is kept.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[tuple[int, ...], tuple[tuple[object, ...], V]] = OrderedDict()

    def get(self, objects: tuple[object, ...]) -> tuple[bool, V | None]:
        """(known, value): `known` tells a kept None from nothing kept."""
        entry = self._entries.get(tuple(map(id, objects)))
        return (False, None) if entry is None else (True, entry[1])

    def keep(self, objects: tuple[object, ...], value: V) -> None:
        self._entries[tuple(map(id, objects))] = (objects, value)
        if len(self._entries) > self.size:
            self._entries.popitem(last=False)
