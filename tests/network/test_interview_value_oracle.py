"""interviewValue gives exactly the oracle's answers on many random worlds, for several viewers.

The oracle adds the hypothetical interview to its own networkx graph (Oracle.meeting) and recomputes
everything from scratch; the worlds have random sharing flags and unconfirmed interviewers.
"""

from __future__ import annotations

import random

import pytest
from neo4j import Driver

from api.graph import Graph, interview_value
from api.graph.interview_value import CompanyValue, ReachRow
from api.graph.links import StepRow
from tests.network.generators import CASES, TODAY, random_world
from tests.network.oracle import InterviewValue, Oracle, Viewer
from tests.network.test_oracle import chain_of, viewers, viewpoint
from tests.network.world import World, load

EVERYTHING = [(0, 100_000)]


def assert_valid_path(later: Oracle, steps: list[StepRow], start: str, end: str, hops: int) -> None:
    """A shortest chain of links in the network after the interview, each step showing its best link."""
    assert len(steps) == hops
    chain = chain_of(steps)
    assert (chain[0], chain[-1]) == (start, end)
    assert len(set(chain)) == len(chain)
    for before, step in zip(chain[:-1], steps, strict=True):
        assert step["fromId"] == before
        best = later.best_link(step["fromId"], step["toId"])
        assert best is not None, f"{step['fromId']} and {step['toId']} are not linked"
        assert (step["kind"], step["on"], bool(step.get("hypothetical"))) == (best.kind, best.on, best.hypothetical)


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
    page = [entry["row"] for entry in sorted(got["page"], key=lambda entry: entry["at"])]
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


async def _check_values_of(me: str, viewer: Viewer, world: World, graph: Graph, rng: random.Random) -> None:
    oracle = Oracle(world, TODAY, viewer=viewer)
    max_hops = rng.choice((1, 2, 3))
    # Every company of the world at once (at most 6), as interviewValues compares them.
    got = await interview_value.interview_values(
        graph,
        me,
        world.companies,
        max_hops=max_hops,
        windows=EVERYTHING,
        new_companies=100,
        on=TODAY,
        viewer=viewpoint(viewer),
    )
    assert got is not None
    assert got["valid"]
    now = oracle.hops_from(me, max_hops)
    for company, value in zip(world.companies, got["values"], strict=True):
        expected = oracle.interview_value(me, company, max_hops)
        assert_same_value(value, got["before"], expected, me)
        watched = {entry["id"]: entry["hops"] for entry in value["watched"]}
        assert watched == {member.person: now.get(member.person) for member in expected.panel}, viewer

    # Windows from the end (`last`, `after`): the last 2 positions from 1 on, beside the first position.
    got = await interview_value.interview_values(
        graph,
        me,
        world.companies,
        max_hops=max_hops,
        windows=[(1, 2, True), (0, 1)],
        on=TODAY,
        viewer=viewpoint(viewer),
    )
    assert got is not None
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
    got = await interview_value.interview_values(
        graph,
        me,
        [role.company],
        role_id=role.id,
        max_hops=max_hops,
        windows=EVERYTHING,
        new_companies=100,
        on=TODAY,
        viewer=viewpoint(viewer),
    )
    assert got is not None
    assert got["role"] is not None
    assert got["role"]["id"] == role.id
    expected = oracle.interview_value(me, role.company, max_hops, role)
    assert_same_value(got["values"][0], got["before"], expected, me)
