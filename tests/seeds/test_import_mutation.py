"""importCsv over HTTP: a GraphQL multipart request, the same importer and report as the CLI."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from neo4j import Driver
from starlette.testclient import TestClient

from api.app import create_app
from api.gql.ids import to_global_id
from api.settings import Neo4jTarget, Settings
from tests.conftest import Api
from tests.seeds.conftest import FIXTURES, counts

IMPORT = """
mutation ($input: ImportCsvInput!) {
  importCsv(input: $input) {
    report { rowsRead created updated skipped errors { line column message } }
    userErrors { field message code }
  }
}
"""


def post_upload(api: Api, variables: dict[str, Any], name: str, content: bytes, query: str = IMPORT) -> dict[str, Any]:
    """A request per the GraphQL multipart request spec: operations, map, then the file part."""
    operations = json.dumps({"query": query, "variables": {"input": {**variables, "file": None}}})
    headers = {"Authorization": f"Bearer {api.token}"} if api.token else {}
    response = api.http.post(
        "/graphql",
        data={"operations": operations, "map": json.dumps({"0": ["variables.input.file"]})},
        files={"0": (name, content, "text/csv")},
        headers=headers,
    )
    body: dict[str, Any] = response.json()
    return body


def upload(api: Api, variables: dict[str, Any], name: str, content: bytes) -> dict[str, Any]:
    body = post_upload(api, variables, name, content)
    assert body.get("errors") is None, body
    result: dict[str, Any] = body["data"]["importCsv"]
    return result


def test_linkedin_upload_imports_with_the_same_report(api: Api, db: Driver) -> None:
    db.execute_query("CREATE (:Person {id: 'o1', name: 'Olu'})")
    content = (FIXTURES / "connections_2026.csv").read_bytes()
    variables = {"kind": "LINKEDIN_CONNECTIONS", "ownerId": to_global_id("Person", "o1")}

    dry = upload(api, {**variables, "dryRun": True}, "Connections.csv", content)
    assert counts(db) == {"Person": 1}
    first = upload(api, variables, "Connections.csv", content)
    again = upload(api, variables, "Connections.csv", content)

    assert dry["report"] == first["report"] == {"rowsRead": 6, "created": 4, "updated": 0, "skipped": 2, "errors": []}
    assert again["report"]["created"] == 0
    assert counts(db)["KNOWS"] == 4


def test_invalid_upload_reports_rows_and_writes_nothing(api: Api, db: Driver) -> None:
    content = b"name,email\nAna,ana@mail.example\n,ben@mail.example\nCy,not-an-email\n"

    result = upload(api, {"kind": "PEOPLE"}, "people.csv", content)

    assert result["report"]["errors"] == [
        {"line": 3, "column": "name", "message": "required"},
        {"line": 4, "column": "email", "message": "'not-an-email' is not an email address"},
    ]
    assert counts(db) == {}


def test_linkedin_upload_needs_a_known_owner(api: Api, db: Driver) -> None:
    assert counts(db) == {}
    content = (FIXTURES / "connections_2026.csv").read_bytes()

    missing = upload(api, {"kind": "LINKEDIN_CONNECTIONS"}, "Connections.csv", content)
    unknown = upload(
        api, {"kind": "LINKEDIN_CONNECTIONS", "ownerId": to_global_id("Person", "x")}, "Connections.csv", content
    )

    assert [e["code"] for e in missing["userErrors"] + unknown["userErrors"]] == ["REQUIRED", "NOT_FOUND"]
    assert missing["report"] is None


@pytest.fixture
def small_uploads(target: Neo4jTarget, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(target, replace(settings, max_upload_bytes=1024))) as http:
        yield http


def test_an_upload_over_the_size_limit_is_refused(api: Api, small_uploads: TestClient, db: Driver) -> None:
    content = b"name,email\n" + b"".join(b"P%d,p%d@mail.example\n" % (i, i) for i in range(100))
    body = post_upload(replace(api, http=small_uploads), {"kind": "PEOPLE"}, "people.csv", content)
    assert [error["extensions"]["code"] for error in body["errors"]] == ["REQUEST_TOO_LARGE"]
    assert counts(db) == {}


def test_a_person_imports_their_own_linkedin_connections_but_not_someone_elses(api: Api, db: Driver) -> None:
    db.execute_query("CREATE (:Person {id: 'o1', name: 'Olu'}), (:Person {id: 'o2', name: 'Ola'})")
    content = (FIXTURES / "connections_2026.csv").read_bytes()
    olu = api.as_person(to_global_id("Person", "o1"))
    mine = upload(olu, {"kind": "LINKEDIN_CONNECTIONS", "ownerId": to_global_id("Person", "o1")}, "c.csv", content)
    assert mine["report"]["created"] == 4
    theirs = post_upload(
        olu, {"kind": "LINKEDIN_CONNECTIONS", "ownerId": to_global_id("Person", "o2")}, "c.csv", content
    )
    assert [error["extensions"]["code"] for error in theirs["errors"]] == ["FORBIDDEN"]
    assert counts(db)["KNOWS"] == 4


@pytest.mark.parametrize(("caller", "code"), [("person", "FORBIDDEN"), ("anonymous", "UNAUTHENTICATED")])
def test_only_admins_import_tracker_files(api: Api, db: Driver, caller: str, code: str) -> None:
    db.execute_query("CREATE (:Person {id: 'o1', name: 'Olu'})")
    who = api.as_person(to_global_id("Person", "o1")) if caller == "person" else api.as_viewer(None)
    body = post_upload(who, {"kind": "PEOPLE"}, "people.csv", b"name,email\nAna,ana@mail.example\n")
    assert [error["extensions"]["code"] for error in body["errors"]] == [code]
    assert counts(db) == {"Person": 1}


def test_multipart_requests_are_refused_for_anything_but_import_csv(api: Api, db: Driver) -> None:
    sneaky = 'mutation($input: CreateCompanyInput!) { createCompany(input: {name: "Globex"}) { company { id } } }'
    body = post_upload(api, {}, "x.csv", b"x", query=sneaky)
    assert [error["extensions"]["code"] for error in body["errors"]] == ["UPLOAD_NOT_ALLOWED"]
    assert counts(db) == {}
