"""`crosspaths schema apply|export`: Cypher migrations and the exported GraphQL SDL."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from api.cli.common import target, with_graph
from api.graph.migrations import apply as apply_migrations
from api.settings import PROJECT_ROOT, SOURCE_CHECKOUT, Settings

app = typer.Typer(help="Database migrations and the GraphQL schema file.", no_args_is_help=True)

# In a clone the export refreshes the committed file (tests/gql/test_sdl.py keeps it in sync); an installed
# package has no such file to refresh, so there it prints the SDL.
SDL_FILE = PROJECT_ROOT / "schema" / "schema.graphql" if SOURCE_CHECKOUT else None
Out = Annotated[
    Path | None,
    typer.Option(
        "--out",
        help="Where to write the SDL ('-': standard output). Default: schema/schema.graphql in a clone, else '-'.",
    ),
]


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
def export(out: Out = None) -> None:
    """Write the GraphQL SDL (schema/schema.graphql in a clone, standard output elsewhere)."""
    from api.gql.schema import sdl  # noqa: PLC0415 - building the schema is only needed here

    destination = out or SDL_FILE
    if destination is None or str(destination) == "-":
        sys.stdout.write(sdl())
        return
    destination.write_text(sdl(), encoding="utf-8")
    typer.echo(f"wrote {destination}")
