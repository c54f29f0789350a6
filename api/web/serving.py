"""How uvicorn serves the app: whose forwarding headers are believed, how big and how slow a request head may be."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from uvicorn import Config

from api.seams.http_server import HttpToolsProtocol, ServerState
from api.settings import Settings, SettingsError

# After a refusal the rest of the client's head is read and dropped for this long before closing:
# closing a socket with unread bytes in it resets the connection, and a reset can arrive before
# the client has read the 431 (a "lingering close", as web servers do).
_LINGER_S = 1.0

_TOO_LARGE = json.dumps(
    {
        "errors": [
            {
                "message": "the request line and headers are over the size limit",
                "extensions": {"code": "REQUEST_HEADERS_TOO_LARGE"},
            }
        ]
    }
).encode()
_TOO_SLOW = json.dumps(
    {
        "errors": [
            {
                "message": "the request line and headers did not arrive in time",
                "extensions": {"code": "REQUEST_TIMEOUT"},
            }
        ]
    }
).encode()


def _closing_answer(status: bytes, body: bytes) -> bytes:
    return (
        b"HTTP/1.1 " + status + b"\r\n"
        b"content-type: application/json\r\n"
        b"content-length: " + str(len(body)).encode() + b"\r\n"
        b"connection: close\r\n\r\n" + body
    )


_REFUSAL = _closing_answer(b"431 Request Header Fields Too Large", _TOO_LARGE)
_TIMED_OUT = _closing_answer(b"408 Request Timeout", _TOO_SLOW)


class HeadTooLargeError(Exception):
    """Raised from a parser callback: httptools stops, and uvicorn answers through send_400_response."""


class HeadLimitedHttpTools(HttpToolsProtocol):
    """uvicorn's httptools protocol, refusing a request head (request line and headers) over the limit.

    httptools keeps however many header bytes a client sends until the head is complete (h11 has
    a limit, but parses several times slower). Here a head still incomplete is counted as its bytes
    arrive, so no more than the limit plus one read is ever held, and a complete one is measured
    before the app is called; either way the answer is 431 and the connection is closed. The limit
    is `h11_max_incomplete_event_size`, the same bound uvicorn gives h11.

    uvicorn also sets no deadline on a head: its keep-alive timer stops at a connection's first byte
    and a new connection has none, so a client sending nothing, or one header line now and then,
    holds a connection for ever. Here a head must be complete within `head_timeout_s` of the
    connection opening (or of a kept-alive connection's next request beginning); else 408, closed.
    """

    head_timeout_s = Settings.head_timeout_s  # see uvicorn_options

    def __init__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        super().__init__(config, server_state, app_state, _loop)
        self.max_head_bytes = config.h11_max_incomplete_event_size or Settings.max_header_bytes
        self.head_bytes = 0  # bytes received since the head began, while it is incomplete
        self.reading_head = False
        self.head_too_large = False
        self.refused = False
        self.head_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_head_deadline()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_head_deadline()
        super().connection_lost(exc)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self.head_bytes = 0
        self.reading_head = True
        if self.head_deadline is None:  # a new connection's deadline runs from when it opened
            self._arm_head_deadline()

    def on_headers_complete(self) -> None:
        self.reading_head = False
        self._disarm_head_deadline()
        # Each header line also has ": " and CRLF.
        size = len(self.url) + sum(len(name) + len(value) + 4 for name, value in self.headers)
        if size > self.max_head_bytes:
            self.head_too_large = True
            raise HeadTooLargeError
        super().on_headers_complete()

    def data_received(self, data: bytes) -> None:
        if self.refused:
            return  # the refused head's remaining bytes: dropped until the lingering close
        super().data_received(data)
        if self.reading_head and not self.transport.is_closing():
            # All of this read belongs to a head still incomplete (give or take the end of a pipelined
            # request before it).
            self.head_bytes += len(data)
            if self.head_bytes > self.max_head_bytes:
                self._refuse()

    def send_400_response(self, msg: str) -> None:
        if self.head_too_large:
            self._refuse()
        else:
            super().send_400_response(msg)

    def _arm_head_deadline(self) -> None:
        self.head_deadline = self.loop.call_later(self.head_timeout_s, self._head_timed_out)

    def _disarm_head_deadline(self) -> None:
        if self.head_deadline is not None:
            self.head_deadline.cancel()
            self.head_deadline = None

    def _head_timed_out(self) -> None:
        self.head_deadline = None
        if not self.transport.is_closing():
            self._refuse(_TIMED_OUT)

    def _refuse(self, answer: bytes = _REFUSAL) -> None:
        if self.refused:
            return
        self.reading_head = False
        self.refused = True
        self._disarm_head_deadline()
        self.transport.write(answer)
        if self.transport.can_write_eof():
            self.transport.write_eof()
        self.loop.call_later(_LINGER_S, self.transport.close)


class EnvironmentHeadLimitedHttpTools(HeadLimitedHttpTools):
    """The protocol `crosspaths serve --workers` hands its worker processes, by name: each worker
    imports this module afresh, so its head deadline is read from the same environment as the rest
    of that worker's settings."""


def _environment_head_timeout() -> float:
    try:
        return Settings.from_env().head_timeout_s
    except SettingsError:  # reported with its name when the app reads its settings
        return Settings.head_timeout_s


EnvironmentHeadLimitedHttpTools.head_timeout_s = _environment_head_timeout()


def _protocol(head_timeout_s: float) -> type[HeadLimitedHttpTools]:
    """uvicorn takes a protocol class, not arguments for it. Worker processes get the class by name,
    so settings read from the environment use the importable class; settings built in code (the
    tests' servers, run in this process) get a subclass carrying their own deadline."""
    if head_timeout_s == EnvironmentHeadLimitedHttpTools.head_timeout_s:
        return EnvironmentHeadLimitedHttpTools
    return type("HeadLimitedHttpTools", (HeadLimitedHttpTools,), {"head_timeout_s": head_timeout_s})


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """uvicorn.run / uvicorn.Config keyword arguments for `crosspaths serve` (and the tests' live servers).

    Forwarding headers (X-Forwarded-For, X-Forwarded-Proto) are believed only from
    CROSSPATHS_TRUSTED_PROXIES: the client address keys the anonymous rate limit, so a header any
    client can write must not choose it.
    """
    trusted = list(settings.trusted_proxies)
    return {
        "http": _protocol(settings.head_timeout_s),
        "h11_max_incomplete_event_size": settings.max_header_bytes,
        "proxy_headers": bool(trusted),
        "forwarded_allow_ips": trusted or None,
        # A WebSocket message is at most a JSON body's size (a subscribe message carries a document).
        "ws_max_size": settings.max_body_bytes,
    }
