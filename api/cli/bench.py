"""`crosspaths bench`: crosspaths against hand-written Cypher, LOAD CSV and a bare Strawberry app;
`crosspaths bench load`: crosspaths, @neo4j/graphql and the driver floor under load, side by side."""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from api.bench import load_report
from api.bench.report import table, throughput_table, write_json
from api.bench.server import free_port
from api.bench.statement_cost import measure_network, network_table
from api.bench.suite import PROFILES, run
from api.bench.under_load import LOAD_PROFILES, WORKLOADS, LoadOptions, run_load
from api.cli.common import console
from api.database import neo4j_target
from api.settings import Neo4jTarget, Settings

app = typer.Typer(
    help="Benchmarks: `crosspaths bench [--quick]`, and `crosspaths bench load` (see docs/benchmarks.md)."
)

Quick = Annotated[bool, typer.Option("--quick", help="Smaller graphs and shorter runs.")]
JsonPath = Annotated[Path | None, typer.Option("--json", help="Also write the results as JSON here.")]
Wipe = Annotated[
    bool, typer.Option("--wipe", help="Allow wiping the database NEO4J_URI names (needed when it is set).")
]
Profile = Annotated[str | None, typer.Option(hidden=True, help="tiny|quick|full: tiny is for the smoke test only.")]


def _say(step: str) -> None:
    console.print(f"[dim]{time.strftime('%H:%M:%S')} {step}[/dim]")


@contextmanager
def _database(settings: Settings, wipe: bool) -> Iterator[Neo4jTarget]:
    """NEO4J_URI's database (only with --wipe), else a throw-away local Neo4j for the run."""
    if settings.neo4j_uri and not wipe:
        console.print("[red]error:[/red] the benchmark wipes the database NEO4J_URI names: pass --wipe to go on")
        raise typer.Exit(2)
    data_dir = Path(tempfile.mkdtemp(prefix="crosspaths-bench-db-"))
    try:
        with neo4j_target(settings, port=free_port(), data_dir=data_dir, keep_running=False) as target:
            yield target
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


@app.callback(invoke_without_command=True)
def bench(
    ctx: typer.Context,
    quick: Annotated[bool, typer.Option("--quick", help="Small graphs (2k and 20k people): a few minutes.")] = False,
    json_path: JsonPath = None,
    wipe: Wipe = False,
    profile: Profile = None,
) -> None:
    """Measure each scenario against its reference in one run and print the ratios.

    Without NEO4J_URI a throw-away local Neo4j is started (and stopped) for the run.
    """
    if ctx.invoked_subcommand is not None:
        return
    chosen = PROFILES[profile or ("quick" if quick else "full")]
    # A secret of its own (to mint the bench token) and no rate limit: the benchmark is one very busy client.
    settings = replace(Settings.from_env(), jwt_secret=secrets.token_urlsafe(48), rate_limit_per_minute=10**9)
    with _database(settings, wipe) as target:
        results = asyncio.run(run(target, settings, chosen, _say))
    # Nine columns are unreadable folded into 80 (rich clamps print(width=) to the console's width).
    wide = Console(stderr=True, width=max(console.width, 150))
    wide.print(table(results))
    for result in results:
        if result.name == "throughput":
            wide.print(throughput_table(result))
    if json_path:
        write_json(results, json_path)
        console.print(f"wrote {json_path}")


