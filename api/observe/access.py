"""Per request: the latency histogram, one structured access-log line, and a span when tracing is on."""

from __future__ import annotations

import logging
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.observe import tracing
from api.observe.metrics import REQUEST_SECONDS_BY_ROUTE, route_label

logger = logging.getLogger("crosspaths.access")


class AccessLog:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # what the client gets when the app raises before answering

        async def send_noting_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        route = route_label(scope["path"])
        try:
            with tracing.span(f"{scope['method']} {route}", **{"http.method": scope["method"]}) as span:
                await self.app(scope, receive, send_noting_status)
                if span is not None:
                    span.set_attribute("http.status_code", status)
        finally:
            seconds = time.perf_counter() - started
            REQUEST_SECONDS_BY_ROUTE[route].observe(seconds)
            state = scope.get("state", {})
            viewer = state.get("viewer")
            logger.info(
                "%s %s %s",
                scope["method"],
                scope["path"],
                status,
                extra={
                    "method": scope["method"],
                    "path": scope["path"],
                    "status": status,
                    "duration_ms": round(seconds * 1000, 2),
                    "request_id": state.get("request_id"),
                    "operation": state.get("operation_name"),
                    "viewer": None if viewer is None else (viewer.person_id or "admin"),
                },
            )
