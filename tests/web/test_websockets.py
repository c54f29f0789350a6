"""No WebSocket endpoint: subscriptions are off, so an upgrade opens nothing that the HTTP limits do not cover."""

from __future__ import annotations

import pytest
from starlette.websockets import WebSocketDisconnect

from tests.conftest import Api


def start_a_subscription_session(api: Api, path: str, protocol: str) -> None:
    with api.http.websocket_connect(path, subprotocols=[protocol]) as socket:
        # Only reached if the upgrade was accepted: a GraphQL server answers this with connection_ack.
        socket.send_json({"type": "connection_init", "payload": {}})
        socket.receive_json()


@pytest.mark.parametrize("protocol", ["graphql-transport-ws", "graphql-ws"])
@pytest.mark.parametrize("path", ["/graphql", "/explore", "/no/such/path"])
def test_a_websocket_upgrade_is_closed_before_any_message(api: Api, path: str, protocol: str) -> None:
    with pytest.raises(WebSocketDisconnect):
        start_a_subscription_session(api, path, protocol)
