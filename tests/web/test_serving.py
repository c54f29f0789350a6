"""The app as `crosspaths serve` serves it (uvicorn + api.web.serving): proxy trust and request head limits."""

from __future__ import annotations

import contextlib
import json
import socket
import time
from dataclasses import replace
from typing import Any

import httpx2
import pytest
from neo4j import Driver

from api.settings import Neo4jTarget, Settings
from tests.live_server import served

VIEWER = {"query": "{ viewer { name } }"}  # one point of the anonymous caller's budget


def codes(body: dict[str, Any]) -> list[str]:
    return [error["extensions"]["code"] for error in body.get("errors") or []]


def spend(url: str, points: int, headers: dict[str, str] | None = None) -> list[list[str]]:
    """The error codes of `points` anonymous one-point queries in a row."""
    with httpx2.Client(base_url=url) as http:
        return [codes(http.post("/graphql", json=VIEWER, headers=headers or {}).json()) for _ in range(points)]


def test_a_forged_forwarded_for_does_not_buy_a_fresh_budget(
    target: Neo4jTarget, settings: Settings, db: Driver
) -> None:
    del db
    with served(target, replace(settings, rate_limit_per_minute=3), plan=False) as url:
        assert spend(url, 4) == [[], [], [], ["THROTTLED"]]
        # Any client can write these headers: with no trusted proxy configured they are not believed.
        forged = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"}
        assert spend(url, 1, forged) == [["THROTTLED"]]


def test_a_configured_proxy_names_the_client(target: Neo4jTarget, settings: Settings, db: Driver) -> None:
    del db
    behind_proxy = replace(settings, rate_limit_per_minute=3, trusted_proxies=("127.0.0.0/8",))
    with served(target, behind_proxy, plan=False) as url:
        assert spend(url, 4, {"X-Forwarded-For": "203.0.113.7"}) == [[], [], [], ["THROTTLED"]]
        assert spend(url, 1, {"X-Forwarded-For": "203.0.113.8"}) == [[]], "another client, another budget"


def raw_request(url: str, head: bytes, body: bytes = b"") -> bytes:
    """Send bytes as they are (no client would send such a head) and read the whole answer."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # refused before all was sent: the
            sock.sendall(head + body)  # answer is still there to read
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


def head(lines: list[bytes]) -> bytes:
    return b"\r\n".join([b"POST /graphql HTTP/1.1", b"Host: 127.0.0.1", *lines, b"Connection: close", b"", b""])


@pytest.mark.parametrize(
    "lines",
    [
        [b"X-Filler-%d: %s" % (n, b"a" * 100) for n in range(200)],  # many ordinary headers, 21 KB
        [b"X-Filler: " + b"a" * 4_000_000],  # one huge header, 4 MB
    ],
    ids=["many-headers", "one-huge-header"],
)
def test_a_request_head_over_the_limit_is_refused_with_431(
    target: Neo4jTarget, settings: Settings, lines: list[bytes]
) -> None:
    with served(target, settings, plan=False) as url:
        answer = raw_request(url, head(lines))
        status_line, _, rest = answer.partition(b"\r\n")
        assert status_line == b"HTTP/1.1 431 Request Header Fields Too Large"
        assert b"content-type: application/json" in rest.lower()
        [error] = json.loads(rest.partition(b"\r\n\r\n")[2])["errors"]
        assert error["extensions"] == {"code": "REQUEST_HEADERS_TOO_LARGE"}
        assert httpx2.get(f"{url}/healthz").status_code == 200, "the server goes on serving others"


def test_a_head_under_the_limit_and_a_big_body_are_served(target: Neo4jTarget, settings: Settings, db: Driver) -> None:
    del db
    padding = " " * 600_000  # a body larger than any one read, arriving right behind the head
    body = b'{"query": "{ viewer { name } }"' + padding.encode() + b"}"  # JSON whitespace, not document text
    lines = [b"X-Filler-%d: %s" % (n, b"a" * 100) for n in range(100)]  # 10 KB of headers
    lines += [b"Content-Type: application/json", b"Content-Length: %d" % len(body)]
    with served(target, settings, plan=False) as url:
        answer = raw_request(url, head(lines), body)
    assert answer.startswith(b"HTTP/1.1 200 OK"), answer[:200]
    assert json.loads(answer.partition(b"\r\n\r\n")[2])["data"] == {"viewer": None}


def read_until_closed(sock: socket.socket) -> bytes:
    answer = b""
    with contextlib.suppress(ConnectionResetError):
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


@pytest.mark.parametrize("drip", [0, 1], ids=["silent", "one-line-a-second"])
def test_a_head_that_does_not_arrive_in_time_gets_408_and_the_connection_closes(
    target: Neo4jTarget, settings: Settings, drip: int
) -> None:
    """A "slowloris" client, sending nothing or a header line now and then, holds no connection past the limit."""
    with served(target, replace(settings, head_timeout_s=2.0), plan=False) as url:
        host, port = url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=20) as sock:
            opened = time.monotonic()
            if drip:
                sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                for n in range(4):  # keeps every read under any keep-alive timer, never completing the head
                    time.sleep(drip)
                    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                        sock.sendall(b"X-Drip-%d: 1\r\n" % n)
            answer = read_until_closed(sock)
            waited = time.monotonic() - opened
        status_line, _, rest = answer.partition(b"\r\n")
        assert status_line == b"HTTP/1.1 408 Request Timeout"
        [error] = json.loads(rest.partition(b"\r\n\r\n")[2])["errors"]
        assert error["extensions"] == {"code": "REQUEST_TIMEOUT"}
        assert waited < 10, f"closed after {waited:.1f}s, the limit is 2s"
        assert httpx2.get(f"{url}/healthz").status_code == 200, "a prompt client is served as before"


def test_a_kept_alive_connection_has_a_fresh_head_deadline_for_each_request(
    target: Neo4jTarget, settings: Settings
) -> None:
    with served(target, replace(settings, head_timeout_s=2.0), plan=False) as url, httpx2.Client(base_url=url) as http:
        for _ in range(3):  # the same connection, longer in total than the head limit
            assert http.get("/healthz").status_code == 200
            time.sleep(1)
