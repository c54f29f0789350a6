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
from api.graph.keys import company_key
from api.settings import Neo4jTarget, Settings
from seeds.formats import BY_KIND
from tests.conftest import Api
from tests.seeds.conftest import FIXTURES, counts, query, snapshot
from tests.seeds.outage import outage

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

    missing = upload(api, {"kind": "LINKEDIN_CONNECTIONS"}, "Connections.csv", content)  # an admin who is nobody
    unknown = upload(
        api, {"kind": "LINKEDIN_CONNECTIONS", "ownerId": to_global_id("Person", "x")}, "Connections.csv", content
    )

    assert [(e["field"], e["code"]) for e in missing["userErrors"] + unknown["userErrors"]] == [
        (["input", "ownerId"], "REQUIRED"),
        (["input", "ownerId"], "NOT_FOUND"),
    ]
    assert "ownerId is needed" in missing["userErrors"][0]["message"]
    assert missing["report"] is None
    assert counts(db) == {}


def test_a_persons_linkedin_import_is_theirs_when_they_leave_out_owner_id(api: Api, db: Driver) -> None:
    db.execute_query("CREATE (:Person {id: 'o1', name: 'Olu'})")
    olu = api.as_person(to_global_id("Person", "o1"))

    result = upload(olu, {"kind": "LINKEDIN_CONNECTIONS"}, "Connections.csv", connections_2026())

    assert result == {
        "report": {"rowsRead": 6, "created": 4, "updated": 0, "skipped": 2, "errors": []},
        "userErrors": [],
    }
    assert query(db, "MATCH (:Person {id: 'o1'})-[k:KNOWS]->() RETURN count(k) AS n") == [{"n": 4}]


def connections_2026() -> bytes:
    return (FIXTURES / "connections_2026.csv").read_bytes()


# People, a company and links that are not Olu's: no import of Olu's may change any of it.
OTHERS = """
CREATE (olu:Person {id: 'o1', name: 'Olu'})
CREATE (vic:Person {id: 'vic', name: 'Vic Tim', email: 'vic@corp.example', headline: 'CTO', location: 'Porto'})
CREATE (ana:Person {id: 'ana', name: 'Ana Lima', linkedinUrl: 'https://www.linkedin.com/in/ana-lima'})
CREATE (cy:Person {id: 'cy', name: 'Cy', email: 'cy@corp.example'})
CREATE (globex:Company {id: 'globex', name: 'Globex', nameKey: $globex, domain: 'globex.example'})
CREATE (vic)-[:WORKS_AT {key: '2020-01-01|cto', title: 'CTO', startedOn: date('2020-01-01')}]->(globex)
CREATE (vic)-[:KNOWS {since: date('2021-01-01'), source: 'csv'}]->(cy)
"""
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
# Rows naming those people by email or profile URL (with another name, company and title), and a newcomer.
NAMING_OTHERS = (
    HEADER
    + "Zzz,Probe,https://www.linkedin.com/in/zzz-probe,vic@corp.example,Initech,CEO,08 Feb 2026\n"
    + "Ana,Impostor,https://www.linkedin.com/in/ana-lima,ana.other@mail.example,GLOBEX,Janitor,01 Jan 2025\n"
    + "Cy,Again,,CY@corp.example,Globex Inc,Owner,01 Jan 2025\n"
    + "New,Person,https://www.linkedin.com/in/new-person,,Globex,Engineer,01 Jan 2025\n"
).encode()
OLU = to_global_id("Person", "o1")


def test_a_persons_linkedin_import_links_people_in_the_graph_and_changes_nothing_of_theirs(
    api: Api, db: Driver
) -> None:
    db.execute_query(OTHERS, globex=company_key("Globex"))
    nodes, links = snapshot(db)

    result = upload(api.as_person(OLU), {"kind": "LINKEDIN_CONNECTIONS", "ownerId": OLU}, "c.csv", NAMING_OTHERS)

    nodes_after, links_after = snapshot(db)
    assert {key: nodes_after[key] for key in nodes} == nodes, "every person and company as it was"
    assert {key: links_after[key] for key in links} == links, "every position and link as it was"
    assert result["report"] == {"rowsRead": 4, "created": 4, "updated": 0, "skipped": 0, "errors": []}
    new = {key: node for key, node in nodes_after.items() if key not in nodes}
    # Emails are neither matched nor stored: the rows naming Vic and Cy by email make newcomers without one.
    assert sorted((node["labels"][0], node["props"]["name"], node["props"].get("email")) for node in new.values()) == [
        ("Company", "Initech", None),
        ("Person", "Cy Again", None),
        ("Person", "New Person", None),
        ("Person", "Zzz Probe", None),
    ]

    def name(key: str) -> str:
        found: str = nodes_after[key]["props"]["name"]
        return found

    made = sorted(
        (link["type"], name(link["start"]), name(link["end"])) for key, link in links_after.items() if key not in links
    )
    assert made == [
        ("KNOWS", "Olu", "Ana Lima"),  # found by her public profile URL, and only linked
        ("KNOWS", "Olu", "Cy Again"),
        ("KNOWS", "Olu", "New Person"),
        ("KNOWS", "Olu", "Zzz Probe"),
        ("WORKS_AT", "Cy Again", "Globex"),  # the people the import created, at the company that exists
        ("WORKS_AT", "New Person", "Globex"),
        ("WORKS_AT", "Zzz Probe", "Initech"),
    ]


