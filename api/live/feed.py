"""This replica's subscribers to role openings, and the one loop that follows openings for all of them.

Each round reads the new openings (api.graph.openings, by the watermark), adds them to every
subscriber's pending openings, then runs the opportunities search narrowed to those roles for a
bounded number of subscribers (those waiting longest first), and puts each reachable role's best
contact in the subscriber's outbox. Subscribers who share a viewer and maxHops share the search.
A database failure pauses the loop with a growing wait; the watermark and every pending opening
stay, so nothing opened meanwhile is missed once it answers again, and no socket is touched.
The loop runs only while this replica has subscribers.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass, field

from neo4j.exceptions import DriverError, Neo4jError
from neo4j.time import Duration

from api.graph import Graph, openings
from api.graph.links import Viewpoint
from api.graph.openings import Opened, Reachable
from api.graph.runner import QueryTooLarge
from api.live.limits import LiveLimits
from api.live.outbox import Outbox
from api.live.watermark import Watermark

logger = logging.getLogger("crosspaths.subscriptions")


class TooManySubscriptions(Exception):  # noqa: N818 - reads as the condition it reports
    pass


@dataclass(frozen=True)
class Interest:
    """Whose opportunities a subscription follows and how far: subscriptions alike share a search.

    The subscriber follows their own opportunities, so they are also the viewer the search is for
    (an admin sees every interview encounter, anyone else what the sharing rule lets them see).
    """

    person_id: str
    admin: bool
    max_hops: int

    @property
    def viewer(self) -> Viewpoint:
        return Viewpoint(self.person_id, admin=self.admin)


@dataclass(eq=False)
class Follower:
    """One subscription on this replica."""

    interest: Interest
    caller: str
    outbox: Outbox[Reachable]
    pending: dict[str, float] = field(default_factory=dict)  # role id -> when noticed (monotonic), oldest first

    def notice(self, fresh: list[Opened], most: int) -> None:
        now = time.monotonic()
        for opened in fresh:
            self.pending.pop(opened.role_id, None)  # reopened before it was searched: one message, now
            self.pending[opened.role_id] = now
        if len(self.pending) > most:
            lost = list(self.pending)[: len(self.pending) - most]
            for role_id in lost:
                del self.pending[role_id]
            self.outbox.drop(len(lost))


class OpeningsFeed:
    """Role openings for this replica's subscribers (see the module). `graph` should allow searches time."""

    def __init__(self, graph: Graph, limits: LiveLimits) -> None:
        self.graph = graph
        self.limits = limits
        self.followers: set[Follower] = set()
        self._task: asyncio.Task[None] | None = None

    def may_follow(self, caller: str) -> None:
        """Raises TooManySubscriptions when the caller already holds the most subscriptions allowed here."""
        held = sum(1 for follower in self.followers if follower.caller == caller)
        if held >= self.limits.per_caller:
            raise TooManySubscriptions(
                f"a caller may hold at most {self.limits.per_caller} subscriptions at once; complete one first"
            )

    def follow(self, interest: Interest, caller: str) -> Follower:
        """A new subscription (see may_follow)."""
        self.may_follow(caller)
        limits = self.limits
        follower = Follower(
            interest, caller, Outbox(rate=limits.messages_per_s, burst=limits.burst, capacity=limits.waiting)
        )
        self.followers.add(follower)
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._follow(), name="crosspaths-openings")
        return follower

    def unfollow(self, follower: Follower) -> None:
        self.followers.discard(follower)

    async def close(self) -> None:
        self.followers.clear()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _follow(self) -> None:
        """Rounds every poll interval while anyone follows; a failing database backs the rounds off."""
        watermark: Watermark | None = None
        failures = 0
        while self.followers:
            try:
                if watermark is None:
                    # Begin one interval back: a role opened just before the first subscriber came is told.
                    floor = await openings.now(self.graph) - Duration(seconds=self.limits.poll_s)
                    watermark = Watermark(floor, Duration(seconds=self.limits.overlap_s))
                await self._round(watermark)
            except (DriverError, Neo4jError, QueryTooLarge) as error:
                failures += 1
                if failures == 1:
                    logger.warning("following role openings paused, the database failed: %s", error)
            except Exception:  # a bug must not silence every subscriber on this replica for good
                failures += 1
                logger.exception("following role openings failed")
            else:
                if failures:
                    logger.info("following role openings again after %d failed rounds", failures)
                failures = 0
            await asyncio.sleep(self.limits.wait_after(failures))

    async def _round(self, watermark: Watermark) -> None:
        found = await openings.opened_since(
            self.graph, since=watermark.since(), known=watermark.keys(), limit=self.limits.roles_per_poll
        )
        fresh = watermark.take(found)
        if fresh:
            for follower in self.followers:
                follower.notice(fresh, self.limits.pending)
        await self._search()

    async def _search(self) -> None:
        """One search per interest with pending openings, the longest waiting first, at most the round's bound."""
        waiting: dict[Interest, list[Follower]] = {}
        for follower in sorted(self.followers, key=_waiting_since):
            if follower.pending:
                waiting.setdefault(follower.interest, []).append(follower)
        gate = asyncio.Semaphore(self.limits.concurrent_searches)

        async def search(interest: Interest, followers: list[Follower]) -> None:
            role_ids = list(dict.fromkeys(role_id for follower in followers for role_id in follower.pending))
            async with gate:
                found, undecided = await openings.best_by_role(
                    self.graph,
                    interest.person_id,
                    viewer=interest.viewer,
                    max_hops=interest.max_hops,
                    role_ids=role_ids,
                    searches=1,
                )
            later = set(undecided)  # behind a full page of other roles' contacts: searched again next round
            for follower in followers:
                for role_id in [role_id for role_id in role_ids if role_id in follower.pending]:
                    if role_id not in later:
                        del follower.pending[role_id]
                        if role_id in found:
                            follower.outbox.put(found[role_id], found[role_id].row["score"])

        chosen = list(waiting.items())[: self.limits.searches_per_poll]
        # Every search runs to its end; a failure (the database) is raised once all are done.
        outcomes = await asyncio.gather(*(search(*each) for each in chosen), return_exceptions=True)
        for outcome in outcomes:
            if isinstance(outcome, BaseException):
                raise outcome


def _waiting_since(follower: Follower) -> float:
    return next(iter(follower.pending.values()), float("inf"))
