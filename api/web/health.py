"""Liveness and readiness probes for load balancers and orchestrators."""

from __future__ import annotations

from neo4j.exceptions import DriverError, Neo4jError
from starlette.requests import Request
from starlette.responses import JSONResponse

READY_TIMEOUT_S = 3.0


async def healthz(_request: Request) -> JSONResponse:
    """The process is up and serving HTTP."""
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> JSONResponse:
    """200 when Neo4j answers a query, 503 with the reason when it does not."""
    graph = request.app.state.graph
    try:
        async with graph.driver.session(database=graph.database) as session:
            result = await session.run("RETURN 1 AS ok", timeout=READY_TIMEOUT_S)
            await result.consume()
    except (DriverError, Neo4jError, OSError) as error:
        reason = f"neo4j unavailable: {type(error).__name__}"
        return JSONResponse({"status": "unavailable", "reason": reason}, status_code=503)
    return JSONResponse({"status": "ok", "neo4j": "ok"})
