"""An ASGI app under uvicorn on a free local port, in a background thread of this process.

The benchmark's HTTP side goes through a real socket and the real uvicorn stack (not the
in-process ASGI shortcut) because that is what clients pay for. The server runs in a thread so
the benchmark can read the app's `Graph.round_trips`; while the benchmark waits on a response
its own thread is blocked in a socket read, so the two do not compete for the interpreter.
"""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
from typing import TYPE_CHECKING, Any, Self

import uvicorn

if TYPE_CHECKING:
    from starlette.types import ASGIApp


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


# The settings both servers (crosspaths and the bare "hello" app) run with, so throughput compares apps only.
SERVER_SETTINGS: dict[str, Any] = {"loop": "uvloop", "http": "httptools", "log_level": "warning", "access_log": False}


class Server:
    """`app` served by uvicorn with SERVER_SETTINGS on 127.0.0.1:port until the block ends."""

    def __init__(self, app: ASGIApp) -> None:
        self.port = free_port()
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, **SERVER_SETTINGS))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> Self:
        self.thread.start()
        while not self.server.started:
            if not self.thread.is_alive():
                raise RuntimeError("the benchmark server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.should_exit = True
        self.thread.join()


class Client:
    """One keep-alive HTTP/1.1 connection posting GraphQL to a Server, as a real client would."""

    def __init__(self, port: int, token: str | None) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        self.headers = {"Content-Type": "application/json"}
        if token:
            self.headers["Authorization"] = f"Bearer {token}"

    def post(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The body; a GraphQL error or no answer is a RuntimeError (a benchmark of errors measures nothing)."""
        try:
            self.connection.request(
                "POST", "/graphql", json.dumps({"query": query, "variables": variables or {}}), self.headers
            )
            response = self.connection.getresponse()
            body: dict[str, Any] = json.loads(response.read())
        except (http.client.HTTPException, OSError) as error:
            self.connection.close()  # a request left half-way would refuse the next: start a new connection
            raise RuntimeError(f"no answer: {error!r}") from error
        if response.status != 200 or body.get("errors"):  # noqa: PLR2004 - HTTP OK
            raise RuntimeError(f"HTTP {response.status}: {body.get('errors')}")
        return body

    def close(self) -> None:
        self.connection.close()
