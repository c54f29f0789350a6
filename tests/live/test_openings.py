"""Role openings on the session's Neo4j: which writes open a role, and how a replica follows them by watermark."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from neo4j import Driver
from neo4j.time import DateTime, Duration

from api.graph import Graph, migrations, network, open_driver, openings, roles
from api.graph.links import Viewpoint
from api.graph.openings import Opened
from api.live.watermark import Watermark
from api.settings import Neo4jTarget
from seeds.folder import folder_sheets
from tests.seeds.conftest import Importer

OVERLAP = Duration(seconds=30)
ROLES_HEADER = "company,title,status,location,remote,postedOn,hiringManager,recruiters,skills\n"


@pytest.fixture
async def graph(db: Driver, target: Neo4jTarget) -> AsyncIterator[Graph]:
    assert db is not None  # an empty, migrated graph
    async with open_driver(target) as driver:
        # Room to plan the searches anew (slow on a busy machine): these tests are about answers, not time.
        yield Graph(driver, target.database, timeout_s=network.PLANNING_TIMEOUT_S)


def opened_at(db: Driver, title: str) -> Any:
    records, _, _ = db.execute_query("MATCH (r:Role {title: $title}) RETURN r.openedAt AS at", title=title)
    assert len(records) == 1, title
    return records[0]["at"]


async def read(graph: Graph, watermark: Watermark, limit: int = 100) -> list[Opened]:
    return watermark.take(
        await openings.opened_since(graph, since=watermark.since(), known=watermark.keys(), limit=limit)
    )


async def following(graph: Graph) -> Watermark:
    return Watermark(await openings.now(graph) - Duration(minutes=2), OVERLAP)


async def test_create_and_reopen_stamp_the_database_time_and_open_again_changes_nothing(
    graph: Graph, db: Driver
) -> None:
    db.execute_query("CREATE (:Company {id: 'c', name: 'Acme', nameKey: 'acme'})")
    before = await openings.now(graph)
    created = await roles.create(
        graph,
        company_id="c",
        title="Engineer",
        location=None,
        remote=None,
        posted_on=None,
        hiring_manager_id=None,
        recruiter_ids=[],
        skills=[],
    )
    assert created is not None
    first = opened_at(db, "Engineer")
    assert first >= before

    await roles.set_status(graph, created["id"], "OPEN")  # already open
    assert opened_at(db, "Engineer") == first
    await roles.set_status(graph, created["id"], "CLOSED")
    assert opened_at(db, "Engineer") == first  # when it last opened, kept while closed
    await roles.set_status(graph, created["id"], "OPEN")
    assert opened_at(db, "Engineer") > first


def test_an_import_opens_roles_created_or_reopened_as_open(db: Driver, target: Neo4jTarget, tmp_path: Path) -> None:
    importer = Importer(target)  # the one importer the CLI and importCsv use
    folder = tmp_path / "roles"
    folder.mkdir()
    sheet = folder / "roles.csv"
    sheet.write_text(ROLES_HEADER + "Acme,Engineer,OPEN,,,,,,\nAcme,Designer,CLOSED,,,,,,\n")
    importer.run(folder_sheets(folder))
    engineer = opened_at(db, "Engineer")
    assert engineer is not None
    assert opened_at(db, "Designer") is None  # closed roles have not opened

    importer.run(folder_sheets(folder))  # unchanged: nothing opens again
    assert opened_at(db, "Engineer") == engineer
    sheet.write_text(ROLES_HEADER + "Acme,Engineer,OPEN,,,,,,\nAcme,Designer,OPEN,,,,,,\n")
    importer.run(folder_sheets(folder))
    assert opened_at(db, "Engineer") == engineer
    assert opened_at(db, "Designer") is not None


async def test_the_migration_gives_open_roles_when_they_entered_the_graph(graph: Graph, db: Driver) -> None:
    db.execute_query(
        """
        CREATE (:Role {id: 'a', title: 'Created', status: 'OPEN', createdAt: datetime('2026-01-02T03:04:05Z')}),
               (:Role {id: 'b', title: 'Posted', status: 'OPEN', postedOn: date('2025-12-01')}),
               (:Role {id: 'c', title: 'Unknown', status: 'OPEN'}),
               (:Role {id: 'd', title: 'Closed', status: 'CLOSED', createdAt: datetime('2026-01-02T03:04:05Z')})
        """
    )
    [backfill] = [migration for migration in migrations.load() if migration.name == "role_opened_at"]
    for statement in backfill.statements:
        await graph.write(statement)  # as applied; idempotent
    assert {title: str(opened_at(db, title)) for title in ("Created", "Posted", "Unknown")} == {
        "Created": "2026-01-02T03:04:05.000000000+00:00",
        "Posted": "2025-12-01T00:00:00.000000000+00:00",
        "Unknown": "1970-01-01T00:00:00.000000000+00:00",
    }
    assert opened_at(db, "Closed") is None


async def test_roles_opened_at_one_instant_are_each_read_once(graph: Graph, db: Driver) -> None:
    watermark = await following(graph)
    db.execute_query(
        "UNWIND ['r3', 'r1', 'r2'] AS id CREATE (:Role {id: id, title: id, status: 'OPEN', openedAt: datetime()})"
    )
    db.execute_query("CREATE (:Role {id: 'shut', title: 'shut', status: 'CLOSED', openedAt: datetime()})")

    first = await read(graph, watermark, limit=2)
    rest = await read(graph, watermark, limit=2)
    again = await read(graph, watermark)

    assert [opened.role_id for opened in first + rest] == ["r1", "r2", "r3"]
    assert len({opened.opened_at for opened in first + rest}) == 1
    assert again == []


async def test_an_opening_that_commits_late_is_found_within_the_overlap_and_a_reopening_is_new(
    graph: Graph, db: Driver
) -> None:
    watermark = await following(graph)
    db.execute_query("CREATE (:Role {id: 'now', title: 'now', status: 'OPEN', openedAt: datetime()})")
    assert [opened.role_id for opened in await read(graph, watermark)] == ["now"]
    # Stamped before 'now' by a statement that ran first, seen only after 'now' was read.
    db.execute_query(
        """
        MATCH (n:Role {id: 'now'})
        CREATE (:Role {id: 'late', title: 'late', status: 'OPEN', openedAt: n.openedAt - duration({seconds: 5})}),
               (:Role {id: 'ancient', title: 'ancient', status: 'OPEN', openedAt: n.openedAt - duration({minutes: 5})})
        """
    )
    assert [opened.role_id for opened in await read(graph, watermark)] == ["late"]

    db.execute_query("MATCH (r:Role {id: 'now'}) SET r.status = 'CLOSED'")
    db.execute_query("MATCH (r:Role {id: 'now'}) SET r.status = 'OPEN', r.openedAt = datetime()")
    assert [opened.role_id for opened in await read(graph, watermark)] == ["now"]
    assert await read(graph, watermark) == []


async def test_what_a_replica_remembers_stays_bounded_and_nothing_is_read_twice(graph: Graph, db: Driver) -> None:
    watermark = await following(graph)
    watermark.most_known = 3
    db.execute_query(
        "UNWIND range(1, 5) AS i CREATE (:Role {id: 'same' + i, title: 't', status: 'OPEN', openedAt: datetime()})"
    )
    db.execute_query("CREATE (:Role {id: 'later', title: 'later', status: 'OPEN', openedAt: datetime()})")

    taken = [opened.role_id for _ in range(4) for opened in await read(graph, watermark, limit=2)]

    assert taken == ["same1", "same2", "same3", "same4", "same5", "later"]
    assert len(watermark.keys()) <= 6
    assert await read(graph, watermark) == []


def _company(db: Driver, company: str, people: int, *, knows_me: bool) -> None:
    db.execute_query(
        """
        MERGE (me:Person {id: 'me', name: 'Me'})
        CREATE (c:Company {id: $company, name: $company, nameKey: $company})
        WITH me, c
        UNWIND range(1, $people) AS i
        CREATE (p:Person {id: $company + i, name: $company + ' ' + i})-[:WORKS_AT {startedOn: date('2020-01-01')}]->(c)
        FOREACH (_ IN CASE WHEN $knowsMe THEN [1] ELSE [] END | CREATE (me)-[:KNOWS]->(p))
        """,
        company=company,
        people=people,
        knowsMe=knows_me,
    )


async def test_each_role_gets_its_best_contact_even_behind_a_full_page_of_another_roles(
    graph: Graph, db: Driver
) -> None:
    _company(db, "big", openings.PAGE + 1, knows_me=True)  # 101 contacts one hop away
    _company(db, "small", 1, knows_me=False)
    db.execute_query(
        """
        MATCH (me:Person {id: 'me'}), (b:Person {id: 'big1'}), (s:Person {id: 'small1'})
        CREATE (b)-[:KNOWS]->(s)
        WITH me
        MATCH (c:Company)
        CREATE (:Role {id: 'role-' + c.id, title: c.id, status: 'OPEN', openedAt: datetime()})-[:AT]->(c)
        CREATE (:Role {id: 'far-' + c.id, title: 'other', status: 'OPEN', openedAt: datetime()})-[:AT]->(c)
        """
    )
    ids = ["role-big", "role-small", "nobody-has-this-role"]

    me = Viewpoint("me")
    found, undecided = await openings.best_by_role(graph, "me", viewer=me, max_hops=2, role_ids=ids, searches=1)
    assert (sorted(found), undecided) == (["role-big"], ["role-small", "nobody-has-this-role"])
    found, undecided = await openings.best_by_role(graph, "me", viewer=me, max_hops=2, role_ids=ids, searches=2)
    assert (sorted(found), undecided) == (["role-big", "role-small"], [])

    for role_id, company in (("role-big", "big"), ("role-small", "small")):
        everything = await network.opportunities(graph, "me", max_hops=2, company_id=company, limit=200)
        best = next(row for row in everything["page"] if row["roleId"] == role_id)
        row = found[role_id].row
        assert (row["contactId"], row["hops"], row["score"]) == (best["contactId"], best["hops"], best["score"])
    assert found["role-small"].row["hops"] == 2


def test_watermark_starts_at_its_floor_and_goes_back_the_overlap() -> None:
    floor = DateTime(2026, 1, 1, 12, 0, 0)
    watermark = Watermark(floor, OVERLAP)
    assert watermark.since() == floor
    watermark.take([Opened("a", DateTime(2026, 1, 1, 13, 0, 0), "a|13")])
    assert watermark.since() == DateTime(2026, 1, 1, 12, 59, 30)
