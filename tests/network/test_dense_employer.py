"""A big employer: thousands of colleagues and hundreds of thousands of (role, contact) pairs, within the memory cap.

Issue 20 found opportunities failing for every person on seed synth's default graph (one employer with
~4 000 positions): the statement sorted every pair with its paths and needed more than Neo4j's 256 MiB
per transaction. These tests assert answers, not time.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from neo4j import Driver

from api.graph import Graph, interview_value, network
from tests.network.conftest import in_order, pairs, ranked
from tests.network.generators import TODAY
from tests.network.world import Position, Role, World, load

STAFF = 3_000  # current positions at Initrode, all overlapping
OPEN_ROLES = 100
CAP = "256.00MiB"  # what the local launcher (api/localdb/launcher.py) lets one transaction take


def _world() -> World:
    """Everyone works at Initrode now; e1..e100 each hire for a role, every other one with a recruiter.

    Outside it, `far` is known by e2999 only: two hops from everyone else at Initrode.
    """
    staff = [f"e{i:04d}" for i in range(STAFF)]
    start = date(2015, 1, 1)
    roles = [
        Role(
            f"r{i:03d}",
            "initrode",
            "Engineer",
            "OPEN",
            date(2025, 1, 1),
            remote=False,
            hiring_manager=staff[1 + i],
            recruiters=(staff[1 + OPEN_ROLES + i],) if i % 2 == 0 else (),
        )
        for i in range(OPEN_ROLES)
    ]
    roles += [
        Role(f"x{i}", "initrode", "Old", "CLOSED", date(2024, 1, 1), remote=False, hiring_manager=None, recruiters=())
        for i in range(20)
    ]
    return World(
        people=[*staff, "far"],
        companies=["initrode", "elsewhere"],
        positions=[
            Position(person, "initrode", "Engineer", start + timedelta(days=i % 900), None)
            for i, person in enumerate(staff)
        ]
        + [Position("far", "elsewhere", "Engineer", start, None)],
        knows=[(staff[-1], "far", date(2020, 1, 1))],
        roles=roles,
    )


@pytest.fixture(scope="module")
def replanned() -> list[bool]:
    """Whether this module's statistics and plans were refreshed yet: once suffices, its worlds are alike."""
    return []


def _load(db: Driver, world: World, replanned: list[bool]) -> World:
    cap = db.execute_query("SHOW SETTINGS YIELD name, value WHERE name = 'db.memory.transaction.max' RETURN value")
    assert cap.records[0]["value"] == CAP, "these tests mean something only under the launcher's 256 MiB cap"
    load(db, world)
    if not replanned:
        # Planned for this graph, as `crosspaths seed` has them planned after a bulk import (network.replan):
        # the test Neo4j keeps plans made for earlier worlds otherwise (tests/conftest.py, TEST_NEO4J_CONFIG).
        db.execute_query("CALL db.prepareForReplanning()")
        replanned.append(True)
    return world


@pytest.fixture
def initrode(db: Driver, replanned: list[bool]) -> World:
    return _load(db, _world(), replanned)


@pytest.fixture
def invited(db: Driver, replanned: list[bool]) -> World:
    """Initrode's world and `newcomer`, who has no links yet."""
    world = _world()
    return _load(db, replace(world, people=[*world.people, "newcomer"]), replanned)


