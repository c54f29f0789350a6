"""`crosspaths schema apply|export`: Cypher migrations and the exported GraphQL SDL."""

from __future__ import annotations

import typer

from api.cli.common import target, with_graph
from api.graph.migrations import SCHEMA_DIR
from api.graph.migrations import apply as apply_migrations
from api.settings import Settings

app = typer.Typer(help="Database migrations and the GraphQL schema file.", no_args_is_help=True)

SDL_FILE = SCHEMA_DIR / "schema.graphql"


@app.command()
def apply() -> None:
    """Apply the Cypher migrations in schema/ that the database has not recorded yet."""
    settings = Settings.from_env()
    with target(settings) as found:
        applied = with_graph(settings, found, apply_migrations)
    for migration in applied:
        typer.echo(f"applied {migration.version:03d}_{migration.name}")
    typer.echo(f"schema up to date ({len(applied)} applied)")


@app.command()
def export() -> None:
    """Write the GraphQL SDL to schema/schema.graphql."""
    from api.gql.schema import sdl  # noqa: PLC0415 - building the schema is only needed here

    SDL_FILE.write_text(sdl(), encoding="utf-8")
    typer.echo(f"wrote {SDL_FILE}")
