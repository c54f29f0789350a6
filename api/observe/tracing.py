"""OpenTelemetry spans when the `tracing` extra is installed; nothing at all otherwise.

Spans go to whatever tracer provider the process configures (e.g. `opentelemetry-instrument`,
or `configure()` below, which exports over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set).
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
from collections.abc import Iterator
from typing import Any

ENABLED = importlib.util.find_spec("opentelemetry") is not None


@contextlib.contextmanager
def span(name: str, **attributes: str | int) -> Iterator[Any]:
    """A span named `name` around the block when a tracer provider is configured, else a no-op (yields None)."""
    if not ENABLED:
        yield None
        return
    from opentelemetry import trace  # noqa: PLC0415 - optional extra, imported only when installed

    provider = trace.get_tracer_provider()
    if isinstance(provider, trace.ProxyTracerProvider | trace.NoOpTracerProvider):
        # Nothing would record it: a no-op span still cost ~18 µs, and a request makes two or more.
        yield None
        return
    with provider.get_tracer("crosspaths").start_as_current_span(name, attributes=attributes) as current:
        yield current


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
