"""The most recently used answers, bounded in entries and in bytes: every per-process cache of the API.

A key (a bearer token, a token's subject, a document's text) is as long as the client's request
allows, so a bound on entries alone is no bound on memory: each cache counts what an entry holds
(api.auth.jwt_tokens, api.auth.subjects, api.gql.kept_reads, api.gql.kept_shapes).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class BoundedLru(Generic[K, V]):
    """key -> value, at most `max_entries` and about `max_bytes`; the least recently used goes first.

    An entry is counted as the `size` its cache gives `put` (the text its key and value hold), plus
    `overhead`: what the rest costs (the ordered dict's slot and link, the str headers, the value's
    objects), measured for each cache in its tests. An entry bigger than a tenth of `max_bytes` is
    not kept at all, so one client cannot push out everyone else's at once.

    Example:
        recent = BoundedLru[str, str](max_entries=1_000, max_bytes=1 << 20, overhead=320)
        recent.put("subject", "person-id", size=len("subject") + len("person-id"))
        recent.get("subject")  # "person-id"
    """

    def __init__(self, *, max_entries: int, max_bytes: int, overhead: int = 0) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.overhead = overhead
        self._entries: OrderedDict[K, tuple[V, int]] = OrderedDict()
        self._bytes = 0
        # One process may serve apps on several threads' event loops (the tests, the benchmark).
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def bytes(self) -> int:
        """The entries' size as counted (see the class)."""
        return self._bytes

    def get(self, key: K) -> V | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            self._entries.move_to_end(key)
            return entry[0]

    def put(self, key: K, value: V, *, size: int) -> None:
        counted = size + self.overhead
        with self._lock:
            self._pop(key)
            if counted > self.max_bytes // 10:
                return
            self._entries[key] = (value, counted)
            self._bytes += counted
            while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
                _, (_, dropped) = self._entries.popitem(last=False)
                self._bytes -= dropped

    def pop(self, key: K) -> None:
        with self._lock:
            self._pop(key)

    def _pop(self, key: K) -> None:
        entry = self._entries.pop(key, None)
        if entry is not None:
            self._bytes -= entry[1]

    def keys_where(self, keep: Callable[[V], bool]) -> Iterator[K]:
        """The keys whose value `keep` accepts (a snapshot: popping them while iterating is safe)."""
        with self._lock:
            return iter([key for key, (value, _) in self._entries.items() if keep(value)])

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0