async def test_opportunities_next_to_a_big_employer_answer_within_the_memory_cap(initrode: World, graph: Graph) -> None:
    me = "e0000"
    # Everyone else at Initrode is one hop away and a contact for every open role there.
    every_pair = (STAFF - 1) * OPEN_ROLES
    first = await network.opportunities(graph, me, max_hops=2, limit=20, on=TODAY)
    assert first["total"] == every_pair

    # Hiring managers first (44 = 10 x 4 + 3 + 1: met today, since both still work there), by role;
    # then recruiters (43), then every employee (41), by role and then contact.
    managers = [(role.id, role.hiring_manager, 44.0) for role in initrode.roles[:OPEN_ROLES]]
    recruiters = [(role.id, role.recruiters[0], 43.0) for role in initrode.roles[:OPEN_ROLES] if role.recruiters]
    assert ranked(first["page"]) == managers[:20]
    assert all(row["hops"] == 1 and row["ties"] == ["EMPLOYEE", "HIRING_MANAGER"] for row in first["page"])
    assert [len(row["paths"]) for row in first["page"]] == [1] * 20

    boundary = await network.opportunities(graph, me, max_hops=2, skip=95, limit=10, on=TODAY)
    assert ranked(boundary["page"]) == managers[95:] + recruiters[:5]

    employees = await network.opportunities(graph, me, max_hops=2, skip=150, limit=3, on=TODAY)
    everyone_else = sorted(p for p in initrode.people if p not in (me, "far"))
    plain = [("r000", contact, 41.0) for contact in everyone_else if contact not in ("e0001", "e0101")]
    assert ranked(employees["page"]) == plain[:3]

    last = await network.opportunities(graph, me, max_hops=2, skip=every_pair - 1, limit=5, on=TODAY)
    assert pairs(last["page"]) == [("r099", "e2999")]

    # `last: 3` without `before`: the end of the ranking, found from the total the statement counts anyway.
    end = await network.opportunities(graph, me, max_hops=2, limit=3, from_end=True, on=TODAY)
    assert end["total"] == every_pair
    assert ranked(end["page"]) == [("r099", contact, 41.0) for contact in ("e2997", "e2998", "e2999")]


async def test_paths_and_degree_through_a_big_employer_answer_within_the_memory_cap(
    initrode: World,  # noqa: ARG001 - loads the world
    graph: Graph,
) -> None:
    assert await network.degree(graph, "e0000", "e1500", on=TODAY) == 1
    assert await network.degree(graph, "e0000", "far", on=TODAY) == 2
    assert await network.degree(graph, "far", "e0000", on=TODAY) == 2
    found = await network.paths_to(graph, "e0000", "far", max_hops=6, first=5, on=TODAY)
    assert [[step["toId"] for step in path["steps"]] for path in found["paths"]] == [["e2999", "far"]]
    # Everyone at Initrode is one shortest path apart from far's side: 2 998 paths from e0001, five shown.
    found = await network.paths_to(graph, "far", "e0001", max_hops=6, first=5, on=TODAY)
    assert [path["hops"] for path in found["paths"]] == [2]


async def test_an_interview_at_a_big_employer_is_weighed_within_the_memory_cap(
    invited: World,  # noqa: ARG001 - loads the world
    graph: Graph,
) -> None:
    # The newcomer would meet r000's hiring manager and recruiter and five employees (no panels: by name),
    # and through them everyone at Initrode: 3 000 new people and 100 new roles, each by its best contact.
    got = await interview_value.interview_values(
        graph, "newcomer", ["initrode"], role_id="r000", windows=[(0, 6), (98, 5)], new_companies=5, on=TODAY
    )
    assert got is not None
    [value] = got["values"]
    panel = ["e0001", "e0101", "e0000", "e0002", "e0003", "e0004", "e0005"]
    assert [member["id"] for member in value["panel"]] == panel
    assert got["before"] == {"people": 0, "within1": 0, "openRoles": 0, "companies": 0}
    assert value["after"] == {"people": STAFF, "within1": 7, "openRoles": OPEN_ROLES, "companies": 1}
    assert value["newOpportunities"] == OPEN_ROLES
    # Met today at the interview: hiring managers on the panel score 10 x 4 + 3 + 1, any other role's best is
    # the first employee met (41), never a hiring manager two hops away (34); equal scores by title, then id.
    assert ranked(in_order(value)) == [
        ("r000", "e0001", 44.0),
        ("r001", "e0002", 44.0),
        ("r002", "e0003", 44.0),
        ("r003", "e0004", 44.0),
        ("r004", "e0005", 44.0),
        ("r005", "e0000", 41.0),
        ("r098", "e0000", 41.0),
        ("r099", "e0000", 41.0),
    ]
    assert [company["id"] for company in value["newCompanies"]] == ["initrode"]

    # From inside: the whole staff is one hop away already, and an interview elsewhere adds `far` at one hop.
    compared = await interview_value.interview_values(graph, "e0000", ["initrode", "elsewhere"], on=TODAY)
    assert compared is not None
    assert compared["before"] == {"people": STAFF, "within1": STAFF - 1, "openRoles": OPEN_ROLES, "companies": 2}
    assert [(value["newPeople"], value["newWithin1"], value["newOpportunities"]) for value in compared["values"]] == [
        (0, 0, 0),
        (0, 1, 0),
    ]
