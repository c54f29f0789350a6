"""GraphQL over WebSocket (the graphql-transport-ws protocol only): signing in, and the socket's bounds.

A browser cannot put an Authorization header on a WebSocket, so the credential comes in
connection_init's payload, as graphql-ws clients (GraphiQL among them) send their headers there:
`{"Authorization": "Bearer <token>"}` (any case of the key), or `{"token": "<token>"}`. It is checked
by the same code as the HTTP header (api.auth.viewer.authenticate). No credential: the connection is
anonymous and the subscription is refused (UNAUTHENTICATED). A wrong one closes the socket with 4403.

Bounds: connection_init within LiveLimits.init_s (Strawberry's own timeout, 4408); a socket without
any subscription for LiveLimits.idle_s is closed (4408, "idle"); at most LiveLimits.per_caller
operations at once on one socket, the rest refused with TOO_MANY_SUBSCRIPTIONS.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from graphql import GraphQLError
from neo4j.exceptions import DriverError, Neo4jError
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import BaseGraphQLTransportWSHandler
from strawberry.subscriptions.protocols.graphql_transport_ws.types import (
    ConnectionInitMessage,
    ErrorMessage,
    SubscribeMessage,
)

from api.auth.viewer import Unauthenticated, authenticate
from api.gql.context import Context
from api.gql.socket import SocketContext

logger = logging.getLogger("crosspaths.subscriptions")

# Close codes: the protocol's own Forbidden and timeout codes; 1013 is WebSocket's "try again later".
FORBIDDEN = 4403
IDLE = 4408
TRY_AGAIN_LATER = 1013
_MOST_REASON_BYTES = 123  # what a close frame has room for


class CredentialError(Unauthenticated):
    pass


def credential(payload: dict[str, object]) -> str | None:
    """The Authorization header value connection_init's payload carries, or None (anonymous)."""
    for key, value in payload.items():
        if key.lower() == "authorization":
            if not isinstance(value, str):
                msg = "connection_init's Authorization must be a string: 'Bearer <token>'"
                raise CredentialError(msg)
            return value
    token = payload.get("token")
    if token is None:
        return None
    if not isinstance(token, str):
        msg = "connection_init's token must be a string"
        raise CredentialError(msg)
    return f"Bearer {token}"


def _reason(text: str) -> str:
    return text.encode()[:_MOST_REASON_BYTES].decode(errors="ignore")


class SocketHandler(BaseGraphQLTransportWSHandler[Context, None]):
    """Strawberry's graphql-transport-ws handler, signing in at connection_init and closing idle sockets."""

    _idle: asyncio.Task[None] | None = None

    def on_request_accepted(self) -> None:
        super().on_request_accepted()
        if isinstance(self.context, SocketContext) and self.context.feed is not None:
            self._idle = asyncio.create_task(self._close_when_idle(self.context.feed.limits.idle_s))

    async def shutdown(self) -> None:
        if self._idle is not None:
            self._idle.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._idle
        await super().shutdown()

    async def handle_connection_init(self, message: ConnectionInitMessage) -> None:
        payload = message.get("payload") or {}
        context = self.context
        first = not (self.connection_init_received or self.connection_timed_out)
        if first and isinstance(payload, dict) and isinstance(context, SocketContext) and context.tokens is not None:
            try:
                authorization = credential(payload)
                context.viewer = await authenticate(authorization, context.graph, context.tokens, context.subjects)
            except Unauthenticated as error:
                await self.websocket.close(FORBIDDEN, _reason(f"Forbidden: {error}"))
                return
            except (DriverError, Neo4jError) as error:
                if isinstance(error, Neo4jError) and not error.is_retryable():
                    raise
                await self.websocket.close(TRY_AGAIN_LATER, "the database is unavailable; try again shortly")
                return
            context.authorization = authorization
        await super().handle_connection_init(message)

    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        context = self.context
        most = context.feed.limits.per_caller if isinstance(context, SocketContext) and context.feed else 0
        if self.connection_acknowledged and message["id"] not in self.operations and len(self.operations) >= most:
            msg = f"at most {most} subscriptions at once on one connection; complete one first"
            error = GraphQLError(msg, extensions={"code": "TOO_MANY_SUBSCRIPTIONS"})
            await self.send_message(ErrorMessage(id=message["id"], type="error", payload=[error.formatted]))
            return
        await super().handle_subscribe(message)

    async def _close_when_idle(self, idle_s: float) -> None:
        loop = asyncio.get_running_loop()
        idle_since = loop.time()
        while True:
            await asyncio.sleep(min(idle_s, 1.0))
            if self.operations:
                idle_since = loop.time()
            elif loop.time() - idle_since >= idle_s:
                await self.websocket.close(IDLE, _reason(f"idle: no subscription for {idle_s:g}s"))
                return
