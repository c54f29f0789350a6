"""A small HTTP load generator, run in its own process so it never shares an interpreter with the server.

Each client holds one keep-alive connection and posts the next request of the mix as soon as the
previous answer is in (a closed loop), for a fixed time.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass

_OK = b"HTTP/1.1 200"


@dataclass(frozen=True)
class Load:
    """What one level of concurrency achieved."""

    clients: int
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    failed: int = 0  # answered with GraphQL errors (HTTP 200 all the same), e.g. over a memory limit

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds


def request_bytes(port: int, token: str | None, body: bytes) -> bytes:
    """A complete HTTP/1.1 POST /graphql for `body`."""
    auth = f"Authorization: Bearer {token}\r\n" if token else ""
    head = (
        f"POST /graphql HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
        f"{auth}Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


async def _client(
    port: int, requests: list[bytes], offset: int, deadline: float, *, latencies: list[float], failed: list[int]
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    i = offset
    try:
        while time.perf_counter() < deadline:
            began = time.perf_counter()
            writer.write(requests[i % len(requests)])
            head = await reader.readuntil(b"\r\n\r\n")
            if not head.startswith(_OK):
                raise RuntimeError(f"load request failed: {head[:200]!r}")
            length = next(
                int(line.split(b":", 1)[1])
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-length:")
            )
            if b'"errors"' in await reader.readexactly(length):
                failed.append(i)
            latencies.append((time.perf_counter() - began) * 1000)
            i += 1
    finally:
        writer.close()


async def _run(port: int, requests: list[bytes], clients: int, seconds: float) -> Load:
    latencies: list[float] = []
    failed: list[int] = []
    began = time.perf_counter()
    deadline = began + seconds
    await asyncio.gather(
        *(_client(port, requests, n, deadline, latencies=latencies, failed=failed) for n in range(clients))
    )
    elapsed = time.perf_counter() - began
    ordered = sorted(latencies)
    return Load(
        clients,
        len(ordered),
        elapsed,
        statistics.median(ordered),
        ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))],
        len(failed),
    )


def generate_load(port: int, requests: list[bytes], clients: int, seconds: float) -> Load:
    """Entry point for the load process: `clients` closed-loop clients for `seconds`."""
    return asyncio.run(_run(port, requests, clients, seconds))
