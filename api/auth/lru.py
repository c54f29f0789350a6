"""The most recently used answers, bounded in entries and in bytes, for the per-process auth caches.

A key (a bearer token, a token's subject) is as long as the client's request head allows, up to
CROSSPATHS_MAX_HEADER_BYTES, so a bound on entries alone is no bound on memory.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

V = TypeVar("V")


class BoundedLru(Generic[V]):
    """key -> value, at most `max_entries` and about `max_bytes`; the least recently used goes first.

    An entry is counted as its key's length, plus the text its value holds (`put`'s `value_chars`),
    plus `overhead`: what the rest costs (the ordered dict's slot and link, the str headers, the
    value's objects), measured for each cache in tests/auth/test_caches.py. An entry bigger than a
    tenth of `max_bytes` is not kept at all, so one client cannot push out everyone else's at once.

    Example:
        recent = BoundedLru[str](max_entries=1_000, max_bytes=1 << 20, overhead=320)
        recent.put("subject", "person-id", value_chars=9)
        recent.get("subject")  # "person-id"
    """

    def __init__(self, *, max_entries: int, max_bytes: int, overhead: int) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.overhead = overhead
        self._entries: OrderedDict[str, tuple[V, int]] = OrderedDict()
        self._bytes = 0

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def bytes(self) -> int:
        """The entries' size as counted (see the class)."""
        return self._bytes

    def get(self, key: str) -> V | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        self._entries.move_to_end(key)
        return entry[0]

    def put(self, key: str, value: V, *, value_chars: int) -> None:
        self.pop(key)
        size = len(key) + value_chars + self.overhead
        if size > self.max_bytes // 10:
            return
        self._entries[key] = (value, size)
        self._bytes += size
        while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
            _, (_, dropped) = self._entries.popitem(last=False)
            self._bytes -= dropped

    def pop(self, key: str) -> None:
        entry = self._entries.pop(key, None)
        if entry is not None:
            self._bytes -= entry[1]

    def keys_where(self, keep: Callable[[V], bool]) -> Iterator[str]:
        """The keys whose value `keep` accepts (a snapshot: popping them while iterating is safe)."""
        return iter([key for key, (value, _) in self._entries.items() if keep(value)])

    def clear(self) -> None:
        self._entries.clear()
        self._bytes = 0
