"""importCsv over HTTP: a GraphQL multipart request, the same importer and report as the CLI.

schema.py does not merge ImportMutation yet, so this test serves a schema that does.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
import strawberry
from neo4j import Driver
from starlette.applications import Starlette
from starlette.routing import Route
from starlette.testclient import TestClient
from strawberry.tools import merge_types

from api.gql import imports
from api.gql.entities import Company, Interview, Person, Role
from api.gql.ids import to_global_id
from api.gql.imports import ImportMutation
from api.gql.mutations import Mutation
from api.gql.query import Query
from api.graph import Graph, open_driver
from api.settings import Neo4jTarget
from api.web.view import GraphQLView
from tests.seeds.conftest import FIXTURES, counts

IMPORT = """
mutation ($input: ImportCsvInput!) {
  importCsv(input: $input) {
    report { rowsRead created updated skipped errors { line column message } }
    userErrors { field message code }
  }
}
"""


@pytest.fixture(scope="module")
def http(target: Neo4jTarget) -> Iterator[TestClient]:
    schema = strawberry.Schema(
        query=Query,
        mutation=merge_types("Mutation", (Mutation, ImportMutation)),
        types=[Person, Company, Role, Interview],
    )

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with open_driver(target) as driver:
            app.state.graph = Graph(driver, target.database)
            yield

    view = GraphQLView(schema, multipart_uploads_enabled=True)
    with TestClient(Starlette(routes=[Route("/graphql", view, methods=["POST"])], lifespan=lifespan)) as client:
        yield client


def upload(http: TestClient, variables: dict[str, Any], name: str, content: bytes) -> dict[str, Any]:
    """A request per the GraphQL multipart request spec: operations, map, then the file part."""
    operations = json.dumps({"query": IMPORT, "variables": {"input": {**variables, "file": None}}})
    response = http.post(
        "/graphql",
        data={"operations": operations, "map": json.dumps({"0": ["variables.input.file"]})},
        files={"0": (name, content, "text/csv")},
    )
    body: dict[str, Any] = response.json()
    assert body.get("errors") is None, body
    result: dict[str, Any] = body["data"]["importCsv"]
    return result


def test_linkedin_upload_imports_with_the_same_report(http: TestClient, db: Driver) -> None:
    db.execute_query("CREATE (:Person {id: 'o1', name: 'Olu'})")
    content = (FIXTURES / "connections_2026.csv").read_bytes()
    variables = {"kind": "LINKEDIN_CONNECTIONS", "ownerId": to_global_id("Person", "o1")}

    dry = upload(http, {**variables, "dryRun": True}, "Connections.csv", content)
    assert counts(db) == {"Person": 1}
    first = upload(http, variables, "Connections.csv", content)
    again = upload(http, variables, "Connections.csv", content)

    assert dry["report"] == first["report"] == {"rowsRead": 6, "created": 4, "updated": 0, "skipped": 2, "errors": []}
    assert again["report"]["created"] == 0
    assert counts(db)["KNOWS"] == 4


def test_invalid_upload_reports_rows_and_writes_nothing(http: TestClient, db: Driver) -> None:
    content = b"name,email\nAna,ana@mail.example\n,ben@mail.example\nCy,not-an-email\n"

    result = upload(http, {"kind": "PEOPLE"}, "people.csv", content)

    assert result["report"]["errors"] == [
        {"line": 3, "column": "name", "message": "required"},
        {"line": 4, "column": "email", "message": "'not-an-email' is not an email address"},
    ]
    assert counts(db) == {}


def test_linkedin_upload_needs_a_known_owner(http: TestClient, db: Driver) -> None:
    assert counts(db) == {}
    content = (FIXTURES / "connections_2026.csv").read_bytes()

    missing = upload(http, {"kind": "LINKEDIN_CONNECTIONS"}, "Connections.csv", content)
    unknown = upload(
        http, {"kind": "LINKEDIN_CONNECTIONS", "ownerId": to_global_id("Person", "x")}, "Connections.csv", content
    )

    assert [e["code"] for e in missing["userErrors"] + unknown["userErrors"]] == ["REQUIRED", "NOT_FOUND"]
    assert missing["report"] is None


def test_an_upload_over_the_size_limit_is_refused(
    http: TestClient, db: Driver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(imports, "MAX_UPLOAD_BYTES", 1024)
    content = b"name,email\n" + b"".join(b"P%d,p%d@mail.example\n" % (i, i) for i in range(100))

    result = upload(http, {"kind": "PEOPLE"}, "people.csv", content)

    assert [e["code"] for e in result["userErrors"]] == ["TOO_LARGE"]
    assert counts(db) == {}
