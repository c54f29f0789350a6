"""The importer against Neo4j's own LOAD CSV, on the same synthetic connections file.

The graph's people come from `seeds.synth` through the real importer; then, alternately, the
KNOWS relationships are deleted and connections.csv is loaded once by each side. LOAD CSV reads
the file over loopback HTTP because the launched server refuses file:// URLs (see seeds/README.md).
"""

from __future__ import annotations

import functools
import http.server
import threading
import time
from contextlib import contextmanager
from typing import TYPE_CHECKING, LiteralString

from api.bench.server import free_port
from api.bench.stats import Result, compare
from seeds.folder import folder_sheets
from seeds.importer import BATCH_SIZE, ONE_TRANSACTION_BYTES, import_sheets
from seeds.synth import generate

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from api.graph import Graph

# The same work as statements.CONNECTIONS, written the way a LOAD CSV user would: one KNOWS per
# pair whichever way round, a missing `since` left null. Committed as often as the importer
# commits, so neither side is measured with fewer commits: once for a file the importer writes in
# one transaction (ONE_TRANSACTION_BYTES), else every $batch rows (BATCH_SIZE).
_MERGE_KNOWS = """
  MATCH (a:Person {email: row.person})
  MATCH (b:Person {email: row.other})
  MERGE (a)-[k:KNOWS]-(b)
    ON CREATE SET k.since = CASE WHEN row.since <> '' THEN date(row.since) END, k.source = 'csv'
"""
LOAD_CSV: LiteralString = (
    "LOAD CSV WITH HEADERS FROM $url AS row CALL (row) {" + _MERGE_KNOWS + "} IN TRANSACTIONS OF $batch ROWS"
)
LOAD_CSV_ONE_TRANSACTION: LiteralString = "LOAD CSV WITH HEADERS FROM $url AS row" + _MERGE_KNOWS
_DROP_KNOWS: LiteralString = """
MATCH ()-[k:KNOWS]->() CALL (k) { DELETE k } IN TRANSACTIONS OF 10000 ROWS
"""
_COUNT_KNOWS: LiteralString = "MATCH ()-[k:KNOWS]->() RETURN count(k) AS n"


@contextmanager
def _served(directory: Path) -> Iterator[str]:
    """`directory` over HTTP on a free loopback port, for LOAD CSV."""
    port = free_port()
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.shutdown()
        thread.join()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


async def _auto_commit(graph: Graph, cypher: LiteralString, **params: object) -> None:
    """`CALL {...} IN TRANSACTIONS` needs an auto-commit transaction, which execute_query never opens."""
    # LOAD CSV over http:// is flagged insecure; loopback in a benchmark is the point, not a risk.
    async with graph.driver.session(
        database=graph.database, notifications_disabled_classifications=["SECURITY"]
    ) as session:
        result = await session.run(cypher, params)
        await result.consume()


async def ingest_vs_load_csv(graph: Graph, workdir: Path, *, people: int, runs: int) -> Result:
    """Seconds (as ms) to load connections.csv through the importer and through LOAD CSV."""
    generate(people, 1, workdir)
    sheets = {sheet.path.name: sheet for sheet in folder_sheets(workdir)}
    await import_sheets(graph, [sheets["companies.csv"], sheets["people.csv"]])
    connections = sheets["connections.csv"]
    with connections.path.open(encoding="utf-8") as lines:
        rows = sum(1 for _ in lines) - 1
    created: dict[str, int] = {}

    async def ours() -> None:
        reports = await import_sheets(graph, [connections])
        if not reports[0].ok:
            raise RuntimeError(f"the importer refused the synthetic connections: {reports[0].errors[:3]}")

    one_transaction = connections.path.stat().st_size <= ONE_TRANSACTION_BYTES  # how the importer writes it
    with _served(workdir) as base:

        async def reference() -> None:
            url = f"{base}/connections.csv"
            if one_transaction:
                await _auto_commit(graph, LOAD_CSV_ONE_TRANSACTION, url=url)
            else:
                await _auto_commit(graph, LOAD_CSV, url=url, batch=BATCH_SIZE)

        samples: dict[str, list[float]] = {"ours": [], "reference": []}
        for i in range(runs + 1):  # round 0 is the warm-up (plans, page cache)
            pair = (("ours", ours), ("reference", reference))
            for name, run in pair if i % 2 == 0 else reversed(pair):
                await _auto_commit(graph, _DROP_KNOWS)
                began = time.perf_counter()
                await run()
                elapsed = (time.perf_counter() - began) * 1000
                created[name] = (await graph.read(_COUNT_KNOWS))[0]["n"]
                if i:
                    samples[name].append(elapsed)
    if created["ours"] != created["reference"]:
        raise RuntimeError(f"the two loads disagree: {created}")
    detail: dict[str, object] = {
        "unit": "ms per whole file",
        "rows": rows,
        "people": people,
        "knows": created["ours"],
        "rows_per_transaction": rows if one_transaction else BATCH_SIZE,
    }
    return compare("ingest_vs_load_csv", samples["ours"], samples["reference"], target=1.25, detail=detail)
