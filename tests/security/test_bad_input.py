"""Broken and hostile request bodies: a clear 4xx with a code each, and nothing written."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from neo4j import Driver

from api.gql.ids import to_global_id
from tests.conftest import Api

CREATE = "mutation($input: CreateCompanyInput!) { createCompany(input: $input) { company { id } } }"
GRAPHQL_RESPONSE = "application/graphql-response+json"


def written(db: Driver) -> int:
    records, _, _ = db.execute_query("MATCH (n) WHERE NOT n:SchemaMigration RETURN count(n) AS n")
    count: int = records[0]["n"]
    return count


def send(api: Api, content: bytes | Iterator[bytes], accept: str = GRAPHQL_RESPONSE) -> tuple[int, dict[str, Any]]:
    headers = {"Authorization": f"Bearer {api.token}", "Content-Type": "application/json", "Accept": accept}
    response = api.http.post("/graphql", content=content, headers=headers)
    body: dict[str, Any] = response.json()
    return response.status_code, body


def codes(body: dict[str, Any]) -> list[str]:
    return [error["extensions"]["code"] for error in body["errors"]]


def nested(depth: int, leaf: Any, wrap: str) -> Any:
    value = leaf
    for _ in range(depth):
        value = {"name": value} if wrap == "object" else [value]
    return value


GOOD = json.dumps({"query": CREATE, "variables": {"input": {"name": "Acme"}}}).encode()
DEEP = b"[" * 5_000 + b'"x"' + b"]" * 5_000  # past orjson's nesting limit of 1,024
BROKEN = {
    "truncated JSON": GOOD[:-3],
    "not JSON at all": b'mutation { createCompany(input: {name: "Acme"}) { company { id } } }',
    "invalid UTF-8": GOOD.replace(b"Acme", b"Ac\xffme"),
    "a lone surrogate": GOOD.replace(b"Acme", b"\\ud800"),
    "JSON nested 5,000 deep": GOOD.replace(b'{"name": "Acme"}', DEEP),
    "a JSON array (batching is off)": b"[" + GOOD + b"]",
    "query not a string": json.dumps({"query": ["mutation"], "variables": {}}).encode(),
    "variables not an object": json.dumps({"query": CREATE, "variables": "Acme"}).encode(),
}


@pytest.mark.parametrize("content", BROKEN.values(), ids=BROKEN.keys())
def test_broken_bodies_are_400_and_nothing_is_written(api: Api, db: Driver, content: bytes) -> None:
    status, body = send(api, content)
    assert status == 400
    assert codes(body) == ["BAD_REQUEST"]
    assert written(db) == 0


HOSTILE_VARIABLES = {
    "input object nested 500 deep": {"input": nested(500, "Acme", "object")},
    "list nested 500 deep": {"input": {"name": nested(500, "Acme", "list")}},
    "50,000 unknown input fields": {"input": {"name": "Acme", **{f"f{i}": i for i in range(50_000)}}},
    "a list where a string goes": {"input": {"name": ["Acme"] * 50_000}},
}


@pytest.mark.parametrize("variables", HOSTILE_VARIABLES.values(), ids=HOSTILE_VARIABLES.keys())
def test_hostile_variables_are_400_and_nothing_is_written(api: Api, db: Driver, variables: dict[str, Any]) -> None:
    status, body = send(api, json.dumps({"query": CREATE, "variables": variables}).encode())
    assert status == 400
    assert "data" not in body
    # graphql-core stops after 50 variable errors and says so in a 51st, a request-level refusal.
    assert set(codes(body)) <= {"BAD_USER_INPUT", "GRAPHQL_VALIDATION_FAILED"}
    assert codes(body)[0] == "BAD_USER_INPUT"
    assert len(body["errors"]) <= 51
    assert all(len(error["message"]) < 1_000 for error in body["errors"])  # no echo of the whole value
    assert written(db) == 0


def test_huge_variables_over_the_body_limit_are_413_even_when_streamed(api: Api, db: Driver) -> None:
    head = json.dumps({"query": CREATE, "variables": {"input": {"name": "Acme", "industry": ""}}})[:-4].encode()

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit must count what arrives
        yield head
        for _ in range(2_000):
            yield b"x" * 1_024
        yield b'"}}}'

    status, body = send(api, chunks())
    assert status == 413
    assert codes(body) == ["REQUEST_TOO_LARGE"]
    assert written(db) == 0


def test_a_huge_list_under_the_body_limit_is_refused_by_name(api: Api, db: Driver) -> None:
    query = "mutation($input: CreateRoleInput!) { createRole(input: $input) { role { id } userErrors { code } } }"
    db.execute_query("CREATE (:Company {id: 'c1', name: 'Acme', nameKey: 'acme'})")
    variables = {"input": {"companyId": to_global_id("Company", "c1"), "title": "SRE", "skills": ["go"] * 60_000}}
    body = api.post(query, variables)
    assert body["data"]["createRole"] == {"role": None, "userErrors": [{"code": "TOO_MANY"}]}
    assert written(db) == 1  # only the company arranged above
