"""LinkedIn's Connections.csv with the quirks real exports have."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from neo4j import Driver

from seeds import linkedin
from tests.seeds.conftest import FIXTURES, Importer, counts, query

OWNER = "owner-1"
CONNECTIONS = """
MATCH (:Person {id: $owner})-[k:KNOWS]-(p:Person)
OPTIONAL MATCH (p)-[w:WORKS_AT]->(c:Company) WHERE w.endedOn IS NULL
RETURN p.name AS name, p.linkedinUrl AS url, p.email AS email, k.since AS since, k.source AS source,
       c.name AS company, w.title AS title
ORDER BY name
"""


def owner(db: Driver) -> None:
    db.execute_query("CREATE (:Person {id: $id, name: 'Olu Owner', email: 'olu@mail.example'})", id=OWNER)


def test_2026_export_with_bom_preamble_quotes_and_hidden_profiles(importer: Importer, db: Driver) -> None:
    owner(db)

    [report] = importer.run([linkedin.sheet(FIXTURES / "connections_2026.csv", OWNER, enrich=True)])

    assert (report.rows_read, report.created, report.skipped, report.errors) == (6, 4, 2, [])
    assert query(db, CONNECTIONS, owner=OWNER) == [
        {
            "name": "Ana Lima",
            "url": "https://www.linkedin.com/in/ana-lima",
            "email": None,
            "since": date(2026, 2, 8),
            "source": "linkedin",
            "company": "Acme, Inc.",
            "title": 'Director, "Growth" Engineering',
        },
        {
            "name": "Ben Okoro",
            "url": "https://www.linkedin.com/in/benokoro",
            "email": "ben.okoro@mail.example",
            "since": date(2024, 1, 15),
            "source": "linkedin",
            "company": "Acme, Inc.",  # "ACME" is the same company
            "title": "Staff Engineer",
        },
        {
            "name": "Chloe Dubois",
            "url": "https://www.linkedin.com/in/chloe-dubois",
            "email": None,
            "since": date(2022, 12, 21),
            "source": "linkedin",
            "company": "Globex",
            "title": "Recruiter",
        },
        {
            "name": "Dev Patel",  # no URL: keyed by email; the last row has no final newline
            "url": None,
            "email": "dev.patel@mail.example",
            "since": date(2020, 7, 1),
            "source": "linkedin",
            "company": "Initech",
            "title": "Product Manager",
        },
    ]


def test_reimporting_an_export_creates_nothing(importer: Importer, db: Driver) -> None:
    owner(db)
    sheet = linkedin.sheet(FIXTURES / "connections_2026.csv", OWNER, enrich=False)
    importer.run([sheet])
    before = counts(db)

    [again] = importer.run([sheet])

    assert (again.created, again.updated, again.unchanged, again.skipped) == (0, 0, 4, 2)
    assert counts(db) == before


def test_old_export_without_url_column_and_spreadsheet_dates(importer: Importer, db: Driver) -> None:
    owner(db)
    sheet = linkedin.sheet(FIXTURES / "connections_old.csv", OWNER, enrich=True)

    [report] = importer.run([sheet])
    [again] = importer.run([sheet])

    assert (report.rows_read, report.created, report.skipped) == (4, 3, 1)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    rows = query(db, CONNECTIONS, owner=OWNER)
    assert [(r["name"], r["email"], r["since"], r["company"], r["title"]) for r in rows] == [
        ("Emma Stone", None, date(2021, 4, 4), "Umbrella Corp", "Analyst"),
        ("Finn Berg", "finn.berg@mail.example", date(2019, 10, 12), "Umbrella Corp", "Engineer"),
        ("Gus Ito", None, date(2020, 5, 5), None, None),
    ]
    assert counts(db)["Company"] == 1


@pytest.mark.parametrize("enrich", [False, True])
def test_a_connection_already_in_the_graph_is_linked_not_duplicated(
    importer: Importer, db: Driver, enrich: bool
) -> None:
    owner(db)
    db.execute_query("CREATE (:Person {id: 'b', name: 'Ben O.', email: 'ben.okoro@mail.example'})")

    [report] = importer.run([linkedin.sheet(FIXTURES / "connections_2026.csv", OWNER, enrich=enrich)])

    assert (report.created, report.updated) == (4, 0), "four connections made"
    ben = query(
        db,
        "MATCH (p:Person {id: 'b'})-[:KNOWS]-(:Person {id: $o}) OPTIONAL MATCH (p)-[w:WORKS_AT]->(c) "
        "RETURN p.name AS name, p.linkedinUrl AS url, c.name AS company, w.title AS title",
        o=OWNER,
    )
    if enrich:  # an admin's import fills what Ben's profile lacks
        assert ben == [
            {
                "name": "Ben O.",
                "url": "https://www.linkedin.com/in/benokoro",
                "company": "Acme, Inc.",
                "title": "Staff Engineer",
            }
        ]
        assert counts(db)["Person"] == 5
    else:
        # A person's own import neither matches nor stores emails (private, unlike profile URLs): the row
        # makes a Ben of its own, with the row's URL and no email, and the Ben found only by email is untouched.
        assert ben == []
        assert query(
            db, "MATCH (p:Person {linkedinUrl: 'https://www.linkedin.com/in/benokoro'}) RETURN p.email AS e"
        ) == [{"e": None}]
        assert counts(db)["Person"] == 6


def test_an_admin_import_enriching_someone_already_linked_counts_as_updated(importer: Importer, db: Driver) -> None:
    owner(db)
    ben = "CREATE (o)-[:KNOWS]->(:Person {id: 'b', name: 'Ben O.', email: 'ben.okoro@mail.example'})"
    db.execute_query("MATCH (o:Person {id: $o}) " + ben, o=OWNER)

    [report] = importer.run([linkedin.sheet(FIXTURES / "connections_2026.csv", OWNER, enrich=True)])

    assert (report.created, report.updated, report.unchanged) == (3, 1, 0)


def test_not_a_connections_file_gets_one_clear_error(importer: Importer, db: Driver) -> None:
    owner(db)

    [report] = importer.run([linkedin.sheet(FIXTURES / "valid" / "people.csv", OWNER, enrich=False)])

    assert [str(e) for e in report.errors] == [
        (
            "people.csv:5:-: no header row found: expected the header of a LinkedIn Connections.csv: a row naming "
            "First Name, Last Name, Connected On (and, in most exports, URL, Email Address, Company, Position), "
            "separated by commas"
        ),
    ]
    assert counts(db) == {"Person": 1}


@pytest.mark.parametrize(("separator", "shown"), [(";", "';'"), ("\t", "'\\t'")])
def test_an_export_saved_with_another_separator_is_named_so(
    importer: Importer, db: Driver, tmp_path: Path, separator: str, shown: str
) -> None:
    owner(db)
    path = tmp_path / "Connections.csv"
    with (FIXTURES / "connections_2026.csv").open(encoding="utf-8-sig", newline="") as export:
        rows = list(csv.reader(export))
    with path.open("w", encoding="utf-8", newline="") as saved:  # as a spreadsheet set to that separator saves it
        csv.writer(saved, delimiter=separator).writerows(rows)

    [report] = importer.run([linkedin.sheet(path, OWNER, enrich=False)])

    [error] = [str(e) for e in report.errors]
    assert error.startswith("Connections.csv:10:-: no header row found: expected the header of a LinkedIn")
    assert error.endswith(f"line 4 is separated by {shown}, not commas: save the file as comma-separated CSV")
    assert counts(db) == {"Person": 1}


def test_bad_rows_are_reported_by_line_and_column(importer: Importer, db: Driver, tmp_path: Path) -> None:
    owner(db)
    path = tmp_path / "Connections.csv"
    path.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Ana,Lima,https://www.linkedin.com/in/ana-lima,,Acme,Engineer,08 Feb 2026\n"
        "Ben,Okoro,https://example.com/ben,,Acme,Engineer,yesterday\n"
    )

    [report] = importer.run([linkedin.sheet(path, OWNER, enrich=False)])
    [partial] = importer.run([linkedin.sheet(path, OWNER, enrich=False)], skip_invalid=True)

    assert [str(e) for e in report.errors] == [
        "Connections.csv:3:URL: 'https://example.com/ben' is not a LinkedIn profile URL (linkedin.com/in/...)",
        "Connections.csv:3:Connected On: 'yesterday' is not a date (YYYY-MM-DD, '08 Feb 2026' or '4-Apr-21')",
    ]
    assert (partial.created, partial.skipped) == (1, 1)
    assert counts(db)["KNOWS"] == 1
