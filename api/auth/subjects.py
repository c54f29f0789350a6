"""A short-lived memory of which person a token's subject is, so a JWT does not cost a query per request.

Checking that a bearer token's subject is (still) a person is a database round trip; on a small
query it was a third of the request's time (docs/benchmarks.md). A client sends many requests with
one token, so the answer is kept for `ttl_s` seconds. A subject's person never changes (a person's
global id is fixed, an external subject's binding never moves), so what can go stale is only that
the person was deleted: `deletePerson` makes this process forget them at once; another process
(a worker or replica) that remembers the subject keeps the answer for up to `ttl_s`. Only accepted
answers are kept, so a person just added can sign in at once. Personal access tokens are never
cached: revoking one, or deleting its person, takes effect on the next request.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

from api.lru import BoundedLru

Lookup = Callable[[], Awaitable[str | None]]

_MAX_ENTRIES = 10_000  # distinct subjects remembered at once; the least recently used is forgotten first
_MAX_BYTES = 8 << 20  # and what they hold: a subject is as long as the token's request head allows


class SubjectCache:
    """subject -> person id (or None for an admin without one), for `ttl_s` seconds."""

    def __init__(self, ttl_s: float, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl_s = ttl_s
        self._clock = clock
        self._entries = BoundedLru[str, tuple[float, str | None]](
            max_entries=_MAX_ENTRIES, max_bytes=_MAX_BYTES, overhead=384
        )

    @property
    def remembered(self) -> int:
        """How many subjects are remembered now."""
        return len(self._entries)

    async def person_of(self, subject: str, lookup: Lookup, *, accept: Callable[[str | None], bool]) -> str | None:
        """The cached person of the subject, else `lookup()`'s answer, kept when `accept` takes it."""
        now = self._clock()
        hit = self._entries.get(subject)
        if hit is not None and hit[0] > now:
            return hit[1]
        person_id = await lookup()
        if self.ttl_s <= 0 or not accept(person_id):
            self._entries.pop(subject)
            return person_id
        self._entries.put(subject, (now + self.ttl_s, person_id), size=len(subject) + len(person_id or ""))
        return person_id

    def forget_person(self, person_id: str) -> None:
        """Forget every subject of a person who was just deleted, so their tokens are refused at once."""
        for subject in self._entries.keys_where(lambda entry: entry[1] == person_id):
            self._entries.pop(subject)

    def clear(self) -> None:
        """Forget every subject (the graph changed behind the app's back, e.g. a wipe)."""
        self._entries.clear()
