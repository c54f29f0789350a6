"""Benchmark the network queries: over HTTP through the whole app, and the same Cypher straight through the driver.

    python -m api.bench.network --people 10000 --people 100000 --wipe

Builds a synthetic graph of each size (api.bench.graphs: the same degree distribution at every
size), then prints the median time of `opportunities(maxHops: 2 and 3)` and `pathsTo` both ways
and their ratio (the cost of GraphQL, auth and HTTP on top of the query).
It WIPES the database it talks to (NEO4J_URI, else the local one), hence --wipe.
"""

from __future__ import annotations

import asyncio
import json
import random
import secrets
import socket
import statistics
import threading
import time
import urllib.request
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Annotated, Any, Self

import typer
import uvicorn

from api.app import create_app
from api.auth.jwt_tokens import mint
from api.auth.keys import JwtKeys
from api.bench.graphs import average_degrees, build
from api.bench.queries import direct
from api.database import neo4j_target
from api.gql.ids import to_global_id
from api.graph import Graph, migrations, network, open_driver
from api.settings import Neo4jTarget, Settings

_OPPORTUNITIES = """query($id: ID!, $hops: Int) { node(id: $id) { ... on Person {
  opportunities(maxHops: $hops, first: 20) { totalCount edges { node { hops score role { id } contact { id }
  paths { steps { kind on } } } } } } } }"""
_PATHS = """query($id: ID!, $to: ID!) { node(id: $id) { ... on Person {
  pathsTo(personId: $to, maxHops: 6, first: 3) { hops steps { kind on } } } } }"""


async def _median_s(run: Callable[[], Awaitable[object]], runs: int) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        await run()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


class _Server:
    """The whole app under uvicorn on a free local port, in a background thread."""

    def __init__(self, target: Neo4jTarget, settings: Settings) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        config = uvicorn.Config(create_app(target, settings), host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> Self:
        self.thread.start()
        while not self.server.started:
            time.sleep(0.1)
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.should_exit = True
        self.thread.join()

    def post(self, token: str, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/graphql",
            data=json.dumps({"query": query, "variables": variables}).encode(),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
        )
        with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310 - a fixed http://127.0.0.1 URL
            body: dict[str, Any] = json.load(response)
        if body.get("errors"):
            raise RuntimeError(body["errors"])
        return body


async def _report(
    name: str, direct: Callable[[], Awaitable[object]], http: Callable[[], Awaitable[object]], runs: int
) -> None:
    await direct()  # the first run pays for replanning after the build
    driver_s, http_s = await _median_s(direct, runs), await _median_s(http, runs)
    typer.echo(f"{name:<26}{driver_s * 1000:>12.1f}{http_s * 1000:>12.1f}{http_s / driver_s:>8.2f}")


async def _measure(graph: Graph, server: _Server, *, token: str, me: str, other: str, runs: int) -> None:
    ids = {"id": to_global_id("Person", me), "to": to_global_id("Person", other)}
    typer.echo(f"{'query':<26}{'driver ms':>12}{'http ms':>12}{'ratio':>8}")
    for hops in (2, 3):

        async def opportunities(hops: int = hops) -> object:
            return await direct(graph, network.OPPORTUNITIES, network.opportunities_parameters(me, max_hops=hops))

        async def opportunities_http(hops: int = hops) -> object:
            return await asyncio.to_thread(server.post, token, _OPPORTUNITIES, {"id": ids["id"], "hops": hops})

        await _report(f"opportunities(maxHops: {hops})", opportunities, opportunities_http, runs)

    async def paths() -> object:
        return await direct(graph, network.PATHS_TO, network.paths_parameters(me, other, max_hops=6, first=3))

    async def paths_http() -> object:
        return await asyncio.to_thread(server.post, token, _PATHS, ids)

    await _report("pathsTo(maxHops: 6)", paths, paths_http, runs)


async def bench(target: Neo4jTarget, settings: Settings, sizes: list[int], runs: int) -> None:
    token = mint(JwtKeys.from_settings(settings), subject="bench@example.com", email="bench@example.com", admin=True)
    async with open_driver(target) as driver:
        graph = Graph(driver, target.database, timeout_s=settings.query_timeout_s)
        await migrations.apply(graph)
        for people in sizes:
            began = time.perf_counter()
            await build(graph, people)
            typer.echo(f"\n{people} people: built in {time.perf_counter() - began:.0f} s")
            long = Graph(driver, target.database, timeout_s=600.0)  # the degree count reads the whole graph
            typer.echo(f"average degree: {await average_degrees(long, network.today())}")
            rng = random.Random(people)  # noqa: S311 - which people to ask about, not a secret
            me, other = f"bench-{rng.randrange(people)}", f"bench-{rng.randrange(people)}"
            with _Server(target, settings) as server:
                await _measure(graph, server, token=token, me=me, other=other, runs=runs)


def main(
    people: Annotated[list[int], typer.Option(help="Graph sizes to build and measure.")] = [10_000],  # noqa: B006 - typer reads the default, never mutates it
    runs: Annotated[int, typer.Option(help="Runs per measurement (the median is printed).")] = 7,
    wipe: Annotated[bool, typer.Option(help="Confirm that the database may be wiped.")] = False,
) -> None:
    if not wipe:
        typer.echo("this benchmark wipes the database: pass --wipe to go on", err=True)
        raise typer.Exit(2)
    settings = replace(Settings.from_env(), jwt_secret=secrets.token_urlsafe(48), rate_limit_per_minute=10**9)
    with neo4j_target(settings) as target:
        asyncio.run(bench(target, settings, people, runs))


if __name__ == "__main__":
    typer.run(main)
