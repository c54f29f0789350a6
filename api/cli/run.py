"""`crosspaths serve` and `crosspaths up`: the API over HTTP, with GraphiQL at /graphql."""

from __future__ import annotations

from typing import Annotated

import typer
import uvicorn

from api.app import create_app
from api.cli.common import target
from api.settings import Settings

Host = Annotated[str, typer.Option(help="Interface to listen on.")]
Port = Annotated[int, typer.Option(help="HTTP port.")]


def _serve(settings: Settings, host: str, port: int, *, keep_running: bool) -> None:
    with target(settings, keep_running=keep_running) as found:
        typer.echo(f"NEO4J_URI={found.uri}")
        typer.echo(f"crosspaths API + GraphiQL on http://{host}:{port}/graphql")
        uvicorn.run(create_app(found, settings), host=host, port=port, log_level="info")


def serve(host: Host = "127.0.0.1", port: Port = 8000) -> None:
    """Serve the API (applies pending migrations at start)."""
    _serve(Settings.from_env(), host, port, keep_running=True)


def up(host: Host = "127.0.0.1", port: Port = 8000) -> None:
    """The main job: local Neo4j, schema, demo data, then the API + GraphiQL until Ctrl-C."""
    settings = Settings.from_env()
    _serve(settings, host, port, keep_running=False)
