"""The `crosspaths` command: one sub-command per concern, each in its own module."""

from __future__ import annotations

import typer

from api.cli import db, run, schema, token

app = typer.Typer(help="crosspaths: who in your network can lead you to an open role.", no_args_is_help=True)
app.add_typer(db.app, name="db")
app.add_typer(schema.app, name="schema")
app.add_typer(token.app, name="token")
app.command("serve")(run.serve)
app.command("up")(run.up)

__all__ = ["app"]
