"""The crosspaths formats: validation before any write, --skip-invalid, --dry-run, idempotent re-import."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from neo4j import Driver

from seeds.folder import folder_sheets
from tests.seeds.conftest import FIXTURES, Importer, counts, query

VALID = FIXTURES / "valid"
INVALID = FIXTURES / "invalid"

VALID_SHAPE = {
    "Company": 3,  # Acme, Globex, and Initech named only by a position
    "Person": 4,
    "Role": 2,
    "Skill": 2,
    "Interview": 2,
    "AT": 2,
    "HIRES_FOR": 1,
    "RECRUITS_FOR": 1,
    "REQUIRES": 2,
    "WORKS_AT": 4,
    "KNOWS": 3,
    "CANDIDATE_IN": 2,
    "INTERVIEWER_IN": 3,
    "WITH": 2,
    "FOR": 1,
}

INVALID_ERRORS = [
    "people.csv:3:name: required",
    "people.csv:5:openToWork: 'maybe' is not true/false",
    "people.csv:6:email: a person needs an email or a linkedinUrl (the key other files refer to it by)",
    "people.csv:7:-: duplicate of line 2 (same key: ana@mail.example)",
    "roles.csv:2:hiringManager: no person with this email/LinkedIn URL in this import or the graph: 'ben@mail.example'",
    "positions.csv:2:endedOn: ends (2018-12-31) before it starts (2019-01-01)",
    "positions.csv:3:startedOn: '15/01/2023' is not a date (YYYY-MM-DD)",
    "positions.csv:4:person: no person with this email/LinkedIn URL in this import or the graph: 'nobody@mail.example'",
    "connections.csv:2:other: no person with this email/LinkedIn URL in this import or the graph: 'ben@mail.example'",
    "connections.csv:4:person: no person with this email/LinkedIn URL in this import or the graph: 'dev@mail.example'",
    "connections.csv:4:other: no person with this email/LinkedIn URL in this import or the graph: 'ben@mail.example'",
]


def test_a_valid_folder_loads_in_dependency_order(importer: Importer, db: Driver) -> None:
    reports = importer.run(folder_sheets(VALID))

    assert [(r.file, r.rows_read, r.created, r.written, r.errors) for r in reports] == [
        ("companies.csv", 2, 2, True, []),
        ("people.csv", 4, 4, True, []),
        ("roles.csv", 2, 2, True, []),
        ("positions.csv", 4, 4, True, []),
        ("connections.csv", 3, 3, True, []),
        ("interviews.csv", 2, 2, True, []),
    ]
    assert counts(db) == VALID_SHAPE
    people = query(db, "MATCH (p:Person) RETURN p.name AS name, p.email AS email, p.linkedinUrl AS url ORDER BY name")
    assert people[2:] == [
        {"name": "Chloe Dubois", "email": None, "url": "https://www.linkedin.com/in/chloe-dubois"},
        {"name": "Dev Patel", "email": "dev@mail.example", "url": None},
    ]
    ben = query(
        db,
        "MATCH (:Person {email: 'ben@mail.example'})-[w:WORKS_AT]->(c:Company) "
        "RETURN c.name AS company, w.title AS title, w.startedOn AS started, w.endedOn AS ended",
    )
    assert ben == [
        {"company": "Acme, Inc.", "title": "Engineering Manager", "started": date(2020, 3, 1), "ended": None}
    ]
    interview = query(
        db,
        "MATCH (c:Person)-[:CANDIDATE_IN]->(i:Interview)-[:FOR]->(r:Role) "
        "MATCH (x:Person)-[:INTERVIEWER_IN]->(i) "
        "RETURN c.name AS candidate, r.title AS role, i.stage AS stage, i.outcome AS outcome, i.notes AS notes, "
        "i.practice AS practice, collect(x.name) AS panel",
    )
    assert [{**row, "panel": sorted(row["panel"])} for row in interview] == [
        {
            "candidate": "Ana Lima",
            "role": "Staff Engineer",
            "stage": "ONSITE",
            "outcome": "PENDING",
            "notes": 'System design, then "culture" chat',
            "practice": False,
            "panel": ["Ben Okoro", "Chloe Dubois"],
        }
    ]


def test_importing_the_same_folder_twice_creates_nothing_the_second_time(importer: Importer, db: Driver) -> None:
    importer.run(folder_sheets(VALID))
    again = importer.run(folder_sheets(VALID))

    assert [(r.created, r.updated, r.unchanged) for r in again] == [(0, 0, n) for n in (2, 4, 2, 4, 3, 2)]
    assert counts(db) == VALID_SHAPE


def test_a_changed_row_counts_as_updated(importer: Importer, db: Driver, tmp_path: Path) -> None:
    folder = tmp_path / "changed"
    shutil.copytree(VALID, folder)
    importer.run(folder_sheets(folder))
    people = folder / "people.csv"
    people.write_text(people.read_text().replace("Backend engineer,Lisbon", "Staff engineer,Porto"))

    reports = importer.run(folder_sheets(folder))

    assert (reports[1].created, reports[1].updated, reports[1].unchanged) == (0, 1, 3)
    assert query(db, "MATCH (p:Person {email: 'ana@mail.example'}) RETURN p.headline AS h, p.location AS l") == [
        {"h": "Staff engineer", "l": "Porto"}
    ]


def test_any_invalid_row_means_nothing_is_written_and_every_problem_is_listed(importer: Importer, db: Driver) -> None:
    reports = importer.run(folder_sheets(INVALID))

    assert [str(error) for report in reports for error in report.errors] == INVALID_ERRORS
    assert not any(report.written for report in reports)
    assert counts(db) == {}


def test_skip_invalid_writes_the_valid_rows_and_reports_the_rest(importer: Importer, db: Driver) -> None:
    reports = importer.run(folder_sheets(INVALID), skip_invalid=True)

    assert [str(error) for report in reports for error in report.errors] == INVALID_ERRORS
    assert [(r.file, r.rows_read, r.created, r.skipped) for r in reports] == [
        ("companies.csv", 2, 2, 0),
        ("people.csv", 6, 2, 4),
        ("roles.csv", 2, 1, 1),
        ("positions.csv", 3, 0, 3),
        ("connections.csv", 3, 1, 2),
    ]
    names = query(db, "MATCH (p:Person) RETURN p.name AS name ORDER BY name")
    assert names == [{"name": "Ana Lima"}, {"name": "Chloe Dubois"}]
    assert query(db, "MATCH (a:Person)-[:KNOWS]-(b:Person) WHERE a.name < b.name RETURN a.name AS a, b.name AS b") == [
        {"a": "Ana Lima", "b": "Chloe Dubois"}
    ]


def test_dry_run_writes_nothing_and_says_what_would_change(importer: Importer, db: Driver, tmp_path: Path) -> None:
    folder = tmp_path / "partly-loaded"
    folder.mkdir()
    shutil.copy(VALID / "companies.csv", folder)
    importer.run(folder_sheets(folder))
    before = counts(db)
    for name in ("people.csv", "positions.csv", "connections.csv"):
        shutil.copy(VALID / name, folder)

    reports = importer.run(folder_sheets(folder), dry_run=True)

    assert [(r.file, r.created, r.unchanged, r.written) for r in reports] == [
        ("companies.csv", 0, 2, False),
        ("people.csv", 4, 0, False),
        ("positions.csv", 4, 0, False),
        ("connections.csv", 3, 0, False),
    ]
    assert counts(db) == before


def test_rows_may_refer_to_people_already_in_the_graph(importer: Importer, db: Driver, tmp_path: Path) -> None:
    importer.run(folder_sheets(VALID))
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "connections.csv").write_text(
        "person,other,since\n"
        "ANA@mail.example,dev@mail.example,2020-01-01\n"
        "dev@mail.example,linkedin.com/in/Chloe-Dubois,\n"  # by email, then by profile URL
        "https://www.linkedin.com/in/ana-lima,linkedin.com/in/chloe-dubois,2019-05-01\n"  # both by URL: fills `since`
    )

    reports = importer.run(folder_sheets(folder))

    assert (reports[0].created, reports[0].updated, reports[0].errors) == (2, 1, [])
    assert counts(db)["KNOWS"] == 5
    since = query(
        db, "MATCH (:Person {name: 'Ana Lima'})-[k:KNOWS]-(:Person {name: 'Chloe Dubois'}) RETURN k.since AS d"
    )
    assert since == [{"d": date(2019, 5, 1)}]


def test_a_profile_url_nobody_has_is_reported_with_its_line(importer: Importer, tmp_path: Path) -> None:
    importer.run(folder_sheets(VALID))
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "connections.csv").write_text(
        "person,other,since\nana@mail.example,linkedin.com/in/ben-okoro,\nlinkedin.com/in/nobody,dev@mail.example,\n"
    )

    [report] = importer.run(folder_sheets(folder))

    nobody = "no person with this email/LinkedIn URL in this import or the graph"
    assert [str(error) for error in report.errors] == [
        f"connections.csv:2:other: {nobody}: 'https://www.linkedin.com/in/ben-okoro'",
        f"connections.csv:3:person: {nobody}: 'https://www.linkedin.com/in/nobody'",
    ]


def test_people_and_roles_named_in_lists_are_reported_by_line_column_and_key(
    importer: Importer, db: Driver, tmp_path: Path
) -> None:
    importer.run(folder_sheets(VALID))
    before = counts(db)
    (tmp_path / "roles.csv").write_text(
        "company,title,hiringManager,recruiters\n"
        "Acme,Designer,ben@mail.example,ana@mail.example;zoe@mail.example\n"
        "Globex,Tester,linkedin.com/in/nobody,\n"
    )
    (tmp_path / "interviews.csv").write_text(
        "date,candidate,company,role,interviewers\n"
        "2026-06-01,dev@mail.example,Acme,Staff Engineer,ben@mail.example;yan@mail.example;xi@mail.example\n"
        "2026-06-02,dev@mail.example,Initech,Janitor,ana@mail.example\n"
    )

    reports = importer.run(folder_sheets(tmp_path))

    nobody = "no person with this email/LinkedIn URL in this import or the graph"
    assert [str(error) for report in reports for error in report.errors] == [
        f"roles.csv:2:recruiters: {nobody}: 'zoe@mail.example'",
        f"roles.csv:3:hiringManager: {nobody}: 'https://www.linkedin.com/in/nobody'",
        f"interviews.csv:2:interviewers: {nobody}: 'yan@mail.example'",
        f"interviews.csv:2:interviewers: {nobody}: 'xi@mail.example'",
        "interviews.csv:3:role: no role with this title in this import or the graph: 'initech|janitor'",
    ]
    assert counts(db) == before


def test_cells_are_read_by_the_header_in_any_order_and_rows_may_be_short(
    importer: Importer, db: Driver, tmp_path: Path
) -> None:
    # Spreadsheets reorder and drop optional columns, and trim trailing empty cells or add some.
    (tmp_path / "people.csv").write_text(
        "openToWork,email,name\n"
        "yes,ana@mail.example,Ana Lima\n"
        "no,ben@mail.example,Ben Okoro,,\n"
        ",cleo@mail.example\n"
        "true,dev@mail.example,Dev Patel,Lisbon\n"
    )

    [report] = importer.run(folder_sheets(tmp_path), skip_invalid=True)

    assert [str(error) for error in report.errors] == [
        "people.csv:4:name: required",
        "people.csv:5:-: 1 more cell(s) than the header has columns",
    ]
    people = query(db, "MATCH (p:Person) RETURN p.name AS name, p.email AS email, p.openToWork AS open ORDER BY name")
    assert people == [
        {"name": "Ana Lima", "email": "ana@mail.example", "open": True},
        {"name": "Ben Okoro", "email": "ben@mail.example", "open": False},
    ]


def test_a_wrong_header_is_one_error_naming_the_expected_headers(importer: Importer, tmp_path: Path) -> None:
    (tmp_path / "people.csv").write_text("name,e-mail,linkedinUrl\nAna,ana@mail.example,\nBen,ben@mail.example,\n")

    [report] = importer.run(folder_sheets(tmp_path))

    expected = (
        "people.csv:1:-: wrong header (unknown e-mail): people.csv expects "
        "name, email, linkedinUrl, headline, location, openToWork, sharesEncounters (required: name), "
        "separated by commas"
    )
    assert [str(error) for error in report.errors] == [expected]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            "name;email\nAna;ana@mail.example\n",
            (
                "people.csv:1:-: wrong header (unknown name;email; missing name): people.csv expects "
                "name, email, linkedinUrl, headline, location, openToWork, sharesEncounters (required: name), "
                "separated by commas; this header is separated by ';': save the file as comma-separated CSV"
            ),
        ),
        (
            '"name";"email"\n"Ana";"ana@mail.example"\n',
            (
                "people.csv:1:-: not valid CSV: a quoted cell is followed by something else than a comma "
                "(cells must be separated by commas)"
            ),
        ),
        (
            "\n\n",
            (
                "people.csv:2:-: no header row found: expected the header of people.csv: "
                "name, email, linkedinUrl, headline, location, openToWork, sharesEncounters (required: name), "
                "separated by commas"
            ),
        ),
    ],
)
def test_a_file_without_a_comma_separated_header_is_told_what_header_is_expected(
    importer: Importer, tmp_path: Path, content: str, expected: str
) -> None:
    (tmp_path / "people.csv").write_text(content)

    [report] = importer.run(folder_sheets(tmp_path))

    assert [str(error) for error in report.errors] == [expected]
    assert report.stopped == "file"


def test_unreadable_file_is_reported_not_raised_and_blocks_the_folder(importer: Importer, tmp_path: Path) -> None:
    shutil.copy(VALID / "companies.csv", tmp_path)
    (tmp_path / "people.csv").write_bytes(b"name,email\nAna,ana@mail.example\nJos\xe9,jose@mail.example\n")

    reports = importer.run(folder_sheets(tmp_path), skip_invalid=True)

    assert [str(error) for report in reports for error in report.errors] == [
        "people.csv:3:-: not UTF-8 text (byte 0xe9); re-save the file as UTF-8 CSV"
    ]
    assert not any(report.written for report in reports)


def test_a_write_the_database_refuses_is_reported_and_stops_the_import(importer: Importer, db: Driver) -> None:
    # Another company already owns the domain acme.example: the unique constraint refuses the batch.
    db.execute_query(
        "CREATE (:Company {id: 'x', name: 'Acme Holdings', nameKey: 'acme holdings', domain: 'acme.example'})"
    )

    reports = importer.run(folder_sheets(VALID))

    [error] = reports[0].errors
    assert (error.file, error.line) == ("companies.csv", 2)
    assert "rows from line 2 to 3 could not be written" in error.message
    assert "acme.example" in error.message
    assert reports[0].stopped == "refused"
    assert [r.written for r in reports] == [False] * 6
    assert counts(db) == {"Company": 1}


@pytest.mark.parametrize("bad_line", [12, 2490])
def test_a_refused_row_is_named_by_the_lines_written_with_it_and_nothing_is_kept(
    importer: Importer, db: Driver, tmp_path: Path, bad_line: int
) -> None:
    # Statements are pipelined, so a refusal is raised while a later statement is being sent (the
    # early row) or when results are read at the end (the late one): both must name its rows.
    db.execute_query(
        "CREATE (:Company {id: 'x', name: 'Acme Holdings', nameKey: 'acme holdings', domain: 'acme.example'})"
    )
    rows = [f"Company {i},c{i}.example" for i in range(2500)]
    rows[bad_line - 2] = "Company clash,acme.example"
    (tmp_path / "companies.csv").write_text("name,domain\n" + "\n".join(rows) + "\n", encoding="utf-8")

    [report] = importer.run(folder_sheets(tmp_path))

    [error] = report.errors
    named = re.match(
        r"rows from line (\d+) to (\d+) could not be written, so nothing from this import was", error.message
    )
    assert named is not None, error.message
    assert error.line == int(named[1]) <= bad_line <= int(named[2])
    assert "acme.example" in error.message
    assert (report.written, report.created, report.updated, report.unchanged) == (False, 0, 0, 0)
    assert counts(db) == {"Company": 1}


def test_an_invalid_row_after_batches_were_written_leaves_nothing_and_counts_nothing(
    importer: Importer, db: Driver, tmp_path: Path
) -> None:
    rows = [f"Person {i},p{i}@mail.example" for i in range(2500)]
    rows[2399] = "Person 2399,not an email"  # line 2401: several statements are already written by then
    (tmp_path / "people.csv").write_text("name,email\n" + "\n".join(rows) + "\n", encoding="utf-8")

    [report] = importer.run(folder_sheets(tmp_path))

    assert [(error.line, error.column) for error in report.errors] == [(2401, "email")]
    assert (report.written, report.created, report.updated, report.unchanged) == (False, 0, 0, 0)
    assert counts(db) == {}


def _people(n: int) -> str:
    return "name,email\n" + "".join(f"Person {i},p{i}@mail.example\n" for i in range(n))


def test_rows_naming_people_in_the_graph_are_written_without_looking_them_up(
    importer: Importer, db: Driver, tmp_path: Path
) -> None:
    (tmp_path / "people.csv").write_text(_people(100))
    importer.run(folder_sheets(tmp_path))
    more = tmp_path / "more"
    more.mkdir()
    (more / "connections.csv").write_text(
        "person,other,since\n" + "".join(f"p{i}@mail.example,p{i + 1}@mail.example,\n" for i in range(99))
    )
    (more / "positions.csv").write_text("person,company\n" + "".join(f"p{i}@mail.example,Acme\n" for i in range(100)))

    reports = importer.run(folder_sheets(more))

    # Each MATCHes the people its rows name and says how many rows it wrote: all of them, so every
    # reference exists and no separate lookup was needed.
    assert [(r.file, r.created, r.errors) for r in reports] == [("positions.csv", 100, []), ("connections.csv", 99, [])]
    assert importer.queries == 0
    assert counts(db) == {"Person": 100, "Company": 1, "WORKS_AT": 100, "KNOWS": 99}


@pytest.mark.parametrize("kind", ["connections", "positions"])
@pytest.mark.parametrize("bad_line", [12, 2490])
def test_a_row_naming_nobody_is_found_after_the_writes_and_nothing_is_kept(
    importer: Importer, db: Driver, tmp_path: Path, kind: str, bad_line: int
) -> None:
    (tmp_path / "people.csv").write_text(_people(2500))
    importer.run(folder_sheets(tmp_path))
    more = tmp_path / "more"
    more.mkdir()
    if kind == "connections":
        rows = [f"p{i}@mail.example,p{(i + 1) % 2500}@mail.example" for i in range(2500)]
        rows[bad_line - 2] = f"p{bad_line}@mail.example,nobody@mail.example"
        column, header = "other", "person,other"
    else:
        rows = [f"p{i}@mail.example,Acme" for i in range(2500)]
        rows[bad_line - 2] = "nobody@mail.example,Acme"
        column, header = "person", "person,company"
    (more / f"{kind}.csv").write_text(header + "\n" + "\n".join(rows) + "\n")

    [report] = importer.run(folder_sheets(more))

    nobody = "no person with this email/LinkedIn URL in this import or the graph: 'nobody@mail.example'"
    assert [str(error) for error in report.errors] == [f"{kind}.csv:{bad_line}:{column}: {nobody}"]
    assert (report.written, report.created, report.skipped) == (False, 0, 1)
    assert counts(db) == {"Person": 2500}
