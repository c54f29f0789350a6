"""GraphQL over HTTP: the spec's own audit suite (npm graphql-http) against the live server."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest
from neo4j import Driver

from api.gql.budget import CostBudget
from api.settings import PROJECT_ROOT
from tests.conftest import Api

CONFORMANCE = PROJECT_ROOT / "tests" / "conformance"
AUDIT_TIMEOUT_S = 120.0


def audit(url: str, token: str | None = None) -> list[dict[str, Any]]:
    """Every audit's result, as printed by tests/conformance/audit.mjs."""
    node = shutil.which("node")
    assert node is not None, "node is required for the GraphQL-over-HTTP audit (scripts/setup installs it)"
    assert (CONFORMANCE / "node_modules" / "graphql-http").is_dir(), "run scripts/setup to install graphql-http"
    argv = [node, str(CONFORMANCE / "audit.mjs"), f"{url}/graphql", *([token] if token else [])]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=AUDIT_TIMEOUT_S, check=True)  # noqa: S603 - fixed argv
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


def failures(results: list[dict[str, Any]], requirement: str) -> list[str]:
    return [
        f"{r['name']}: {r['reason']} (body: {r['body']})"
        for r in results
        if r["name"].startswith(requirement) and r["status"] != "ok"
    ]


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "bearer"])
def test_the_graphql_over_http_audit_passes(live_url: str, live_token: str, signed_in: bool) -> None:
    results = audit(live_url, live_token if signed_in else None)
    assert len(results) > 50  # the whole suite ran
    assert failures(results, "MUST") == []
    assert failures(results, "SHOULD") == []


CREATE = 'mutation { createCompany(input: {name: "Acme"}) { company { id } } }'
GRAPHQL_RESPONSE = {"Accept": "application/graphql-response+json"}


def companies(db: Driver) -> int:
    records, _, _ = db.execute_query("MATCH (c:Company) RETURN count(c) AS n")
    count: int = records[0]["n"]
    return count


def test_a_mutation_over_get_is_405_and_not_executed(api: Api, db: Driver) -> None:
    response = api.http.get("/graphql", params={"query": CREATE}, headers=auth(api))
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert response.json()["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"
    assert companies(db) == 0


def test_a_query_over_get_is_answered(api: Api) -> None:
    response = api.http.get("/graphql", params={"query": "{ __typename }"}, headers=auth(api))
    assert (response.status_code, response.json()["data"]) == (200, {"__typename": "Query"})


def test_a_malformed_multipart_body_is_a_clean_400(api: Api, db: Driver) -> None:
    # Multipart is accepted for importCsv uploads only; a body that is not a GraphQL multipart request is refused.
    body = b'--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n{}\r\n--x--\r\n'
    headers = {**auth(api), "Content-Type": "multipart/form-data; boundary=x"}
    response = api.http.post("/graphql", content=body, headers=headers)
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    assert companies(db) == 0


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/x-www-form-urlencoded", b"query=%7B__typename%7D"),
        ("text/plain", b'{"query": "{ __typename }"}'),
        # Types that merely contain "application/json": Strawberry alone took them for JSON.
        ("application/jsonx", b'{"query": "{ __typename }"}'),
        ("application/json-patch+json", b'{"query": "{ __typename }"}'),
    ],
    ids=["form", "text", "jsonx", "json-patch"],
)
def test_bodies_other_than_json_are_415(api: Api, db: Driver, content_type: str, body: bytes) -> None:
    headers = {**auth(api), "Content-Type": content_type}
    response = api.http.post("/graphql", content=body, headers=headers)
    assert response.status_code == 415
    assert response.json()["errors"][0]["extensions"]["code"] == "UNSUPPORTED_MEDIA_TYPE"
    assert companies(db) == 0


