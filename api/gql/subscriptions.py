"""`Subscription.opportunityOpened`: an Opportunity whenever a role the viewer can reach opens or reopens.

The stream comes from this replica's feed of openings (api.live.feed), which evaluates each new
opening with the viewer's own opportunities search: a message is exactly the role's best entry in
`opportunities`, the same type, scored and explained the same way. Refusals (too many subscriptions,
a bad maxHops, no person to follow) come before the stream starts, as the protocol's `error` message.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator
from contextvars import ContextVar

import strawberry
from strawberry.types import ExecutionResult

from api.gql.context import Info
from api.gql.errors import ClientError, bad_argument
from api.gql.network import shown_opportunities
from api.gql.network_types import Opportunity
from api.gql.socket import SocketContext
from api.graph.network import MAX_OPPORTUNITY_HOPS
from api.graph.openings import Reachable
from api.live.feed import Interest, TooManySubscriptions

# How many messages were dropped before the one being sent (api.live.outbox): set by the stream,
# read by note_dropped as that message leaves. Each operation runs in its own task, and a context
# variable set while its stream is advanced belongs to that task alone.
_DROPPED: ContextVar[int] = ContextVar("crosspaths_dropped_before", default=0)


def note_dropped(result: ExecutionResult) -> None:
    """Tells a subscriber, in the message's `extensions.dropped`, how many messages were dropped before it."""
    dropped = _DROPPED.get()
    if dropped:
        result.extensions = {**(result.extensions or {}), "dropped": dropped}
        _DROPPED.set(0)


def _interest(info: Info, max_hops: int) -> Interest:
    viewer = info.context.viewer
    if viewer is None:  # api.web.sockets refuses a connection without a credential; kept for a context made elsewhere
        raise ClientError("sign in to subscribe: send your token in connection_init's payload", "UNAUTHENTICATED")
    if viewer.person_id is None:
        raise ClientError("opportunityOpened follows a person's network: this token names no person", "FORBIDDEN")
    if not 1 <= max_hops <= MAX_OPPORTUNITY_HOPS:
        raise bad_argument(
            f"`maxHops` on `opportunityOpened` must be between 1 and {MAX_OPPORTUNITY_HOPS}, got {max_hops}"
        )
    return Interest(viewer.person_id, viewer.is_admin, max_hops)


async def _opportunity(info: Info, reachable: Reachable) -> Opportunity:
    """The message, made as the opportunities field makes an entry, for what the subscription selects."""
    [opportunity] = await shown_opportunities(info, [reachable.row], reachable.people, at=())
    return opportunity


async def _messages(info: Info, context: SocketContext, interest: Interest) -> AsyncGenerator[Opportunity, None]:
    feed = context.feed
    assert feed is not None  # noqa: S101 - opportunity_opened checked
    # Followed from the stream's first step: a stream closed before it starts leaves nothing behind.
    try:
        follower = feed.follow(interest, context.caller)
    except TooManySubscriptions as error:  # another subscription of the caller's started meanwhile
        raise ClientError(str(error), "TOO_MANY_SUBSCRIPTIONS") from error
    try:
        while True:
            delivery = await follower.outbox.take()
            _DROPPED.set(delivery.dropped)
            yield await _opportunity(info, delivery.item)
    finally:
        feed.unfollow(follower)


@strawberry.type
class Subscription:
    @strawberry.subscription(
        description=(
            "An opportunity each time a role you can reach within maxHops opens or reopens (created, set OPEN "
            "again, imported as OPEN): the role's best entry in your `opportunities`. Over the graphql-transport-ws "
            'WebSocket protocol at /graphql, signed in with connection_init\'s payload {"Authorization": '
            '"Bearer <token>"}.'
        )
    )
    async def opportunity_opened(self, info: Info, max_hops: int | None = 2) -> AsyncIterator[Opportunity]:
        context = info.context
        if not isinstance(context, SocketContext) or context.feed is None:
            raise ClientError("subscriptions run over a WebSocket (graphql-transport-ws) at /graphql", "BAD_REQUEST")
        interest = _interest(info, 2 if max_hops is None else max_hops)
        try:
            context.feed.may_follow(context.caller)
        except TooManySubscriptions as error:
            raise ClientError(str(error), "TOO_MANY_SUBSCRIPTIONS") from error
        return _messages(info, context, interest)