@app.command("load")
def load(
    *,
    quick: Annotated[
        bool, typer.Option("--quick", help="10 000 people, 10 s per level: ~45 minutes on 2 shared cores.")
    ] = False,
    peer: Annotated[
        str, typer.Option(help="auto: run @neo4j/graphql when node and npm are present; off: never.")
    ] = "auto",
    workers: Annotated[int, typer.Option(min=1, help="crosspaths serve --workers.")] = 1,
    only: Annotated[
        str | None,
        typer.Option(help="Comma-separated workloads to time: Q1, Q2, headline, pathsTo, mix (default all)."),
    ] = None,
    max_load: Annotated[
        float, typer.Option(help="Wait for a 1-minute load average below this before each level.")
    ] = 1.5,
    max_wait: Annotated[float, typer.Option(help="...at most this many seconds, then measure anyway.")] = 60.0,
    json_path: JsonPath = None,
    wipe: Wipe = False,
    profile: Profile = None,
) -> None:
    """crosspaths, @neo4j/graphql and the driver floor on one synthetic graph, at 1, 8 and 32 clients.

    Without --quick: 100 000 people, 30 s per level. Every answer is checked equal before timing.
    """
    if peer not in {"auto", "off"}:
        raise typer.BadParameter("expected auto or off", param_hint="--peer")
    chosen = LOAD_PROFILES[profile or ("quick" if quick else "full")]
    workloads = tuple(name.strip() for name in (only or "").split(",") if name.strip())
    if unknown := set(workloads) - set(WORKLOADS):
        raise typer.BadParameter(
            f"unknown workloads {sorted(unknown)}; choose from {', '.join(WORKLOADS)}", param_hint="--only"
        )
    options = LoadOptions(peer=peer == "auto", workers=workers, max_load=max_load, max_wait_s=max_wait, only=workloads)
    settings = Settings.from_env()
    # Failing statements are retried by the driver, which warns on each retry: the report counts them instead.
    logging.getLogger("neo4j").setLevel(logging.ERROR)
    with _database(settings, wipe) as target:
        report = asyncio.run(run_load(target, settings, chosen, options, _say))
    wide = Console(stderr=True, width=max(console.width, 160))
    if not report["peer"]["ran"]:
        wide.print(f"[yellow]the peer did not run:[/yellow] {report['peer']['why']}")
    wide.print(load_report.questions_table(report))
    wide.print(load_report.levels_table(report))
    wide.print(load_report.targets_table(report))
    wide.print(load_report.memory_line(report))
    if json_path:
        json_path.write_text(json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8")
        console.print(f"wrote {json_path}")


@app.command("network")
def network_cost(
    *,
    people: Annotated[
        list[int] | None, typer.Option(help="Seed synth graphs of these sizes, one after another (wipes the database).")
    ] = None,
    as_is: Annotated[
        bool, typer.Option("--as-is", help="Measure the graph NEO4J_URI holds now: no seeding, nothing written.")
    ] = False,
    sample: Annotated[
        int, typer.Option(min=1, help="People (and companies) asked about (seed 1, as `bench load` draws them).")
    ] = 10,
    rounds: Annotated[int, typer.Option(min=1, help="Timed rounds after the warm-up round.")] = 2,
    profile: Annotated[
        bool, typer.Option("--profile", help="One more round under PROFILE: db hits, memory, heaviest operator.")
    ] = False,
    json_path: JsonPath = None,
    wipe: Wipe = False,
) -> None:
    """Neo4j's cost of opportunities(maxHops: 2), pathsTo and interviewValue per sampled person, by the driver alone.

    interviewValue is asked at each person's sampled company (maxHops 2) and at the largest employer (maxHops 3).

    With --as-is the graph NEO4J_URI names is measured as it stands; else each --people size (default
    10 000) is seeded with `crosspaths seed synth --seed 1` and the importer first, as `bench load` seeds.
    """
    settings = replace(Settings.from_env(), jwt_secret=secrets.token_urlsafe(48))
    if as_is and not settings.neo4j_uri:
        raise typer.BadParameter("--as-is measures the database NEO4J_URI names: set it", param_hint="--as-is")
    logging.getLogger("neo4j").setLevel(logging.ERROR)  # failures are counted in the report, not logged per retry

    def measure(target: Neo4jTarget, size: int | None) -> dict[str, Any]:
        return asyncio.run(
            measure_network(target, settings, people=size, sample=sample, rounds=rounds, profile=profile, say=_say)
        )

    if as_is:
        report = [measure(Neo4jTarget(settings.neo4j_uri or "", settings.neo4j_user, settings.neo4j_password), None)]
    else:
        with _database(settings, wipe) as target:
            report = [measure(target, size) for size in people or [10_000]]
    wide = Console(stderr=True, width=max(console.width, 160))
    for measured in report:
        wide.print(network_table(measured))
    if json_path:
        json_path.write_text(json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8")
        console.print(f"wrote {json_path}")
