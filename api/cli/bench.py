"""`crosspaths bench`: crosspaths against hand-written Cypher, LOAD CSV and a bare Strawberry app."""

from __future__ import annotations

import asyncio
import secrets
import shutil
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from api.bench.report import table, throughput_table, write_json
from api.bench.server import free_port
from api.bench.suite import PROFILES, run
from api.cli.common import console
from api.database import neo4j_target
from api.settings import Settings


def bench(
    quick: Annotated[bool, typer.Option("--quick", help="Small graphs (2k and 20k people): a few minutes.")] = False,
    json_path: Annotated[Path | None, typer.Option("--json", help="Also write the results as JSON here.")] = None,
    wipe: Annotated[
        bool, typer.Option("--wipe", help="Allow wiping the database NEO4J_URI names (needed when it is set).")
    ] = False,
    profile: Annotated[
        str | None, typer.Option(hidden=True, help="tiny|quick|full: tiny is for the smoke test only.")
    ] = None,
) -> None:
    """Measure each scenario against its reference in one run and print the ratios.

    Without NEO4J_URI a throw-away local Neo4j is started (and stopped) for the run.
    """
    chosen = PROFILES[profile or ("quick" if quick else "full")]
    settings = Settings.from_env()
    if settings.neo4j_uri and not wipe:
        console.print("[red]error:[/red] the benchmark wipes the database NEO4J_URI names: pass --wipe to go on")
        raise typer.Exit(2)
    # A secret of its own (to mint the bench token) and no rate limit: the benchmark is one very busy client.
    settings = replace(settings, jwt_secret=secrets.token_urlsafe(48), rate_limit_per_minute=10**9)
    data_dir = Path(tempfile.mkdtemp(prefix="crosspaths-bench-db-"))
    try:
        with neo4j_target(settings, port=free_port(), data_dir=data_dir, keep_running=False) as target:
            results = asyncio.run(
                run(
                    target,
                    settings,
                    chosen,
                    lambda step: console.print(f"[dim]{time.strftime('%H:%M:%S')} {step}[/dim]"),
                )
            )
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    # Nine columns are unreadable folded into 80 (rich clamps print(width=) to the console's width).
    wide = Console(stderr=True, width=max(console.width, 150))
    wide.print(table(results))
    for result in results:
        if result.name == "throughput":
            wide.print(throughput_table(result))
    if json_path:
        write_json(results, json_path)
        console.print(f"wrote {json_path}")
