"""The ranking rules of the opportunity score, each on a small graph built for it."""

from __future__ import annotations

from datetime import date

from neo4j import Driver

from api.graph import Graph, network
from tests.network.conftest import pairs
from tests.network.world import Interview, Position, Role, World, load

TODAY = date(2025, 6, 1)


def _role(
    role_id: str,
    *,
    company: str = "acme",
    posted: date = date(2025, 1, 1),
    hiring_manager: str | None = None,
    recruiters: tuple[str, ...] = (),
) -> Role:
    return Role(
        id=role_id,
        company=company,
        title="Staff SRE",
        status="OPEN",
        posted_on=posted,
        remote=False,
        hiring_manager=hiring_manager,
        recruiters=recruiters,
    )


def _employee(person: str, company: str = "acme") -> Position:
    return Position(person, company, "Engineer", date(2020, 1, 1), None)


async def _ranking(graph: Graph, me: str = "me") -> list[tuple[str, str]]:
    got = await network.opportunities(graph, me, max_hops=3, limit=100, on=TODAY)
    return pairs(got["page"])


async def test_a_nearer_contact_outranks_a_farther_one_even_when_met_longer_ago(db: Driver, graph: Graph) -> None:
    load(
        db,
        World(
            people=["me", "near", "bridge", "far"],
            companies=["acme"],
            positions=[_employee("near"), _employee("far")],
            knows=[("me", "near", date(2010, 1, 1)), ("me", "bridge", date(2025, 5, 30)), ("bridge", "far", None)],
            roles=[_role("r1")],
        ),
    )
    assert await _ranking(graph) == [("r1", "near"), ("r1", "far")]


async def test_hiring_manager_and_recruiter_outrank_a_plain_employee_at_equal_hops(db: Driver, graph: Graph) -> None:
    load(
        db,
        World(
            people=["me", "employee", "manager", "recruiter"],
            companies=["acme"],
            positions=[_employee("employee")],
            # The plain employee is the freshest encounter: the tie to the role still wins.
            knows=[
                ("me", "employee", date(2025, 5, 1)),
                ("me", "manager", date(2016, 1, 1)),
                ("me", "recruiter", date(2016, 1, 1)),
            ],
            roles=[_role("r1", hiring_manager="manager", recruiters=("recruiter",))],
        ),
    )
    assert await _ranking(graph) == [("r1", "manager"), ("r1", "recruiter"), ("r1", "employee")]


async def test_recent_encounters_count_more_than_old_ones(db: Driver, graph: Graph) -> None:
    load(
        db,
        World(
            people=["me", "old", "recent", "b1", "b2", "far_via_fresh", "far_via_stale"],
            companies=["acme"],
            positions=[_employee(p) for p in ("old", "recent", "far_via_fresh", "far_via_stale")],
            knows=[
                ("me", "old", date(2014, 3, 1)),
                ("recent", "me", date(2024, 11, 2)),
                # Two hops away, the freshness of the first step decides.
                ("me", "b1", date(2013, 1, 1)),
                ("b1", "far_via_stale", date(2013, 1, 1)),
                ("me", "b2", date(2025, 1, 1)),
                ("b2", "far_via_fresh", date(2013, 1, 1)),
            ],
            roles=[_role("r1")],
        ),
    )
    assert await _ranking(graph) == [("r1", "recent"), ("r1", "old"), ("r1", "far_via_fresh"), ("r1", "far_via_stale")]


async def test_a_role_posted_after_you_last_met_the_contact_is_a_future_prospect(db: Driver, graph: Graph) -> None:
    load(
        db,
        World(
            people=["me", "ana"],
            companies=["globex"],
            positions=[_employee("ana", "globex")],
            roles=[_role("before", company="globex", posted=date(2024, 1, 5)), _role("after", company="globex")],
            interviews=[Interview("i1", date(2024, 5, 17), "globex", None, "me", ("ana",))],
        ),
    )
    got = await network.opportunities(graph, "me", max_hops=1, limit=10, on=TODAY)
    assert {row["roleId"]: row["futureProspect"] for row in got["page"]} == {"after": True, "before": False}
    assert {row["met"] for row in got["page"]} == {date(2024, 5, 17)}


async def test_equal_scores_are_ordered_by_role_then_contact_id(db: Driver, graph: Graph) -> None:
    load(
        db,
        World(
            people=["me", "b", "a"],
            companies=["acme"],
            positions=[_employee("a"), _employee("b")],
            knows=[("me", "a", date(2024, 1, 1)), ("me", "b", date(2024, 1, 1))],
            roles=[_role("r2"), _role("r1")],
        ),
    )
    expected = [("r1", "a"), ("r1", "b"), ("r2", "a"), ("r2", "b")]
    assert await _ranking(graph) == expected
    pages = [await network.opportunities(graph, "me", max_hops=3, skip=skip, limit=3, on=TODAY) for skip in (0, 3)]
    assert [page["total"] for page in pages] == [4, 4]
    assert [pair for page in pages for pair in pairs(page["page"])] == expected


async def test_scores_follow_the_documented_formula(db: Driver, graph: Graph) -> None:
    load(
        db,
        World(
            people=["me", "manager"],
            companies=["acme"],
            knows=[("me", "manager", date(2024, 6, 1))],
            roles=[_role("r1", hiring_manager="manager")],
        ),
    )
    got = await network.opportunities(graph, "me", max_hops=1, limit=10, on=TODAY)
    # 10 x (5 - 1 hop) + 3 for the hiring manager + 1 / (1 + 365 days / 365).
    assert [row["score"] for row in got["page"]] == [40 + 3 + 0.5]
