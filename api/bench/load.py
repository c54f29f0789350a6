"""A small load generator, run in its own process so it never shares an interpreter with a server.

Each client posts the next request of its list as soon as the previous answer is in (a closed
loop), until a deadline or a request count. Over HTTP each client holds one keep-alive connection
(raw asyncio streams: the generator's own cost per request stays small and the same for every
server). The driver floor runs in the same kind of process: each client awaits the async driver's
`execute_query` in a loop, the driver's pool holding the connections, so the floor pays a client's
Python for every request, as a server would.
"""

from __future__ import annotations

import asyncio
import logging
import statistics
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, LiteralString

import uvloop
from neo4j import AsyncGraphDatabase, RoutingControl

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from neo4j import AsyncDriver

_OK = b"HTTP/1.1 200"
# A request not answered by then counts as failed (a request stuck in retries must not hold a run forever).
TIMEOUT_S = 120.0


@dataclass(frozen=True)
class Load:
    """What one level of concurrency achieved."""

    clients: int
    requests: int  # answered, failures included
    seconds: float
    p50_ms: float  # over every answered request, failures included
    p99_ms: float
    failed: int = 0  # GraphQL errors (HTTP 200 all the same), other statuses, timeouts, driver errors
    cpu_s: float = 0.0  # the load process's own CPU over the run: the driver floor's client CPU
    first_error: str | None = None

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds

    @property
    def ok_per_second(self) -> float:
        """Requests answered without an error, per second."""
        return (self.requests - self.failed) / self.seconds


@dataclass(frozen=True)
class Floor:
    """Where the driver floor connects, and each request's statement and parameters."""

    uri: str
    auth: tuple[str, str] | None
    database: str
    statements: list[tuple[LiteralString, dict[str, Any]]]


def request_bytes(port: int, token: str | None, body: bytes) -> bytes:
    """A complete HTTP/1.1 POST /graphql for `body`."""
    auth = f"Authorization: Bearer {token}\r\n" if token else ""
    head = (
        f"POST /graphql HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
        f"{auth}Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


class _Run:
    """The shared state of one run: when it stops, and what each request took."""

    def __init__(self, seconds: float, count: int | None) -> None:
        self.began = time.perf_counter()
        self.deadline = self.began + seconds
        self.left = count
        self.latencies: list[float] = []
        self.failed = 0
        self.first_error: str | None = None

    def next(self) -> bool:
        """Whether a client may send another request (and, counting, take one)."""
        if time.perf_counter() >= self.deadline:
            return False
        if self.left is None:
            return True
        self.left -= 1
        return self.left >= 0

    def done(self, began: float, error: str | None) -> None:
        self.latencies.append((time.perf_counter() - began) * 1000)
        if error is not None:
            self.failed += 1
            self.first_error = self.first_error or error[:300]

    def result(self, clients: int, cpu_s: float) -> Load:
        ordered = sorted(self.latencies) or [0.0]
        return Load(
            clients,
            len(self.latencies),
            time.perf_counter() - self.began,
            statistics.median(ordered),
            ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))],
            self.failed,
            cpu_s,
            self.first_error,
        )


async def _answer(reader: asyncio.StreamReader) -> str | None:
    """Read one response; its error (status line or the start of a GraphQL error body), else None."""
    head = await reader.readuntil(b"\r\n\r\n")
    length = next(
        (int(line.split(b":", 1)[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")),
        None,
    )
    if length is None:
        raise RuntimeError(f"a response without Content-Length: {head[:200]!r}")
    body = await reader.readexactly(length)
    if not head.startswith(_OK):
        return head.split(b"\r\n", 1)[0].decode(errors="replace") + " " + body[:200].decode(errors="replace")
    at = body.find(b'"errors"')
    return None if at < 0 else body[at : at + 300].decode(errors="replace")


async def _http_client(port: int, requests: list[bytes], offset: int, run: _Run) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    i = offset
    try:
        while run.next():
            began = time.perf_counter()
            writer.write(requests[i % len(requests)])
            i += 1
            try:
                error = await asyncio.wait_for(_answer(reader), TIMEOUT_S)
            except (TimeoutError, ConnectionError, asyncio.IncompleteReadError) as failure:
                run.done(began, f"{type(failure).__name__}: no answer")
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                continue
            run.done(began, error)
    finally:
        writer.close()


async def _floor_client(floor: Floor, driver: AsyncDriver, offset: int, run: _Run) -> None:
    i = offset
    while run.next():
        cypher, parameters = floor.statements[i % len(floor.statements)]
        i += 1
        began = time.perf_counter()
        try:
            await asyncio.wait_for(
                driver.execute_query(cypher, parameters, routing_=RoutingControl.READ, database_=floor.database),
                TIMEOUT_S,
            )
        except Exception as failure:  # noqa: BLE001 - a failed request is counted, as the HTTP side counts them
            run.done(began, f"{type(failure).__name__}: {failure}")
            continue
        run.done(began, None)


async def _measure(clients: int, run: _Run, client: Callable[[int], Awaitable[None]]) -> Load:
    cpu = time.process_time()
    # Clients start at different requests, so 8 clients are not 8 copies of one request stream.
    await asyncio.gather(*(client(n * 7) for n in range(clients)))
    return run.result(clients, time.process_time() - cpu)


async def _http(port: int, requests: list[bytes], clients: int, seconds: float, count: int | None) -> Load:
    run = _Run(seconds, count)
    return await _measure(clients, run, lambda offset: _http_client(port, requests, offset, run))


async def _floor(floor: Floor, clients: int, seconds: float, count: int | None) -> Load:
    # The server's notifications are for people writing the statements, not for a load run.
    driver = AsyncGraphDatabase.driver(floor.uri, auth=floor.auth, notifications_min_severity="OFF")
    try:
        await driver.verify_connectivity()
        run = _Run(seconds, count)
        return await _measure(clients, run, lambda offset: _floor_client(floor, driver, offset, run))
    finally:
        await driver.close()


def generate_load(port: int, requests: list[bytes], clients: int, seconds: float, count: int | None = None) -> Load:
    """Entry point for the load process: `clients` closed-loop HTTP clients for `seconds` (or `count` requests)."""
    return uvloop.run(_http(port, requests, clients, seconds, count))


def generate_floor_load(floor: Floor, clients: int, seconds: float, count: int | None = None) -> Load:
    """Entry point for the load process: the driver floor, one task per client."""
    logging.getLogger("neo4j").setLevel(logging.ERROR)  # retries of failing statements are counted, not logged
    return uvloop.run(_floor(floor, clients, seconds, count))
