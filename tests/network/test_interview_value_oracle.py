"""interviewValue gives exactly the oracle's answers on many random worlds, for several viewers.

The oracle adds the hypothetical interview to its own networkx graph (Oracle.meeting) and recomputes
everything from scratch; the worlds have random sharing flags and unconfirmed interviewers.
The statement's search from the panel skips the people who were as near before: the deep cases at the
end check worlds where that leaves newcomers to find, within 3 and 4 hops.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

import networkx as nx
import pytest
from neo4j import Driver

from api.graph import Graph, interview_value
from api.graph.interview_value import CompanyValue, InterviewValues, ReachRow
from tests.network.conftest import in_order
from tests.network.generators import CASES, TODAY, random_world
from tests.network.oracle import InterviewValue, Oracle, Viewer
from tests.network.test_oracle import assert_valid_path, chain_of, viewers, viewpoint
from tests.network.world import World, load

EVERYTHING = [(0, 100_000)]


def assert_same_value(got: CompanyValue, before: ReachRow | None, expected: InterviewValue, me: str) -> None:
    """One company's value as the query gives it, against the oracle's."""
    assert got["company"]["id"] == expected.company
    assert [
        (m["id"], m["hiringManager"], m["recruiter"], m["panels"], m["worksThere"], m["since"]) for m in got["panel"]
    ] == [(m.person, m.hiring_manager, m.recruiter, m.panels, m.works_there, m.since) for m in expected.panel]
    for reach, answer in ((expected.before, before), (expected.after, got["after"])):
        assert answer == {
            "people": len(reach.people),
            "within1": len(reach.within1),
            "openRoles": len(reach.roles),
            "companies": len(reach.companies),
        }
    assert got["newOpportunities"] == len(expected.new_opportunities)
    page = in_order(got)
    assert [(row["roleId"], row["contactId"], row["hops"]) for row in page] == [
        (new.role, new.contact, new.hops) for new in expected.new_opportunities
    ]
    later = expected.later
    for row, new in zip(page, expected.new_opportunities, strict=True):
        assert row["score"] == new.score  # summed in the same order: equal pairs rank by title, not by rounding
        assert set(row["ties"]) == {tie for role, tie in later.contacts()[new.contact] if role == new.role}
        assert row["met"] == later.freshest_bridge(me, new.contact, new.hops)
        chains = [chain_of(steps) for steps in row["paths"]]
        assert len(set(chains)) == len(chains) == min(3, later.shortest_path_count(me, new.contact))
        for steps in row["paths"]:
            assert_valid_path(later, steps, me, new.contact, new.hops)
    assert [company["id"] for company in got["newCompanies"]] == expected.new_companies


@pytest.mark.parametrize(("shape", "seed"), CASES)
async def test_interview_values_match_the_oracle(shape: str, seed: int, db: Driver, graph: Graph) -> None:
    world = random_world(shape, seed)
    load(db, world)
    rng = random.Random(f"interview value {seed}")  # noqa: S311 - reproducible test data, not secrets
    for me in rng.sample(world.people, 2):
        for viewer in viewers(world, me, rng):
            await _check_values_of(me, viewer, world, graph, rng)


async def values_of(
    graph: Graph,
    me: str,
    viewer: Viewer,
    companies: list[str],
    *,
    max_hops: int,
    role_id: str | None = None,
    windows: Sequence[tuple[int, int] | tuple[int, int, bool]] = EVERYTHING,
) -> InterviewValues:
    """The statement's values of an interview at each company for `me`, as `viewer` sees them on the worlds'
    TODAY: every new opportunity (unless `windows` says which) and every new company."""
    got = await interview_value.interview_values(
        graph,
        me,
        companies,
        role_id=role_id,
        max_hops=max_hops,
        windows=windows,
        new_companies=100,
        on=TODAY,
        viewer=viewpoint(viewer),
    )
    assert got is not None
    return got


async def assert_every_company_matches(
    graph: Graph, world: World, me: str, viewer: Viewer, oracle: Oracle, *, max_hops: int
) -> list[InterviewValue]:
    """Every company of the world at once (at most 6), as interviewValues compares them, against the
    oracle's values (returned), the panel's hops included."""
    got = await values_of(graph, me, viewer, world.companies, max_hops=max_hops)
    assert got["valid"]
    now = oracle.hops_from(me, max_hops)
    values = []
    for company, value in zip(world.companies, got["values"], strict=True):
        expected = oracle.interview_value(me, company, max_hops)
        assert_same_value(value, got["before"], expected, me)
        watched = {entry["id"]: entry["hops"] for entry in value["watched"]}
        assert watched == {member.person: now.get(member.person) for member in expected.panel}, viewer
        values.append(expected)
    return values


async def _check_values_of(me: str, viewer: Viewer, world: World, graph: Graph, rng: random.Random) -> None:
    oracle = Oracle(world, TODAY, viewer=viewer)
    max_hops = rng.choice((1, 2, 3))
    await assert_every_company_matches(graph, world, me, viewer, oracle, max_hops=max_hops)

    # Windows from the end (`last`, `after`): the last 2 positions from 1 on, beside the first position.
    got = await values_of(graph, me, viewer, world.companies, max_hops=max_hops, windows=[(1, 2, True), (0, 1)])
    for company, value in zip(world.companies, got["values"], strict=True):
        new = oracle.interview_value(me, company, max_hops).new_opportunities
        positions = sorted({*range(max(1, len(new) - 2), len(new)), *range(min(1, len(new)))})
        page = sorted(value["page"], key=lambda entry: entry["at"])
        assert [entry["at"] for entry in page] == positions
        assert [(entry["row"]["roleId"], entry["row"]["contactId"]) for entry in page] == [
            (new[at].role, new[at].contact) for at in positions
        ]

    # For a role: its hiring manager and recruiters come first.
    role = rng.choice(world.roles)
    got = await values_of(graph, me, viewer, [role.company], role_id=role.id, max_hops=max_hops)
    assert got["role"] is not None
    assert got["role"]["id"] == role.id
    expected = oracle.interview_value(me, role.company, max_hops, role)
    assert_same_value(got["values"][0], got["before"], expected, me)


# Worlds where, within 3 or 4 hops, an interview brings strangers within reach while the panel's side
# of the search meets people who were as near before (which the statement does not expand).
DEEP_CASES = [
    *[("employer_and_strangers", seed) for seed in range(4)],
    ("long_chains", 1),
    ("long_chains", 3),
    ("sparse", 2),
    ("unknown_starts", 0),
]


def skipped_and_new(now: Oracle, later: Oracle, me: str, max_hops: int) -> tuple[int, int]:
    """On the panel's side of the network after the interview (paths from `me` that start with it): how many
    people short of maxHops were as near to `me` before (nobody new lies behind them), and how many are new."""
    before = now.hops_from(me, max_hops)
    met = [other for other in later.graph[me] if any(link.hypothetical for link in later.links[frozenset((me, other))])]
    if not met:
        return 0, 0
    side = later.graph.subgraph(person for person in later.graph if person != me)
    found = nx.multi_source_dijkstra_path_length(side, set(met), cutoff=max_hops - 1)
    hops = {person: h + 1 for person, h in found.items()}
    skipped = sum(1 for person, h in hops.items() if h < max_hops and before.get(person, max_hops + 1) <= h)
    return skipped, sum(1 for person in hops if person not in before)


@pytest.mark.parametrize(("shape", "seed"), DEEP_CASES)
async def test_deep_interview_values_match_the_oracle(shape: str, seed: int, db: Driver, graph: Graph) -> None:
    world = random_world(shape, seed)
    load(db, world)
    rng = random.Random(f"deep interview value {seed}")  # noqa: S311 - reproducible test data, not secrets
    staff = sorted({p.person for p in world.positions if p.company == "c0" and p.ended_on is None})
    outside = [person for person in world.people if person not in staff]
    exercised = 0
    # Someone working at c0 (their colleagues are a hop away already) and someone who does not, as the
    # API asks: for themself and for an admin; every company at once.
    for me in [rng.choice(group) for group in (staff, outside) if group]:
        for viewer in (Viewer(me), Viewer(None, admin=True)):
            now = Oracle(world, TODAY, viewer=viewer)
            for max_hops in (3, 4):
                for expected in await assert_every_company_matches(graph, world, me, viewer, now, max_hops=max_hops):
                    skipped, new = skipped_and_new(now, expected.later, me, max_hops)
                    exercised += skipped > 0 and new > 0
    assert exercised > 0, "no case here has both people to skip and newcomers to find"
