"""GraphQL over WebSocket (the graphql-transport-ws protocol only): signing in, and the socket's bounds.

A browser cannot put an Authorization header on a WebSocket, so the credential comes in
connection_init's payload, where graphql-ws clients (GraphiQL among them) send their headers:
`{"Authorization": "Bearer <token>"}` (the key in any case), a JWT or a personal access token,
checked by the same code as the HTTP header (api.auth.viewer.authenticate). A connection without
one, or with one that is refused, is closed with the protocol's 4403 (Forbidden) and the reason.

While the connection lasts, its credential is checked again every LiveLimits.recheck_s, past the
replica's memory of subjects: a token that expired or was revoked, or whose person was deleted
(through any replica), closes the socket with 4403. A database that cannot answer keeps it open:
the credential was good, and the next check asks again.

Bounds: connection_init within LiveLimits.init_s (Strawberry's own timeout, 4408); a socket without
any subscription for LiveLimits.idle_s is closed (4408, "idle"); at most LiveLimits.per_caller
operations at once on one socket, the rest refused with TOO_MANY_SUBSCRIPTIONS.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Mapping

from graphql import GraphQLError
from neo4j.exceptions import DriverError, Neo4jError
from starlette.websockets import WebSocketDisconnect

from api.auth.viewer import Unauthenticated, authenticate
from api.gql.context import Context
from api.gql.socket import SocketContext
from api.live.limits import LiveLimits
from api.seams.graphql_stack import (
    ASGIWebSocketAdapter,
    BaseGraphQLTransportWSHandler,
    ConnectionInitMessage,
    ErrorMessage,
    SubscribeMessage,
    WebSocketDisconnected,
)

logger = logging.getLogger("crosspaths.subscriptions")

# Close codes: the protocol's own Forbidden and timeout codes; 1013 is WebSocket's "try again later".
FORBIDDEN = 4403
IDLE = 4408
TRY_AGAIN_LATER = 1013
_MOST_REASON_BYTES = 123  # what a close frame has room for
SIGN_IN = 'sign in: send {"Authorization": "Bearer <token>"} as connection_init\'s payload'


def credential(payload: dict[str, object]) -> str | None:
    """The Authorization header value connection_init's payload carries, or None."""
    for key, value in payload.items():
        if key.lower() == "authorization":
            if not isinstance(value, str):
                msg = "connection_init's Authorization must be a string: 'Bearer <token>'"
                raise Unauthenticated(msg)
            return value
    return None


class TextFrames(ASGIWebSocketAdapter):
    """Sends every message as a text frame, as the protocol has them.

    The view encodes JSON to bytes (orjson), which Strawberry would send as binary frames: browser
    clients (graphql-ws, GraphiQL's) cannot read those.
    """

    async def send_json(self, message: Mapping[str, object]) -> None:
        encoded = self.view.encode_json(message)
        try:
            await self.ws.send_text(encoded.decode() if isinstance(encoded, bytes) else encoded)
        except WebSocketDisconnect as error:
            raise WebSocketDisconnected from error


def _reason(text: str) -> str:
    return text.encode()[:_MOST_REASON_BYTES].decode(errors="ignore")


class SocketHandler(BaseGraphQLTransportWSHandler[Context, None]):
    """Strawberry's graphql-transport-ws handler, signing in at connection_init and watching the socket."""

    _watch: asyncio.Task[None] | None = None

    async def shutdown(self) -> None:
        if self._watch is not None:
            self._watch.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watch
        await super().shutdown()

    async def handle_connection_init(self, message: ConnectionInitMessage) -> None:
        context = self.context
        payload = message.get("payload") or {}
        first = not (self.connection_init_received or self.connection_timed_out)
        if not (first and isinstance(payload, dict) and isinstance(context, SocketContext) and context.tokens):
            await super().handle_connection_init(message)  # Strawberry's refusals: a second init, a bad payload
            return
        if self.connection_init_timeout_task is not None:
            self.connection_init_timeout_task.cancel()  # it came in time; signing in has the database's bounds
        try:
            authorization = credential(payload)
            viewer = await authenticate(authorization, context.graph, context.tokens, context.subjects)
        except Unauthenticated as error:
            await self._close(FORBIDDEN, f"Forbidden: {error}")
            return
        except (DriverError, Neo4jError) as error:
            if isinstance(error, Neo4jError) and not error.is_retryable():
                raise
            await self._close(TRY_AGAIN_LATER, "the database is unavailable; try again shortly")
            return
        if viewer is None:
            await self._close(FORBIDDEN, f"Forbidden: {SIGN_IN}")
            return
        context.viewer, context.authorization = viewer, authorization
        await super().handle_connection_init(message)
        if self.connection_acknowledged and context.feed is not None:
            self._watch = asyncio.create_task(self._watch_socket(context, context.feed.limits))

    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        context = self.context
        most = context.feed.limits.per_caller if isinstance(context, SocketContext) and context.feed else 0
        if self.connection_acknowledged and message["id"] not in self.operations and len(self.operations) >= most:
            msg = f"at most {most} subscriptions at once on one connection; complete one first"
            error = GraphQLError(msg, extensions={"code": "TOO_MANY_SUBSCRIPTIONS"})
            await self.send_message(ErrorMessage(id=message["id"], type="error", payload=[error.formatted]))
            return
        await super().handle_subscribe(message)

    async def _watch_socket(self, context: SocketContext, limits: LiveLimits) -> None:
        """Closes the socket once it has had no subscription for idle_s, or once its credential is refused."""
        loop = asyncio.get_running_loop()
        idle_since = checked_at = loop.time()
        while True:
            await asyncio.sleep(min(limits.idle_s, limits.recheck_s, 1.0))
            now = loop.time()
            if self.operations:
                idle_since = now
            elif now - idle_since >= limits.idle_s:
                await self._close(IDLE, f"idle: no subscription for {limits.idle_s:g}s")
                return
            if now - checked_at >= limits.recheck_s:
                checked_at = now
                refusal = await _refusal(context)
                if refusal is not None:
                    logger.info("a subscriber's socket closed: %s", refusal)
                    await self._close(FORBIDDEN, f"Forbidden: {refusal}")
                    return

    async def _close(self, code: int, reason: str) -> None:
        await self.websocket.close(code, _reason(reason))


async def _refusal(context: SocketContext) -> str | None:
    """Why the connection's credential no longer signs it in, or None while it does (or cannot be checked)."""
    if context.tokens is None:
        return None
    try:
        # No memory of subjects: a person deleted through another replica is gone now, not in a minute.
        viewer = await authenticate(context.authorization, context.graph, context.tokens)
    except Unauthenticated as error:
        return str(error)
    except (DriverError, Neo4jError):
        return None
    return None if viewer == context.viewer else "the token no longer names the person it did; sign in again"
