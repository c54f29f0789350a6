"""`crosspaths token`: development JWTs and revocable personal access tokens."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Annotated

import typer

from api.auth import access_tokens
from api.auth.jwt_tokens import mint
from api.auth.keys import AuthConfigError, JwtKeys
from api.cli.common import console, target, with_graph
from api.gql.ids import to_global_id
from api.graph import Graph, people
from api.settings import Settings

app = typer.Typer(help="Bearer tokens for the API.")

Email = Annotated[str, typer.Option(help="Email of the person the token acts as.")]
Admin = Annotated[bool, typer.Option("--admin", help="Grant the admin role.")]
_DURATION = re.compile(r"^(\d+)([mhd])$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days"}


def parse_duration(text: str) -> timedelta:
    """'90m', '12h', '30d'."""
    match = _DURATION.match(text.strip())
    if match is None:
        msg = f"expected a duration like 90m, 12h or 30d, got {text!r}"
        raise typer.BadParameter(msg)
    return timedelta(**{_UNITS[match[2]]: int(match[1])})


def _person_id(settings: Settings, email: str) -> str | None:
    async def find(graph: Graph) -> str | None:
        found = await people.by_emails(graph, [email.lower()])
        return next(iter(found.values()))["id"] if found else None

    with target(settings) as found_target:
        return with_graph(settings, found_target, find)


def dev_jwt(settings: Settings, *, person_id: str | None, email: str, admin: bool, ttl: timedelta) -> str:
    """A signed JWT for the person (or, for an admin not in the graph, for the email)."""
    keys = JwtKeys.from_settings(settings)
    subject = to_global_id("Person", person_id) if person_id else email
    return mint(keys, subject=subject, email=email, admin=admin, ttl_s=int(ttl.total_seconds()))


@app.callback(invoke_without_command=True)
def token(
    ctx: typer.Context,
    email: Annotated[str | None, typer.Option(help="Mint a development JWT for this person.")] = None,
    admin: Admin = False,
    expires: Annotated[str, typer.Option(help="Lifetime, e.g. 12h or 30d.")] = "24h",
) -> None:
    """Mint a development JWT: `crosspaths token --email E [--admin]`."""
    if ctx.invoked_subcommand is not None:
        return
    if email is None:
        typer.echo(ctx.get_help())
        raise typer.Exit(2)
    settings = Settings.from_env()
    person_id = _person_id(settings, email)
    if person_id is None and not admin:
        console.print(f"[red]error:[/red] no person has the email {email!r}")
        raise typer.Exit(1)
    try:
        typer.echo(dev_jwt(settings, person_id=person_id, email=email, admin=admin, ttl=parse_duration(expires)))
    except (AuthConfigError, ValueError) as error:
        console.print(f"[red]error:[/red] {error}")
        raise typer.Exit(1) from error


@app.command()
def create(
    email: Email,
    admin: Admin = False,
    expires: Annotated[str | None, typer.Option(help="Lifetime, e.g. 30d; none = until revoked.")] = None,
    name: Annotated[str, typer.Option(help="A label to recognise the token by.")] = "cli",
) -> None:
    """Create a personal access token (shown once; only its hash is stored)."""
    settings = Settings.from_env()
    lifetime = parse_duration(expires) if expires else None
    person_id = _person_id(settings, email)
    if person_id is None:
        console.print(f"[red]error:[/red] no person has the email {email!r}")
        raise typer.Exit(1)

    async def issue(graph: Graph) -> access_tokens.IssuedToken:
        return await access_tokens.issue(graph, person_id=person_id, admin=admin, expires_in=lifetime, name=name)

    with target(settings) as found:
        issued = with_graph(settings, found, issue)
    console.print(f"token id {issued.id}; store the secret now, it is not shown again:")
    typer.echo(issued.secret)


@app.command()
def revoke(token_id: Annotated[str, typer.Argument(help="The token id printed by `token create`.")]) -> None:
    """Revoke a personal access token at once."""
    settings = Settings.from_env()

    async def run(graph: Graph) -> bool:
        return await access_tokens.revoke(graph, token_id)

    with target(settings) as found:
        revoked = with_graph(settings, found, run)
    if not revoked:
        console.print(f"[red]error:[/red] no live token has the id {token_id!r}")
        raise typer.Exit(1)
    typer.echo(f"revoked {token_id}")
