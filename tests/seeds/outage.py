"""A database outage on cue: a TCP proxy in front of the test Neo4j that drops every connection when told.

An import is pointed at the proxy instead of the database. When a client sends the bytes named by
`cut_on` (the text of a statement: Bolt sends a query as UTF-8), every connection open at that moment
is closed, as when the server goes away mid-transaction; connections opened afterwards are served
again (the database came back), so what the importer does next is real too.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from api.settings import Neo4jTarget


@dataclass
class Outage:
    upstream: tuple[str, int]
    cut_on: bytes
    listener: socket.socket = field(default_factory=lambda: socket.create_server(("127.0.0.1", 0)))
    cuts: int = 0
    _open: set[socket.socket] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def port(self) -> int:
        port: int = self.listener.getsockname()[1]
        return port

    def serve(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return  # closed: the test is over
            server = socket.create_connection(self.upstream)
            with self._lock:
                self._open |= {client, server}
            threading.Thread(target=self._pump, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, False), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, from_client: bool) -> None:
        tail = b""  # the end of the previous read, so a cue split across two reads is still seen
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                if from_client and self.cut_on in tail + data and self.cuts == 0:
                    self._cut()
                    return
                sink.sendall(data)
                tail = data[-len(self.cut_on) :]
        self._close(source, sink)

    def _cut(self, *, counted: bool = True) -> None:
        with self._lock:
            self.cuts += counted
            doomed, self._open = self._open, set()
        for sock in doomed:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _close(self, *socks: socket.socket) -> None:
        with self._lock:
            self._open -= set(socks)
        for sock in socks:
            sock.close()

    def close(self) -> None:
        self.listener.close()
        self._cut(counted=False)


@contextlib.contextmanager
def outage(target: Neo4jTarget, cut_on: bytes) -> Iterator[tuple[Outage, Neo4jTarget]]:
    """A proxy to `target` that cuts every connection once, when a client sends `cut_on`; and its target."""
    where = urlsplit(target.uri)
    proxy = Outage((where.hostname or "127.0.0.1", where.port or 7687), cut_on)
    threading.Thread(target=proxy.serve, daemon=True).start()
    try:
        yield proxy, replace(target, uri=f"bolt://127.0.0.1:{proxy.port}")
    finally:
        proxy.close()
