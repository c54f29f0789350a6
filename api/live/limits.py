"""The bounds on subscriptions, per replica: docs/security.md lists them and docs/configuration.md the settings."""

from __future__ import annotations

from dataclasses import dataclass

from api.settings import Settings


@dataclass(frozen=True)
class LiveLimits:
    # Settings (CROSSPATHS_SUBSCRIPTION_*).
    poll_s: float = 2.0  # between two reads of new openings
    per_caller: int = 5  # subscriptions one caller may hold on one replica (also per connection)
    messages_per_s: float = 1.0  # the rate each subscription's messages are sent at, after a burst
    idle_s: float = 60.0  # a socket with no subscription is closed after this long
    recheck_s: float = 30.0  # how often a socket's credential is checked again (a deleted person, a revoked token)
    # Fixed bounds.
    burst: int = 5  # messages a subscription may get at once
    waiting: int = 50  # messages waiting for the rate, per subscription; past it the lowest-scored go
    init_s: float = 10.0  # from opening a socket to its connection_init
    overlap_s: float = 30.0  # how far back each read looks for openings that committed late
    roles_per_poll: int = 200  # new openings read per round; more wait for the next round
    searches_per_poll: int = 20  # opportunities searches per round, over all subscribers; the others wait
    concurrent_searches: int = 2  # of those, at once (each holds a database connection)
    pending: int = 1_000  # openings per subscription waiting for its search; past it the oldest go
    most_backoff_s: float = 30.0  # the longest wait between reads while the database fails

    def wait_after(self, failures: int) -> float:
        """The pause before the next read after `failures` failed rounds in a row: doubling up to 16 polls.

        Bounded by polls rather than only by time, so a replica polling often is also quick to notice
        that the database is back; and by most_backoff_s, so a rare poll does not make that slow.
        """
        return min(self.poll_s * 2.0 ** min(failures, 4), max(self.poll_s, self.most_backoff_s))

    @classmethod
    def from_settings(cls, settings: Settings) -> LiveLimits:
        return cls(
            poll_s=settings.subscription_poll_s,
            per_caller=settings.subscriptions_per_caller,
            messages_per_s=settings.subscription_messages_per_s,
            idle_s=settings.subscription_idle_s,
            recheck_s=settings.subscription_recheck_s,
        )
