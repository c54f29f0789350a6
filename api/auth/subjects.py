"""A short-lived memory of which person a token's subject is, so a JWT does not cost a query per request.

Checking that a bearer token's subject is (still) a person is a database round trip; on a small
query it was a third of the request's time (docs/benchmarks.md). A client sends many requests with
one token, so the answer is kept for `ttl_s` seconds. The price: a person removed from the graph
keeps access with an unexpired token for up to that long. Only accepted answers are kept, so a
person just added can sign in at once. Personal access tokens are never cached: revoking one
takes effect on the next request.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable

Lookup = Callable[[], Awaitable[str | None]]

_MAX_ENTRIES = 10_000  # distinct subjects remembered at once; the oldest is forgotten first


class SubjectCache:
    """(subject, email claim) -> person id (or None for an admin without one), for `ttl_s` seconds."""

    def __init__(self, ttl_s: float, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl_s = ttl_s
        self._clock = clock
        self._entries: OrderedDict[tuple[str, str | None], tuple[float, str | None]] = OrderedDict()

    async def person_of(
        self, subject: str, email: str | None, lookup: Lookup, *, accept: Callable[[str | None], bool]
    ) -> str | None:
        """The cached person of the subject, else `lookup()`'s answer, kept when `accept` takes it."""
        key = (subject, email)
        now = self._clock()
        hit = self._entries.get(key)
        if hit is not None and hit[0] > now:
            return hit[1]
        person_id = await lookup()
        if self.ttl_s <= 0 or not accept(person_id):
            self._entries.pop(key, None)
            return person_id
        self._entries[key] = (now + self.ttl_s, person_id)
        self._entries.move_to_end(key)
        while len(self._entries) > _MAX_ENTRIES:
            self._entries.popitem(last=False)
        return person_id

    def clear(self) -> None:
        """Forget every subject (the graph changed behind the app's back, e.g. a wipe)."""
        self._entries.clear()
