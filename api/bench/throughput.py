"""Requests per second of a representative query mix, against a bare Strawberry "hello" app.

Both apps are served by uvicorn with the same settings (SERVER_SETTINGS, one worker) in this
process; the load comes from a separate process (spawned, so it imports nothing of the server).
"""

from __future__ import annotations

import json
import multiprocessing
from typing import TYPE_CHECKING

import strawberry
from starlette.applications import Starlette
from starlette.routing import Route
from strawberry.asgi import GraphQL

from api.bench import queries
from api.bench.load import Load, generate_load, request_bytes
from api.bench.server import Server
from api.bench.stats import Result
from api.gql.ids import to_global_id

if TYPE_CHECKING:
    from starlette.types import ASGIApp

CONCURRENCY = (1, 8, 32)
# The level whose numbers fill ours_ms / reference_ms (every level is in `detail`).
HEADLINE = 8

PERSON = """query($id: ID!) { node(id: $id) { ... on Person { id name headline
  currentPositions { title company { name } } } } }"""


@strawberry.type
class _Hello:
    @strawberry.field
    def hello(self) -> str:
        return "world"


def hello_app() -> ASGIApp:
    """The reference: the smallest Strawberry app there is, on Starlette like ours."""
    schema = strawberry.Schema(query=_Hello)
    return Starlette(routes=[Route("/graphql", GraphQL(schema), methods=["GET", "POST"])])


def mix(pairs: list[tuple[str, str]]) -> list[dict[str, object]]:
    """The representative mix: a profile, the people list, opportunities and a path, per pair of people."""
    bodies: list[dict[str, object]] = []
    for me, other in pairs:
        ids = {"id": to_global_id("Person", me), "to": to_global_id("Person", other)}
        bodies += [
            {"query": PERSON, "variables": {"id": ids["id"]}},
            {"query": queries.NESTED, "variables": {"first": 20}},
            {"query": queries.OPPORTUNITIES, "variables": {"id": ids["id"]}},
            {"query": queries.PATHS, "variables": ids},
        ]
    return bodies


def _levels(port: int, token: str | None, bodies: list[dict[str, object]], seconds: float) -> list[Load]:
    requests = [request_bytes(port, token, json.dumps(body).encode()) for body in bodies]
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        pool.apply(generate_load, (port, requests, 1, min(1.0, seconds)))  # warm-up
        return [pool.apply(generate_load, (port, requests, n, seconds)) for n in CONCURRENCY]


def throughput(port: int, token: str, pairs: list[tuple[str, str]], *, seconds: float) -> Result:
    """Ours (already served on `port`) and the hello app at each concurrency level.

    The ratio is hello's requests/s over ours at HEADLINE clients: how many times more a bare
    Strawberry server answers than crosspaths answering real queries against Neo4j.
    """
    ours = _levels(port, token, mix(pairs), seconds)
    with Server(hello_app()) as hello_server:
        hello = _levels(hello_server.port, None, [{"query": "{ hello }"}], seconds)
    detail: dict[str, object] = {
        "unit": f"ms per request at {HEADLINE} clients (1000 / requests per second)",
        "levels": [
            {
                "clients": o.clients,
                "ours_rps": round(o.per_second, 1),
                "ours_p50_ms": round(o.p50_ms, 2),
                "ours_p99_ms": round(o.p99_ms, 2),
                "ours_failed": o.failed,
                "hello_rps": round(h.per_second, 1),
                "hello_p50_ms": round(h.p50_ms, 2),
                "hello_p99_ms": round(h.p99_ms, 2),
            }
            for o, h in zip(ours, hello, strict=True)
        ],
    }
    at = CONCURRENCY.index(HEADLINE)
    requests = sum(level.requests for level in ours)
    failed = sum(level.failed for level in ours + hello)
    return Result(
        "throughput",
        1000 / ours[at].per_second,
        1000 / hello[at].per_second,
        None,
        requests,
        detail=detail,
        failures=failed,
    )
