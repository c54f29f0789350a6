"""A TCP relay between the replicas and Neo4j that a test can cut: the database gone, then back, at will.

Cut, it stops listening and resets every connection through it, which is what the replicas' driver
sees when Neo4j stops or crashes: pooled connections fail, new ones are refused. Restored, it
listens on the same port again. Neo4j itself keeps running, so the rest of the session is not
disturbed and nothing has to be planned anew.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Coroutine
from typing import Any

from tests.conftest import free_port

_CHUNK = 65_536


class Relay:
    def __init__(self, host: str, port: int) -> None:
        self.upstream = (host, port)
        self.port = free_port()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="neo4j-relay", daemon=True)
        self._server: asyncio.Server | None = None
        self._links: set[asyncio.StreamWriter] = set()
        self._thread.start()
        self.restore()

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    def restore(self) -> None:
        """Listen again (a no-op while listening)."""
        self._run(self._listen())

    def cut(self) -> None:
        """Refuse new connections and reset the open ones."""
        self._run(self._cut())

    def close(self) -> None:
        self.cut()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()

    def _run(self, step: Coroutine[Any, Any, None]) -> None:
        asyncio.run_coroutine_threadsafe(step, self._loop).result(timeout=30)

    async def _listen(self) -> None:
        if self._server is None:
            self._server = await asyncio.start_server(self._relay, "127.0.0.1", self.port, reuse_address=True)

    async def _cut(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.close()
        for link in self._links:
            link.transport.abort()
        self._links.clear()
        if server is not None:
            await server.wait_closed()

    async def _relay(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(*self.upstream)
        except OSError:
            client_writer.transport.abort()
            return
        links = {client_writer, upstream_writer}
        self._links |= links
        try:
            await asyncio.gather(_pipe(client_reader, upstream_writer), _pipe(upstream_reader, client_writer))
        finally:
            self._links -= links


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    with contextlib.suppress(ConnectionError, OSError):
        while data := await reader.read(_CHUNK):
            writer.write(data)
            await writer.drain()
    writer.transport.abort()  # one side gone: so is the other, as a dead server's connections are
