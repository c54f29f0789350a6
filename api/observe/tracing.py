"""OpenTelemetry spans when the `tracing` extra is installed; nothing at all otherwise.

Spans go to whatever tracer provider the process configures (e.g. `opentelemetry-instrument`,
or `configure()` below, which exports over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set).
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
from typing import Any

ENABLED = importlib.util.find_spec("opentelemetry") is not None


# What span() hands out when nothing records: a context manager that does nothing and yields None.
_NO_SPAN: contextlib.AbstractContextManager[Any] = contextlib.nullcontext()


def span(name: str, **attributes: str | int) -> contextlib.AbstractContextManager[Any]:
    """A span named `name` around the block when a tracer provider is configured, else a no-op (yields None).

    Not a generator: a request enters two or more, and without a provider they cost nothing but this call.
    """
    if not ENABLED:
        return _NO_SPAN
    from opentelemetry import trace  # noqa: PLC0415 - optional extra, imported only when installed

    provider = trace.get_tracer_provider()
    if isinstance(provider, trace.ProxyTracerProvider | trace.NoOpTracerProvider):
        return _NO_SPAN  # nothing would record it: a no-op span still costs more than this
    manager: contextlib.AbstractContextManager[Any] = provider.get_tracer("crosspaths").start_as_current_span(
        name, attributes=attributes
    )
    return manager


def configure() -> bool:
    """Export spans over OTLP when the SDK and exporter are installed and an endpoint is set; True if so."""
    if not ENABLED or not os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT"):
        return False
    try:
        from opentelemetry import trace  # noqa: PLC0415 - optional extra
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter  # noqa: PLC0415
        from opentelemetry.sdk.resources import Resource  # noqa: PLC0415
        from opentelemetry.sdk.trace import TracerProvider  # noqa: PLC0415
        from opentelemetry.sdk.trace.export import BatchSpanProcessor  # noqa: PLC0415
    except ImportError:
        return False
    provider = TracerProvider(
        resource=Resource.create({"service.name": os.environ.get("OTEL_SERVICE_NAME", "crosspaths")})
    )
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)
    return True
