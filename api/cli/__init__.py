"""The `crosspaths` command: one sub-command per concern, each in its own module."""

from __future__ import annotations

import typer

from api.auth.keys import AuthConfigError
from api.cli import bench, db, run, schema, seed, token
from api.cli.common import console
from api.graph.migrations import MigrationError
from api.settings import SettingsError

app = typer.Typer(help="crosspaths: who in your network can lead you to an open role.", no_args_is_help=True)
app.add_typer(db.app, name="db")
app.add_typer(schema.app, name="schema")
app.add_typer(seed.app, name="seed")
app.add_typer(token.app, name="token")
app.command("serve")(run.serve)
app.command("up")(run.up)
app.add_typer(bench.app, name="bench")


def main() -> None:
    """The console script: configuration mistakes and an incomplete install end with their reason, never a traceback."""
    try:
        app(prog_name="crosspaths")
    except (SettingsError, AuthConfigError, MigrationError) as error:
        console.print(f"[red]error:[/red] {error}")
        raise SystemExit(2) from None


__all__ = ["app", "main"]
