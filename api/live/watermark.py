"""How far this replica has followed role openings, and which it has already taken.

Openings are read by `openedAt`, the database's clock at the write that opened a role. That time is
taken when the writing statement runs, and the write becomes visible only when its transaction
commits, or later still on a cluster's reader: a role can appear after others that opened after it.
So each read goes back `overlap` before the latest opening seen and leaves out the openings already
taken (their keys): one that committed late is found on a later read, none is taken twice. Several
roles opened at the same instant (one import) are told apart by id; a role that opens, closes and
opens again is a new opening (its key holds `openedAt`). Replicas' own clocks play no part.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from neo4j.time import DateTime, Duration

from api.graph.openings import Opened


@dataclass
class Watermark:
    """Openings taken by this replica since `floor` (the database's time when following began).

    `known` is bounded: past `most_known` keys, the oldest go and the window starts after them.
    """

    floor: DateTime
    overlap: Duration
    most_known: int = 20_000
    latest: DateTime | None = None
    known: dict[str, DateTime] = field(default_factory=dict)  # opening key -> openedAt, oldest first

    def since(self) -> DateTime:
        """Where the next read starts: `overlap` before the latest opening taken, never before the floor."""
        if self.latest is None:
            return self.floor
        return max(self.floor, self.latest - self.overlap)

    def take(self, openings: Iterable[Opened]) -> list[Opened]:
        """The openings not taken before, now taken (in the order given)."""
        fresh = [opened for opened in openings if opened.key not in self.known]
        for opened in fresh:
            self.known[opened.key] = opened.opened_at
            if self.latest is None or opened.opened_at > self.latest:
                self.latest = opened.opened_at
        self._forget()
        return fresh

    def _forget(self) -> None:
        """Keys before the window are never read again; past the bound, the window shrinks to the newest keys."""
        start = self.since()
        self.known = {key: at for key, at in sorted(self.known.items(), key=lambda item: item[1]) if at >= start}
        if len(self.known) > self.most_known:
            keep = list(self.known.items())[-self.most_known :]
            # Openings at the same instant as the first one kept stay readable, and are all still known.
            self.floor = max(self.floor, keep[0][1])
            self.known = {key: at for key, at in self.known.items() if at >= self.floor}

    def keys(self) -> list[str]:
        return list(self.known)
