"""The process's Prometheus metrics, all `crosspaths_` prefixed, in a registry of their own."""

from __future__ import annotations

import re

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from starlette.requests import Request
from starlette.responses import Response

REGISTRY = CollectorRegistry()

GRAPHQL_REQUESTS = Counter(
    "crosspaths_graphql_requests",
    "GraphQL operations by operation name and outcome (ok, or the first error's extensions.code).",
    ["operation", "outcome"],
    registry=REGISTRY,
)
REQUEST_SECONDS = Histogram(
    "crosspaths_request_seconds",
    "HTTP request latency, by route.",
    ["route"],
    registry=REGISTRY,
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
NEO4J_QUERY_SECONDS = Histogram(
    "crosspaths_neo4j_query_seconds",
    "Time for one Cypher query (a managed transaction, retries included), by routing.",
    ["routing"],
    registry=REGISTRY,
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
IMPORT_ROWS = Counter(
    "crosspaths_import_rows",
    "CSV rows written by imports (dry runs excluded), by outcome: created, updated or unchanged.",
    ["outcome"],
    registry=REGISTRY,
)
REPLANS = Counter(
    "crosspaths_replans",
    "Re-plans of the network statements after an importCsv upload of 500 rows or more, by outcome: refreshed "
    "(statistics and plans), planned (plans on older statistics: the Neo4j user may not refresh them) or failed; "
    "deferred counts uploads whose re-plan waits for the one running or for the gap after the last one to end.",
    ["outcome"],
    registry=REGISTRY,
)

ROUTES = frozenset({"/graphql", "/explore", "/metrics", "/healthz", "/readyz"})

# The series whose label values are all known here, each looked up once: `labels()` takes a lock and
# builds its key on every call, and a request made two such calls. They are listed from the start (at 0).
REQUEST_SECONDS_BY_ROUTE = {route: REQUEST_SECONDS.labels(route=route) for route in (*sorted(ROUTES), "other")}
NEO4J_QUERY_SECONDS_BY_ROUTING = {routing: NEO4J_QUERY_SECONDS.labels(routing=routing) for routing in ("read", "write")}
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
# Operation names come from clients: only names of signed-in callers' valid operations become labels,
# and past this many distinct ones, new names count as "other".
MAX_OPERATION_NAMES = 200
_seen_names: set[str] = set()


def route_label(path: str) -> str:
    """The path when it is one of ours, else "other": label values stay a small fixed set."""
    return path if path in ROUTES else "other"


def operation_label(name: str | None, *, trusted: bool) -> str:
    """A bounded label for a client-chosen operation name.

    `trusted`: the operation passed validation and the caller is signed in. Anyone can send a
    thousand made-up names, so an anonymous caller's names, and those of documents that did not
    validate, are all "other", and they never take one of the MAX_OPERATION_NAMES places.
    """
    if not name:
        return "anonymous"
    if not trusted or not _NAME.match(name):
        return "other"
    if name not in _seen_names:
        if len(_seen_names) >= MAX_OPERATION_NAMES:
            return "other"
        _seen_names.add(name)
    return name


async def metrics(_request: Request) -> Response:
    """The Prometheus text exposition of REGISTRY."""
    return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)