def test_a_persons_import_report_is_the_same_whether_an_email_is_in_the_graph(api: Api, db: Driver) -> None:
    db.execute_query(OTHERS, globex=company_key("Globex"))
    olu = api.as_person(OLU)

    def imported(first_name: str, email: str, *, dry_run: bool) -> dict[str, Any]:
        content = f"{HEADER}{first_name},Probe,,{email},Initech,CEO,08 Feb 2026\n".encode()
        return upload(olu, {"kind": "LINKEDIN_CONNECTIONS", "ownerId": OLU, "dryRun": dry_run}, "c.csv", content)

    answers = [
        imported(first_name, email, dry_run=dry)
        for dry in (True, False)
        for first_name, email in (("Zzz", "vic@corp.example"), ("Yyy", "no@corp.example"))
    ]

    expected = {"report": {"rowsRead": 1, "created": 1, "updated": 0, "skipped": 0, "errors": []}, "userErrors": []}
    assert answers == [expected] * 4


def test_an_admin_linkedin_import_may_enrich_the_people_it_links(api: Api, db: Driver) -> None:
    db.execute_query(OTHERS, globex=company_key("Globex"))

    result = upload(api, {"kind": "LINKEDIN_CONNECTIONS", "ownerId": OLU}, "c.csv", NAMING_OTHERS)

    # Counts are of connections (all four new); Vic gains the row's URL and a current position.
    assert result["report"] == {"rowsRead": 4, "created": 4, "updated": 0, "skipped": 0, "errors": []}
    vic = query(
        db,
        "MATCH (p:Person {id: 'vic'})-[w:WORKS_AT]->(c) WHERE w.endedOn IS NULL "
        "RETURN p.linkedinUrl AS url, c.name AS company, w.title AS title ORDER BY company",
    )
    assert vic == [
        {"url": "https://www.linkedin.com/in/zzz-probe", "company": "Globex", "title": "CTO"},
        {"url": "https://www.linkedin.com/in/zzz-probe", "company": "Initech", "title": "CEO"},
    ]
    again = upload(api, {"kind": "LINKEDIN_CONNECTIONS", "ownerId": OLU}, "c.csv", NAMING_OTHERS)
    assert again["report"] == {"rowsRead": 4, "created": 0, "updated": 0, "skipped": 0, "errors": []}


def test_an_import_cut_off_by_a_database_outage_says_retry_and_keeps_nothing(
    api: Api, db: Driver, target: Neo4jTarget, settings: Settings
) -> None:
    db.execute_query("CREATE (:Person {id: 'o1', name: 'Olu'})")
    with (
        outage(target, b"UNWIND $rows") as (proxy, via),  # the connection drops as the first rows are sent
        TestClient(create_app(via, settings, plan=False)) as http,
    ):
        body = post_upload(
            replace(api, http=http), {"kind": "LINKEDIN_CONNECTIONS", "ownerId": OLU}, "c.csv", connections_2026()
        )

    assert proxy.cuts == 1
    assert [error["extensions"]["code"] for error in body["errors"]] == ["DATABASE_UNAVAILABLE"]
    assert "nothing from this import was written: retry" in body["errors"][0]["message"]
    assert counts(db) == {"Person": 1}


@pytest.fixture
def small_uploads(target: Neo4jTarget, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(target, replace(settings, max_upload_bytes=1024), plan=False)) as http:
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


@pytest.mark.parametrize("kind", sorted(BY_KIND))
@pytest.mark.parametrize(("caller", "code"), [("person", "FORBIDDEN"), ("anonymous", "UNAUTHENTICATED")])
def test_only_admins_import_tracker_files(api: Api, db: Driver, kind: str, caller: str, code: str) -> None:
    db.execute_query("CREATE (:Person {id: 'o1', name: 'Olu', email: 'olu@mail.example'})")
    who = api.as_person(OLU) if caller == "person" else api.as_viewer(None)
    # A valid file of each kind, which an admin could import.
    valid = (FIXTURES / "valid" / f"{kind}.csv").read_bytes()
    body = post_upload(who, {"kind": kind.upper(), "ownerId": OLU}, f"{kind}.csv", valid)
    assert [error["extensions"]["code"] for error in body["errors"]] == [code]
    assert counts(db) == {"Person": 1}


def test_multipart_requests_are_refused_for_anything_but_import_csv(api: Api, db: Driver) -> None:
    sneaky = 'mutation($input: CreateCompanyInput!) { createCompany(input: {name: "Globex"}) { company { id } } }'
    body = post_upload(api, {}, "x.csv", b"x", query=sneaky)
    assert [error["extensions"]["code"] for error in body["errors"]] == ["UPLOAD_NOT_ALLOWED"]
    assert counts(db) == {}


def test_a_persons_import_is_capped_at_linkedins_own_limit(api: Api, db: Driver) -> None:
    db.execute_query(OTHERS, globex=company_key("Globex"))
    rows = "".join(f"P{n},Q,,,,,01 Jan 2025\n" for n in range(30_001))

    result = upload(api.as_person(OLU), {"kind": "LINKEDIN_CONNECTIONS"}, "c.csv", (HEADER + rows).encode())

    assert result["report"] is None
    assert [(error["field"], error["code"]) for error in result["userErrors"]] == [(["input", "file"], "TOO_MANY")]
    assert query(db, "MATCH (p:Person) RETURN count(p) AS people") == [{"people": 4}]
