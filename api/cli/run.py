"""`crosspaths serve` and `crosspaths up`: the API over HTTP, with GraphiQL at /graphql."""

from __future__ import annotations

import os
from datetime import timedelta
from typing import Annotated, Any

import typer
import uvicorn

from api.app import create_app
from api.auth.keys import JwtKeys
from api.cli.common import target, with_graph
from api.cli.token import dev_jwt
from api.graph import Graph, interview_value, network, people
from api.graph.migrations import apply as apply_migrations
from api.observe import logs, tracing
from api.settings import Neo4jTarget, Settings
from api.web.serving import uvicorn_options
from seeds.folder import DEMO_DIR, folder_sheets
from seeds.importer import import_sheets

Host = Annotated[str, typer.Option(help="Interface to listen on.")]
Port = Annotated[int, typer.Option(help="HTTP port.")]
Workers = Annotated[
    int,
    typer.Option(
        min=1,
        help="uvicorn worker processes. Neo4j does the heavy work: on a machine it shares with Neo4j, "
        "1 per 2 cores (docs/deployment.md).",
    ),
]


DEMO_USER = "maya.chen@example.com"


async def _schema_and_demo(graph: Graph) -> tuple[str, str | None]:
    """Migrations (saying how many), then the demo data (idempotent); the demo's message and its user's id."""
    applied = await apply_migrations(graph)
    typer.echo(f"schema: {len(applied)} migrations applied" if applied else "schema: up to date")
    reports = await import_sheets(graph, folder_sheets(DEMO_DIR))
    problems = [str(error) for report in reports for error in report.errors]
    if problems:
        return "demo data not loaded: " + "; ".join(problems[:3]), None
    created = sum(report.created for report in reports)
    if created >= network.REPLAN_AFTER_ROWS:
        # The searches planned for the demo, before the first request.
        await network.replan(graph, interview_value.planned_statements())
    found = await people.by_emails(graph, [DEMO_USER])
    message = f"demo data loaded ({created} rows new)" if created else "demo data already loaded"
    return message, found[DEMO_USER]["id"] if found else None


def _serve(
    settings: Settings, host: str, port: int, *, keep_running: bool, demo: bool = False, workers: int = 1
) -> None:
    with target(settings, keep_running=keep_running) as found:
        typer.echo(f"NEO4J_URI={found.uri}")
        if demo:
            message, maya = with_graph(settings, found, _schema_and_demo)
            typer.echo(message)
            if maya is not None:
                token = dev_jwt(settings, person_id=maya, email=DEMO_USER, admin=False, ttl=timedelta(days=7))
                typer.echo("GraphiQL > Headers, to act as the demo user Maya Chen (valid 7 days):")
                typer.echo(f'{{"Authorization": "Bearer {token}"}}')
        typer.echo(f"crosspaths API + GraphiQL on http://{host}:{port}/graphql")
        logs.configure(settings.log_format)
        tracing.configure()
        # Our AccessLog writes one structured line per request: uvicorn's own access log would repeat it.
        # uvicorn[standard] brings uvloop, which it picks by itself, and httptools (bounded: api.web.serving).
        served: dict[str, Any] = {
            "host": host,
            "port": port,
            "log_config": None,
            "access_log": False,
            **uvicorn_options(settings),
        }
        if workers == 1:
            uvicorn.run(create_app(found, settings), **served)
            return
        # Each worker process builds its own app (and driver) from the environment: point it at this Neo4j.
        # Checking the keys here refuses a bad configuration once, and makes the dev secret before any worker reads it.
        # Migrations run once, here, not in every worker at the same time.
        JwtKeys.from_settings(settings)
        with_graph(settings, found, apply_migrations)
        os.environ.update(_target_environment(found))
        uvicorn.run("api.app:app_from_env", factory=True, workers=workers, **served)


def _target_environment(found: Neo4jTarget) -> dict[str, str]:
    auth = found.auth
    return {"NEO4J_URI": found.uri, "NEO4J_DATABASE": found.database} | (
        {"NEO4J_USER": auth[0], "NEO4J_PASSWORD": auth[1]} if auth else {}
    )


def serve(host: Host = "127.0.0.1", port: Port = 8000, workers: Workers = 1) -> None:
    """Serve the API (applies pending migrations at start)."""
    _serve(Settings.from_env(), host, port, keep_running=True, workers=workers)


def up(host: Host = "127.0.0.1", port: Port = 8000) -> None:
    """The main job: local Neo4j, schema, demo data, then the API + GraphiQL until Ctrl-C."""
    settings = Settings.from_env()
    _serve(settings, host, port, keep_running=False, demo=True)
