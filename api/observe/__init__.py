"""Observability: Prometheus metrics, structured logs, optional OpenTelemetry tracing."""
