"""With the `tracing` extra installed, a request and its Cypher queries become OpenTelemetry spans."""

from __future__ import annotations

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
    assert {span.context.trace_id for span in reads if span.context} == {request[0].context.trace_id}  # type: ignore[union-attr]


def test_without_an_endpoint_nothing_is_exported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OTEL_EXPORTER_OTLP_ENDPOINT", raising=False)
    assert tracing.configure() is False
