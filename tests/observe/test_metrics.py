"""/metrics in Prometheus text format: the counters and histograms move with the work done."""

from __future__ import annotations

from neo4j import Driver
from prometheus_client.parser import text_string_to_metric_families

from api.observe.metrics import MAX_OPERATION_NAMES
from api.settings import Neo4jTarget
from tests.conftest import Api
from tests.demo import load_demo


def scrape(api: Api) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    response = api.http.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def moved(
    before: dict[tuple[str, frozenset[tuple[str, str]]], float],
    after: dict[tuple[str, frozenset[tuple[str, str]]], float],
    name: str,
    **labels: str,
) -> float:
    key = (name, frozenset(labels.items()))
    return after.get(key, 0.0) - before.get(key, 0.0)


def test_requests_are_counted_by_operation_and_outcome(api: Api) -> None:
    before = scrape(api)
    api.data("query MetricsProbe { people(first: 1) { totalCount } }")
    api.data("query MetricsProbe { people(first: 1) { totalCount } }")
    assert api.post("query MetricsBroken { people { noSuchField } }")["errors"]
    anonymous = api.as_viewer(None).post("query MetricsPrivate { people(first: 1) { totalCount } }")
    assert anonymous["errors"]
    after = scrape(api)

    total = "crosspaths_graphql_requests_total"
    assert moved(before, after, total, operation="MetricsProbe", outcome="ok") == 2
    # Names of documents that did not validate, and anonymous callers' names, are not labels of their own.
    assert moved(before, after, total, operation="other", outcome="GRAPHQL_VALIDATION_FAILED") == 1
    assert moved(before, after, total, operation="other", outcome="UNAUTHENTICATED") == 1
    assert not any(value in {"MetricsBroken", "MetricsPrivate"} for _, labels in after for _, value in labels)
    # Every request is timed (the scrape itself included), and reads went to Neo4j as reads.
    assert moved(before, after, "crosspaths_request_seconds_count", route="/graphql") == 4
    assert moved(before, after, "crosspaths_neo4j_query_seconds_count", routing="read") >= 2
    assert all(name.startswith("crosspaths_") for name, _ in after if not name.startswith(("python_", "process_")))


def operation_labels(scraped: dict[tuple[str, frozenset[tuple[str, str]]], float]) -> set[str]:
    return {dict(labels)["operation"] for name, labels in scraped if name == "crosspaths_graphql_requests_total"}


def test_anonymous_callers_cannot_flood_the_operation_labels(api: Api) -> None:
    before = operation_labels(scrape(api))
    anonymous = api.as_viewer(None)
    for n in range(MAX_OPERATION_NAMES + 20):  # valid documents a public caller may run, each named anew
        assert anonymous.post(f"query Flood{n} {{ viewer {{ name }} }}").get("errors") is None
    after = operation_labels(scrape(api))
    assert after - before <= {"other"}, "no anonymous caller's name became a label"
    assert api.data("query AfterTheFlood { viewer { name } }") == {"viewer": None}  # the admin: no person
    assert "AfterTheFlood" in operation_labels(scrape(api)), "signed-in callers' names still count"


def test_writes_are_timed_as_writes(api: Api) -> None:
    before = scrape(api)
    api.data('mutation { createPerson(input: {name: "Mo Metric"}) { person { id } } }')
    after = scrape(api)
    assert moved(before, after, "crosspaths_neo4j_query_seconds_count", routing="write") >= 1
    assert moved(before, after, "crosspaths_graphql_requests_total", operation="anonymous", outcome="ok") == 1


def test_import_rows_are_counted(api: Api, target: Neo4jTarget, db: Driver) -> None:
    del db  # a clean graph, so every demo row is new
    before = scrape(api)
    reports = load_demo(target)
    after = scrape(api)
    created = sum(report.created for report in reports)
    assert created > 0
    assert moved(before, after, "crosspaths_import_rows_total", outcome="created") == created
