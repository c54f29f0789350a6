"""With the `tracing` extra installed, a request and its Cypher queries become OpenTelemetry spans."""

from __future__ import annotations

import subprocess
import sys

import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from api.observe import tracing
from tests.conftest import Api


@pytest.fixture(scope="module")
def spans() -> InMemorySpanExporter:
    # The global provider can be set once per process; this module is its only user in the tests.
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
    return exporter


def test_a_request_and_its_queries_are_spans(api: Api, spans: InMemorySpanExporter) -> None:
    assert tracing.ENABLED
    spans.clear()
    api.data("query Traced { people(first: 1) { totalCount } }")
    finished = spans.get_finished_spans()
    request = [span for span in finished if span.name == "POST /graphql"]
    reads = [span for span in finished if span.name == "neo4j read"]
    assert len(request) == 1
    assert request[0].attributes is not None
    assert request[0].attributes["http.status_code"] == 200
    assert reads
    # The queries ran inside the request: same trace, request span as their ancestor.
    assert {span.context.trace_id for span in reads if span.context} == {request[0].context.trace_id}


def test_without_an_endpoint_nothing_is_exported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OTEL_EXPORTER_OTLP_ENDPOINT", raising=False)
    assert tracing.configure() is False


# A fresh interpreter, since the global provider can be set only once: a span before and after.
_BEFORE_AND_AFTER = """
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from api.observe import tracing

with tracing.span("unconfigured") as before:
    pass
trace.set_tracer_provider(TracerProvider())
with tracing.span("configured") as after:
    print(before is None, after is not None and after.is_recording())
"""


def test_spans_are_made_only_once_something_records_them() -> None:
    done = subprocess.run(  # noqa: S603 - this interpreter, our own script
        [sys.executable, "-c", _BEFORE_AND_AFTER], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["True", "True"]
