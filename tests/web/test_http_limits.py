"""HTTP-level protections: body size, request time, request ids, production mode, the database going away."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from dataclasses import replace

import pytest
from neo4j import Driver
from starlette.testclient import TestClient

from api.app import create_app
from api.auth.jwt_tokens import mint
from api.auth.keys import JwtKeys
from api.settings import Neo4jTarget, Settings
from tests.conftest import Api, free_port
from tests.live_server import served


def test_a_body_over_one_megabyte_is_refused_and_nothing_is_written(api: Api, db: Driver) -> None:
    huge = "x" * (1_048_576 + 10)
    response = api.http.post(
        "/graphql",
        json={"query": "mutation($n: String!) { createCompany(input: {name: $n}) { company { id } } }",
              "variables": {"n": huge}},
        headers={"Authorization": f"Bearer {api.token}"},
    )  # fmt: skip
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "REQUEST_TOO_LARGE"
    records, _, _ = db.execute_query("MATCH (c:Company) RETURN count(c) AS n")
    assert records[0]["n"] == 0


def test_request_ids_are_echoed_or_made(api: Api) -> None:
    given = api.http.get("/healthz", headers={"X-Request-Id": "trace-1234abcd"})
    assert given.headers["x-request-id"] == "trace-1234abcd"
    made = api.http.get("/healthz", headers={"X-Request-Id": "bad id with spaces"})
    assert len(made.headers["x-request-id"]) == 32


def admin_token(settings: Settings) -> str:
    return mint(JwtKeys.from_settings(settings), subject="admin@example.com", admin=True)


@pytest.fixture
def production(target: Neo4jTarget, settings: Settings) -> Iterator[tuple[TestClient, str]]:
    prod = replace(settings, environment="production")
    with TestClient(create_app(target, prod, plan=False)) as http:
        yield http, admin_token(prod)


def test_production_turns_off_introspection_suggestions_and_graphiql(production: tuple[TestClient, str]) -> None:
    http, token = production
    auth = {"Authorization": f"Bearer {token}"}
    introspection = http.post("/graphql", json={"query": "{ __schema { types { name } } }"}, headers=auth).json()
    assert introspection["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    typo = http.post("/graphql", json={"query": "{ peopel { totalCount } }"}, headers=auth).json()
    assert "Did you mean" not in typo["errors"][0]["message"]
    page = http.get("/graphql", headers={"Accept": "text/html"})
    assert "graphiql" not in page.text.lower()


def test_production_masks_unexpected_errors_but_keeps_expected_ones(
    production: tuple[TestClient, str], db: Driver
) -> None:
    http, token = production
    auth = {"Authorization": f"Bearer {token}"}
    # Data written by another tool with a value the API does not know: an unexpected failure for whoever asks for it.
    db.execute_query("CREATE (:Role {id: 'r1', title: 'SRE', status: 'ON_HOLD'})")
    body = http.post("/graphql", json={"query": "{ roles { edges { node { title status } } } }"}, headers=auth)
    [error] = body.json()["errors"]
    assert error["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    assert error["message"] == f"internal server error (request id {body.headers['x-request-id']})"
    assert "ON_HOLD" not in body.text
    expected = http.post("/graphql", json={"query": "{ people(first: 0) { totalCount } }"}, headers=auth).json()
    assert "`first` on `people` must be between 1 and 100" in expected["errors"][0]["message"]


def test_the_database_going_away_is_reported_as_unavailable(settings: Settings) -> None:
    nowhere = Neo4jTarget(f"bolt://127.0.0.1:{free_port()}")
    quick = replace(settings, neo4j_retry_s=1.0)
    with TestClient(create_app(nowhere, quick, migrate=False, plan=False)) as http:
        body = http.post(
            "/graphql",
            json={"query": "{ people { totalCount } }"},
            headers={"Authorization": f"Bearer {admin_token(quick)}"},
        )
    [error] = body.json()["errors"]
    assert error["extensions"]["code"] == "DATABASE_UNAVAILABLE"
    assert error["message"] == "the database is unavailable; try again shortly"
    assert "Traceback" not in body.text


def test_a_body_sent_slowly_is_cut_off_at_the_request_time_limit(target: Neo4jTarget, settings: Settings) -> None:
    # A client that trickles its body ties up a connection; the request time limit counts the wait for it.
    with served(target, replace(settings, request_timeout_s=1.0), plan=False) as url:
        host, port = url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=10) as sock:
            sock.sendall(
                b"POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                b'Content-Length: 1000\r\n\r\n{"query": "'
            )
            started = time.monotonic()
            answer = sock.recv(65536)  # the rest of the body is never sent
            waited = time.monotonic() - started
            while b"}]}" not in answer and (more := sock.recv(65536)):
                answer += more
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 504 ")
    assert json.loads(body)["errors"][0]["extensions"] == {"code": "REQUEST_TIMEOUT"}
    assert waited < 5
