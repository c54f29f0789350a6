"""A bounded cache for what the API works out once for many requests (api.gql.kept_reads, api.gql.kept_shapes)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any, Generic, TypeVar

import orjson

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


def values_key(values: dict[str, Any], names: tuple[str, ...], limit: int) -> str | None:
    """The values of these variables (those given) as a key: exact JSON, so `1`, `1.0`, `true` and `"1"` differ, and
    a name not given differs from one given as null. None when they take over `limit` bytes or JSON cannot say them.
    """
    try:
        encoded = orjson.dumps({name: values[name] for name in names if name in values}, option=orjson.OPT_SORT_KEYS)
    except TypeError:  # orjson's JSONEncodeError: an upload, an integer over 64 bits, a key that is not a string
        return None
    # As text: orjson's bytes keep a 4 KiB buffer however short they are.
    return encoded.decode() if len(encoded) <= limit else None


class Lru(Generic[K, V]):
    """key -> value, at most `entries` and `size` bytes as counted by `put`; the least recently used goes first.

    An entry counted at over a tenth of `size` is not kept, so that no one request pushes out everyone else's.
    """

    def __init__(self, entries: int, size: int) -> None:
        self.entries = entries
        self.size = size
        self.bytes = 0
        self._kept: OrderedDict[K, tuple[V, int]] = OrderedDict()
        self._lock = threading.Lock()  # one process may run apps on several threads' event loops (the tests)

    def __len__(self) -> int:
        return len(self._kept)

    def get(self, key: K) -> V | None:
        with self._lock:
            found = self._kept.get(key)
            if found is None:
                return None
            self._kept.move_to_end(key)
            return found[0]

    def put(self, key: K, value: V, size: int) -> None:
        if size > self.size // 10:
            return
        with self._lock:
            old = self._kept.pop(key, None)
            self.bytes += size - (old[1] if old is not None else 0)
            self._kept[key] = (value, size)
            while len(self._kept) > self.entries or self.bytes > self.size:
                _, (_, dropped) = self._kept.popitem(last=False)
                self.bytes -= dropped

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()
            self.bytes = 0
