"""A graphql-transport-ws client on `websockets`, close to the wire: tests see every message and close code."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

PROTOCOL = "graphql-transport-ws"
# How long a test waits for a message it expects: long, since a replica's first search after the graph
# changed may be planned anew, which takes a busy machine tens of seconds. Only a failing test waits it out.
RECEIVE_WITHIN_S = 90.0

OPPORTUNITY_OPENED = """
subscription Opened($maxHops: Int) {
  opportunityOpened(maxHops: $maxHops) {
    hops score reasons
    role { id title status company { name } }
    contact { name }
    paths { steps { from { name } to { name } kind } }
  }
}
"""


class Socket:
    """One connection: send protocol messages, read the next one, or check that none comes."""

    def __init__(self, connection: ClientConnection) -> None:
        self.connection = connection

    async def send(self, message: dict[str, Any]) -> None:
        await self.connection.send(json.dumps(message))

    async def receive(self, within_s: float = RECEIVE_WITHIN_S) -> dict[str, Any]:
        """The next message other than a ping (answered, as the protocol asks)."""
        while True:
            frame = await asyncio.wait_for(self.connection.recv(), within_s)
            assert isinstance(frame, str), f"a binary frame, which browsers' clients cannot read: {frame!r}"
            message: dict[str, Any] = json.loads(frame)
            if message["type"] != "ping":
                return message
            await self.send({"type": "pong"})

    async def silent(self, for_s: float) -> None:
        """Nothing but pings arrives for `for_s` seconds."""
        with contextlib.suppress(TimeoutError):
            message = await self.receive(within_s=for_s)
            raise AssertionError(f"expected nothing, got {message}")

    async def init(self, payload: dict[str, Any] | None) -> None:
        await self.send({"type": "connection_init", **({} if payload is None else {"payload": payload})})
        assert (await self.receive())["type"] == "connection_ack"

    async def subscribe(self, operation_id: str, query: str = OPPORTUNITY_OPENED, **variables: Any) -> None:
        await self.send({"id": operation_id, "type": "subscribe", "payload": {"query": query, "variables": variables}})

    async def next_data(self, operation_id: str, within_s: float = RECEIVE_WITHIN_S) -> dict[str, Any]:
        """The data of the next message, which must be a `next` for this operation, without errors."""
        message = await self.receive(within_s)
        assert message["type"] == "next", message
        assert message["id"] == operation_id, message
        assert "errors" not in message["payload"], message
        data: dict[str, Any] = message["payload"]["data"]
        return data

    async def errors(self, operation_id: str, within_s: float = RECEIVE_WITHIN_S) -> list[dict[str, Any]]:
        """The errors of the next message, which must be the protocol's `error` for this operation."""
        message = await self.receive(within_s)
        assert message["type"] == "error", message
        assert message["id"] == operation_id, message
        errors: list[dict[str, Any]] = message["payload"]
        return errors

    async def closed(self, within_s: float) -> tuple[int | None, str | None]:
        """The close code and reason the server ends the connection with, within `within_s`."""
        try:
            while True:
                await asyncio.wait_for(self.connection.recv(), within_s)
        except ConnectionClosed as closed:
            received = closed.rcvd
            return (received.code, received.reason) if received is not None else (None, None)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@contextlib.asynccontextmanager
async def socket(base_url: str, *, protocol: str = PROTOCOL) -> AsyncIterator[Socket]:
    """A WebSocket to base_url's /graphql (ws:// for http://)."""
    url = base_url.replace("http://", "ws://", 1) + "/graphql"
    async with connect(url, subprotocols=[protocol], open_timeout=15) as connection:  # type: ignore[list-item]
        yield Socket(connection)
