"""Liveness and readiness probes for load balancers and orchestrators."""

from __future__ import annotations

import asyncio

from neo4j.exceptions import DriverError, Neo4jError
from starlette.requests import Request
from starlette.responses import JSONResponse

# Probes run every few seconds: a hung database must fail them fast rather than pile requests up.
READY_TIMEOUT_S = 3.0


async def healthz(_request: Request) -> JSONResponse:
    """The process is up and serving HTTP."""
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> JSONResponse:
    """200 when Neo4j answers a query within READY_TIMEOUT_S, 503 with the reason when it does not."""
    graph = request.app.state.graph
    try:
        async with asyncio.timeout(READY_TIMEOUT_S), graph.driver.session(database=graph.database) as session:
            result = await session.run("RETURN 1 AS ok")
            await result.consume()
    except TimeoutError:
        return _unavailable(f"no answer within {READY_TIMEOUT_S:g}s")
    except (DriverError, Neo4jError, OSError) as error:
        return _unavailable(type(error).__name__)
    return JSONResponse({"status": "ok", "neo4j": "ok"})


def _unavailable(why: str) -> JSONResponse:
    return JSONResponse({"status": "unavailable", "reason": f"neo4j unavailable: {why}"}, status_code=503)
