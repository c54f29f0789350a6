"""WebSockets: only /graphql answers, only in graphql-transport-ws, and only to a caller who signs in first.

An upgrade elsewhere, in another protocol or without a credential is closed before anything runs, so
a socket opens nothing that the HTTP limits and authentication do not cover (tests/live has the rest).
"""

from __future__ import annotations

import pytest
from starlette.websockets import WebSocketDisconnect

from tests.conftest import Api


def start_a_subscription_session(api: Api, path: str, protocol: str) -> None:
    with api.http.websocket_connect(path, subprotocols=[protocol]) as socket:
        # A server that took an anonymous caller would answer this with connection_ack.
        socket.send_json({"type": "connection_init", "payload": {}})
        socket.receive_json()


@pytest.mark.parametrize(
    ("path", "protocol", "code"),
    [
        ("/graphql", "graphql-transport-ws", 4403),  # no credential in connection_init
        ("/graphql", "graphql-ws", 4406),  # the legacy protocol is not served
        ("/explore", "graphql-transport-ws", 1000),  # no WebSocket route there
        ("/no/such/path", "graphql-transport-ws", 1000),
    ],
)
def test_a_websocket_upgrade_without_a_credential_is_closed_before_anything_runs(
    api: Api, path: str, protocol: str, code: int
) -> None:
    with pytest.raises(WebSocketDisconnect) as closed:
        start_a_subscription_session(api, path, protocol)
    assert closed.value.code == code


def test_a_signed_in_socket_is_acknowledged(api: Api) -> None:
    with api.http.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as socket:
        socket.send_json({"type": "connection_init", "payload": {"Authorization": f"Bearer {api.token}"}})
        assert socket.receive_json() == {"type": "connection_ack"}