@pytest.mark.parametrize(
    ("query", "variables", "code"),
    [
        ("{ people {", None, "GRAPHQL_PARSE_FAILED"),
        ("{ nosuchfield }", None, "GRAPHQL_VALIDATION_FAILED"),
        ("query($id: ID!) { node(id: $id) { id } }", {"id": [1, 2]}, "BAD_USER_INPUT"),
    ],
    ids=["parse", "validation", "variables"],
)
def test_graphql_response_json_request_errors_are_400_without_data(
    api: Api, query: str, variables: dict[str, Any] | None, code: str
) -> None:
    response = api.http.post(
        "/graphql", json={"query": query, "variables": variables}, headers={**auth(api), **GRAPHQL_RESPONSE}
    )
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/graphql-response+json")
    body = response.json()
    assert "data" not in body
    assert [error["extensions"]["code"] for error in body["errors"]] == [code]


def test_graphql_response_json_anonymous_private_read_is_401(api: Api) -> None:
    response = api.http.post("/graphql", json={"query": "{ people { totalCount } }"}, headers=GRAPHQL_RESPONSE)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert "data" not in response.json()


def test_graphql_response_json_field_errors_are_200_with_data(api: Api) -> None:
    missing = "query($id: ID!) { node(id: $id) { id } }"
    response = api.http.post(
        "/graphql",
        json={"query": missing, "variables": {"id": "not-a-global-id"}},
        headers={**auth(api), **GRAPHQL_RESPONSE},
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/graphql-response+json")
    assert "data" in response.json()


def test_legacy_json_clients_keep_200_for_request_errors(api: Api) -> None:
    response = api.http.post(
        "/graphql", json={"query": "{ people {"}, headers={**auth(api), "Accept": "application/json"}
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"


def auth(api: Api) -> dict[str, str]:
    return {"Authorization": f"Bearer {api.token}"}


@pytest.mark.parametrize(
    ("request_line", "status", "code", "allow"),
    [
        ("GET /no/such/path", 404, "NOT_FOUND", None),
        ("GET /graphiql/assets/react/package.json", 404, "NOT_FOUND", None),
        ("PUT /graphql", 405, "METHOD_NOT_ALLOWED", {"GET", "HEAD", "POST"}),
        ("OPTIONS /graphql", 405, "METHOD_NOT_ALLOWED", {"GET", "HEAD", "POST"}),
        ("DELETE /healthz", 405, "METHOD_NOT_ALLOWED", {"GET", "HEAD"}),
    ],
)
def test_refusals_outside_graphql_are_graphql_errors_too(
    api: Api, request_line: str, status: int, code: str, allow: set[str] | None
) -> None:
    method, path = request_line.split(" ")
    response = api.http.request(method, path, headers=auth(api))
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    [error] = response.json()["errors"]
    assert error["extensions"] == {"code": code}
    assert path in error["message"]
    if allow is not None:
        assert {item.strip() for item in response.headers["allow"].split(",")} == allow


EXPENSIVE = "{ people(first: 100) { edges { node { connections(first: 10) { totalCount } } } } }"  # 12 points


@pytest.fixture
def small_budget(api: Api) -> Iterator[None]:
    """30 points a minute (half a point a second): two expensive queries, then 6 points are left."""
    state = api.http.app.state  # type: ignore[attr-defined]
    saved = state.budget
    state.budget = CostBudget(points_per_minute=30)
    yield
    state.budget = saved


@pytest.mark.usefixtures("small_budget")
@pytest.mark.parametrize(("accept", "status"), [(GRAPHQL_RESPONSE, 429), ({}, 200)], ids=["spec", "legacy"])
def test_a_throttled_answer_says_when_to_retry(api: Api, accept: dict[str, str], status: int) -> None:
    for _ in range(2):
        assert api.http.post("/graphql", json={"query": EXPENSIVE}, headers=auth(api)).json().get("errors") is None
    response = api.http.post("/graphql", json={"query": EXPENSIVE}, headers={**auth(api), **accept})
    assert response.status_code == status
    assert [error["extensions"]["code"] for error in response.json()["errors"]] == ["THROTTLED"]
    # 6 more points at half a point a second: 12 s, a little less if the requests themselves took a while.
    assert 10 <= int(response.headers["retry-after"]) <= 12
    later = api.http.post("/graphql", json={"query": "{ viewer { name } }"}, headers=auth(api))
    assert "retry-after" not in later.headers, "only throttled answers carry it"
