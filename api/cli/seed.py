"""`crosspaths seed csv|linkedin|demo`: load CSV files into the graph through the one importer."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from neo4j.exceptions import DriverError, Neo4jError, ServiceUnavailable

from api.cli.common import console, target, with_graph
from api.graph import Graph, interview_value, network
from api.graph.migrations import apply as apply_migrations
from api.runtime import settle_heap
from api.settings import Settings
from seeds import statements
from seeds.folder import DEMO_DIR, FolderError, folder_sheets
from seeds.importer import database_unavailable, import_sheets
from seeds.linkedin import sheet as linkedin_sheet
from seeds.progress import summary, tracker_for
from seeds.report import ImportReport
from seeds.sheets import Sheet
from seeds.synth import generate

app = typer.Typer(help="Seed the graph from CSV files (crosspaths formats, LinkedIn export, demo data).")

DryRun = Annotated[bool, typer.Option("--dry-run", help="Validate and report what would change; write nothing.")]
SkipInvalid = Annotated[bool, typer.Option("--skip-invalid", help="Write the valid rows, report the others.")]


# A batch on a busy server can take longer than an API query should: imports get their own ceiling.
IMPORT_TIMEOUT_S = 300.0


def _settings() -> Settings:
    settings = Settings.from_env()
    return dataclasses.replace(settings, query_timeout_s=max(settings.query_timeout_s, IMPORT_TIMEOUT_S))


async def _import(
    graph: Graph, sheets: list[Sheet], settings: Settings, *, dry_run: bool, skip_invalid: bool
) -> list[ImportReport]:
    """How every seed command imports: progress on the console, the configured one-transaction size.

    The heap is settled first, as the API settles its own (no app is served by this process): an
    import allocates several objects a row, and CPython's default young threshold collected every
    ~150 rows.
    """
    settle_heap()
    reports = await import_sheets(
        graph,
        sheets,
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        tracker=tracker_for(console, dry_run=dry_run),
        one_transaction_bytes=settings.import_one_transaction_bytes,
    )
    if not dry_run and sum(report.created + report.updated for report in reports) >= network.REPLAN_AFTER_ROWS:
        # Plans live in Neo4j, so the API's first request after this import finds them made.
        with console.status("planning the network queries for the new data"):
            refreshed = await network.replan(graph, interview_value.planned_statements())
        console.print("network queries planned for the new data" + ("" if refreshed else " (on older statistics)"))
    return reports


@contextmanager
def _outage_ends_the_command() -> Iterator[None]:
    """The database out of reach outside the importer's writes: a clear message, not a traceback.

    (An outage while rows are written is in the reports instead: see _advice.) This is the database
    down when the command starts, or gone while looking rows up or committing: a commit cut off
    (IncompleteCommit, a ServiceUnavailable) may or may not have been kept, which re-running cannot
    make worse.
    """
    try:
        yield
    except (Neo4jError, DriverError) as error:
        if not (database_unavailable(error) or isinstance(error, ServiceUnavailable)):
            raise
        console.print(
            "[red]the database was unavailable[/red]: the import did not complete; retry it once the database "
            "is back (re-running an import never duplicates anything)",
            soft_wrap=True,
        )
        console.print(f"({error})", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(1) from error


def _run(sheets: list[Sheet], *, dry_run: bool = False, skip_invalid: bool = False) -> list[ImportReport]:
    settings = _settings()
    with target(settings) as found, _outage_ends_the_command():

        async def work(graph: Graph) -> list[ImportReport]:
            await apply_migrations(graph)
            return await _import(graph, sheets, settings, dry_run=dry_run, skip_invalid=skip_invalid)

        return with_graph(settings, found, work)


def _finish(reports: list[ImportReport], *, dry_run: bool, skip_invalid: bool) -> None:
    """Print every problem, the summary and what to do next; exit 1 when something asked for was not done."""
    for report in reports:
        for error in report.errors:
            console.print(str(error), markup=False, highlight=False, soft_wrap=True)
        if report.error_count > len(report.errors):
            console.print(f"{report.file}: ... and {report.error_count - len(report.errors)} more problems")
    console.print(summary(reports, dry_run=dry_run), width=max(console.width, 100), soft_wrap=True)
    failed = any(not r.ok for r in reports)
    if failed:
        console.print(_advice(reports, dry_run=dry_run, skip_invalid=skip_invalid), soft_wrap=True)
    elif dry_run:
        console.print("dry run: nothing was written (created/updated say what a real run would do)")
    elif not any(r.created or r.updated for r in reports):
        console.print("nothing new: the graph already holds every row")
    if failed and not (skip_invalid and all(r.written for r in reports)):
        raise typer.Exit(1)


def _advice(reports: list[ImportReport], *, dry_run: bool, skip_invalid: bool) -> str:
    """What to do about the problems listed: only advice that can help with them."""
    # Larger imports commit batch by batch: a failure half-way keeps the batches before it.
    kept = any(r.written or (not r.dry_run and r.created + r.updated + r.unchanged) for r in reports)
    done = "the rows before the problem above were written, the rest not" if kept else "nothing was written"
    stops = {r.stopped for r in reports}
    if "unavailable" in stops:
        again = "the dry run" if dry_run else "the import"
        return f"[red]the database was unavailable[/red]: {done}; retry {again} once the database is back"
    # --skip-invalid skips invalid rows: it cannot help a file that cannot be read, or valid rows refused.
    if "file" in stops:
        return f"[red]{done}[/red]: fix the files named above"
    if "refused" in stops:
        return f"[red]{done}[/red]: the database refused the rows named above; fix the cause and re-run"
    if dry_run:
        return "dry run: nothing was written; fix the rows above (or a real run with --skip-invalid skips them)"
    if skip_invalid:
        return "the rows above were skipped; every other row was imported"
    return f"[red]{done}[/red]: fix the rows above, or re-run with --skip-invalid"


@app.command("csv")
def csv_folder(
    directory: Annotated[Path, typer.Argument(help="Folder of crosspaths CSV files (see seeds/README.md).")],
    dry_run: DryRun = False,
    skip_invalid: SkipInvalid = False,
) -> None:
    """Load a folder of crosspaths CSV files in dependency order."""
    try:
        sheets = folder_sheets(directory)
    except FolderError as error:
        console.print(f"[red]error:[/red] {error}", soft_wrap=True)
        raise typer.Exit(1) from error
    reports = _run(sheets, dry_run=dry_run, skip_invalid=skip_invalid)
    _finish(reports, dry_run=dry_run, skip_invalid=skip_invalid)


@app.command("linkedin")
def linkedin(
    file: Annotated[Path, typer.Argument(help="Connections.csv from LinkedIn's data export.")],
    owner: Annotated[str, typer.Option(help="Email or id of the person whose connections these are.")],
    dry_run: DryRun = False,
    skip_invalid: SkipInvalid = False,
) -> None:
    """Load a LinkedIn Connections.csv as OWNER's connections."""
    settings = _settings()
    with target(settings) as found, _outage_ends_the_command():

        async def work(graph: Graph) -> list[ImportReport] | None:
            await apply_migrations(graph)
            rows = await graph.read(statements.OWNER, ref=owner)
            if not rows:
                return None
            # Whoever runs the CLI holds the database: an admin's import, which may enrich the people it links.
            sheets = [linkedin_sheet(file, rows[0]["id"], enrich=True)]
            return await _import(graph, sheets, settings, dry_run=dry_run, skip_invalid=skip_invalid)

        reports = with_graph(settings, found, work)
    if reports is None:
        console.print(
            f"[red]error:[/red] no person with email or id {owner!r}: create them first (or seed csv)", soft_wrap=True
        )
        raise typer.Exit(1)
    _finish(reports, dry_run=dry_run, skip_invalid=skip_invalid)


@app.command("demo")
def demo() -> None:
    """Load the demo data set (idempotent): Maya Chen's network, and Sam Okafor."""
    reports = _run(folder_sheets(DEMO_DIR))
    _finish(reports, dry_run=False, skip_invalid=False)


@app.command("synth")
def synth(
    out: Annotated[Path, typer.Option(help="Folder to write the crosspaths CSV files into.")],
    people: Annotated[int, typer.Option(min=1, help="How many people.")] = 10_000,
    seed: Annotated[int, typer.Option(help="Random seed: the same seed writes the same files.")] = 1,
) -> None:
    """Write a synthetic graph (heavy-tailed, deterministic per seed) in the crosspaths formats."""
    size = generate(people, seed, out)
    typer.echo(
        f"wrote {out}: {size.people} people, {size.companies} companies, {size.roles} roles, "
        f"up to {size.interviews} interviews; load it with `crosspaths seed csv {out}`"
    )
