"""What every command shares: settings, the chosen database, clean failure messages."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Iterator
from typing import TypeVar

import typer
from rich.console import Console

from api.database import neo4j_target
from api.graph import Graph, open_driver
from api.localdb import LocalNeo4jError
from api.settings import Neo4jTarget, Settings

T = TypeVar("T")
console = Console(stderr=True)


@contextlib.contextmanager
def target(settings: Settings, *, keep_running: bool = True) -> Iterator[Neo4jTarget]:
    """The Neo4j to talk to; failures to start one end the command with the reason, not a traceback."""
    try:
        with neo4j_target(settings, keep_running=keep_running) as found:
            yield found
    except LocalNeo4jError as error:
        console.print(f"[red]error:[/red] {error}")
        raise typer.Exit(1) from error


def with_graph(settings: Settings, found: Neo4jTarget, work: Callable[[Graph], Awaitable[T]]) -> T:
    """Run `work` against the graph at `found` with a driver opened for it."""

    async def main() -> T:
        async with open_driver(found, retry_s=settings.neo4j_retry_s) as driver:
            return await work(Graph(driver, found.database, timeout_s=settings.query_timeout_s))

    return asyncio.run(main())
