"""`crosspaths db start|stop|status`: the local Neo4j server run from Maven Central jars."""

from __future__ import annotations

from typing import Annotated

import typer

from api.cli.common import console
from api.localdb import LocalNeo4j, LocalNeo4jError
from api.settings import Settings

app = typer.Typer(help="Manage the local Neo4j server (used when NEO4J_URI is not set).", no_args_is_help=True)

Port = Annotated[int | None, typer.Option(help="Bolt port on 127.0.0.1 (default: CROSSPATHS_NEO4J_PORT or 7687).")]


def _local(port: int | None) -> LocalNeo4j:
    settings = Settings.from_env()
    return LocalNeo4j(
        port=port or settings.local_port,
        data_dir=settings.data_dir,
        cache_dir=settings.cache_dir,
        page_cache=settings.local_page_cache,
    )


@app.command()
def start(port: Port = None) -> None:
    """Start the local Neo4j (idempotent) and wait until Bolt answers."""
    local = _local(port)
    try:
        local.start()
    except LocalNeo4jError as error:
        console.print(f"[red]error:[/red] {error}")
        raise typer.Exit(1) from error
    typer.echo(f"NEO4J_URI={local.uri}")


@app.command()
def stop(port: Port = None) -> None:
    """Stop the local Neo4j by PID: SIGTERM, then SIGKILL after a grace period."""
    local = _local(port)
    typer.echo("stopped" if local.stop() else "not running")


@app.command()
def status(port: Port = None) -> None:
    """Exit 0 only when the local Neo4j answers on Bolt."""
    local = _local(port)
    if local.answers():
        typer.echo(f"running: {local.uri} (pid {local.pid()})")
        return
    typer.echo(f"not answering on {local.uri}")
    raise typer.Exit(1)
