"""The demo data (seeds/demo) loaded into the test Neo4j through the one importer."""

from __future__ import annotations

import asyncio

from api.graph import Graph, open_driver
from api.settings import Neo4jTarget
from seeds.folder import DEMO_DIR, folder_sheets
from seeds.importer import import_sheets
from seeds.report import ImportReport

DEMO_USER = "maya.chen@example.com"


def load_demo(target: Neo4jTarget) -> list[ImportReport]:
    """Import the demo folder; every report must be clean."""

    async def main() -> list[ImportReport]:
        async with open_driver(target) as driver:
            return await import_sheets(Graph(driver, target.database), folder_sheets(DEMO_DIR))

    reports = asyncio.run(main())
    assert all(report.ok for report in reports), [str(error) for report in reports for error in report.errors]
    return reports
