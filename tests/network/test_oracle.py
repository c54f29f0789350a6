"""The network queries give exactly the oracle's answers on many random worlds of every shape, for several viewers.

Each world has random sharing flags and unconfirmed interviewers (generators._share), and every
answer is checked as the person themself, another person and an admin see it.
"""

from __future__ import annotations

import random
from collections.abc import Mapping

import pytest
from neo4j import Driver

from api.graph import Graph, network
from api.graph.links import StepRow, Viewpoint
from tests.network.conftest import loaded, ranked
from tests.network.generators import CASES, TODAY
from tests.network.oracle import Oracle, Viewer
from tests.network.world import World


def viewers(world: World, me: str, rng: random.Random) -> list[Viewer]:
    """The person themself, someone else, and an admin who is nobody in the world."""
    other = rng.choice([person for person in world.people if person != me])
    return [Viewer(me), Viewer(other), Viewer(None, admin=True)]


def viewpoint(viewer: Viewer) -> Viewpoint:
    return Viewpoint(viewer.person, admin=viewer.admin)


def assert_valid_path(oracle: Oracle, steps: list[StepRow], start: str, end: str, hops: int) -> None:
    """A shortest chain of links from start to end in the oracle's network, each step showing its best link
    (a hypothetical interview's, when the oracle's network has one: Oracle.meeting)."""
    assert len(steps) == hops
    chain = chain_of(steps)
    assert (chain[0], chain[-1]) == (start, end)
    assert len(set(chain)) == len(chain)
    for before, step in zip(chain[:-1], steps, strict=True):
        assert step["fromId"] == before
        best = oracle.best_link(step["fromId"], step["toId"])
        assert best is not None, f"{step['fromId']} and {step['toId']} are not linked"
        assert (step["kind"], step["on"], bool(step.get("hypothetical"))) == (best.kind, best.on, best.hypothetical)


def chain_of(steps: list[StepRow]) -> tuple[str, ...]:
    return (steps[0]["fromId"], *(step["toId"] for step in steps))


@pytest.mark.parametrize(("shape", "seed"), CASES)
async def test_network_answers_match_the_oracle(shape: str, seed: int, db: Driver, graph: Graph) -> None:
    world, rng = loaded(db, shape, seed)
    people = rng.sample(world.people, 2)

    for me in people:
        for viewer in viewers(world, me, rng):
            await _check_network_of(me, viewer, world, graph, rng)


async def _check_network_of(me: str, viewer: Viewer, world: World, graph: Graph, rng: random.Random) -> None:
    oracle = Oracle(world, TODAY, viewer=viewer)
    seen = viewpoint(viewer)
    for max_hops in (1, 2, 3):
        got = await network.opportunities(graph, me, max_hops=max_hops, limit=100_000, on=TODAY, viewer=seen)
        pairs = {(row["roleId"], row["contactId"]): row["hops"] for row in got["page"]}
        assert pairs == oracle.opportunities(me, max_hops), (me, viewer, max_hops)
        assert got["total"] == len(got["page"])
        for row in got["page"]:
            contact = row["contactId"]
            assert row["met"] == oracle.freshest_bridge(me, contact, row["hops"])
            chains = [chain_of(steps) for steps in row["paths"]]
            assert len(set(chains)) == len(chains) == min(3, oracle.shortest_path_count(me, contact))
            for steps in row["paths"]:
                assert_valid_path(oracle, steps, me, contact, row["hops"])

    for other in rng.sample([p for p in world.people if p != me], 3):
        hops = oracle.degree(me, other)
        assert await network.degree(graph, me, other, on=TODAY, viewer=seen) == hops
        found = await network.paths_to(graph, me, other, max_hops=6, first=5, on=TODAY, viewer=seen)
        assert found["person"] is not None
        assert found["person"]["id"] == me
        paths = found["paths"]
        if hops is None:
            assert paths == []
            continue
        assert len({chain_of(path["steps"]) for path in paths}) == len(paths)
        assert len(paths) == min(5, oracle.shortest_path_count(me, other))
        for path in paths:
            assert path["hops"] == hops
            assert_valid_path(oracle, path["steps"], me, other, hops)
        if hops > 1:
            nearer = await network.paths_to(graph, me, other, max_hops=hops - 1, first=5, on=TODAY, viewer=seen)
            assert nearer["paths"] == []

        mutual = await network.mutual_connections(graph, me, other, skip=0, limit=100)
        assert {person["id"] for person in mutual["page"]} == oracle.mutual_connections(me, other)
        assert mutual["total"] == len(mutual["page"])


@pytest.mark.parametrize(("shape", "seed"), CASES)
async def test_every_page_of_opportunities_is_its_slice_of_the_ranking(
    shape: str, seed: int, db: Driver, graph: Graph
) -> None:
    # The statement makes only the pairs that can reach the page asked for (docs/network.md): every
    # page, wherever it starts, must be exactly that slice of the whole ranking, scores included.
    world, rng = loaded(db, shape, seed)
    me = rng.choice(world.people)
    for viewer in viewers(world, me, rng):
        oracle = Oracle(world, TODAY, viewer=viewer)
        for max_hops in (2, 3):
            ranking = oracle.ranking(me, max_hops)
            windows = {(0, 1), (0, 5), (2, 3), (len(ranking) // 2, 7), (max(0, len(ranking) - 2), 5), (len(ranking), 3)}
            for skip, limit in sorted(windows):
                got = await network.opportunities(
                    graph, me, max_hops=max_hops, skip=skip, limit=limit, on=TODAY, viewer=viewpoint(viewer)
                )
                assert got["total"] == len(ranking)
                assert ranked(got["page"]) == ranking[skip : skip + limit], (viewer, max_hops, skip, limit)
                # From the end (`last`, `after`): the last `limit` pairs that are not before `skip`.
                got = await network.opportunities(
                    graph,
                    me,
                    max_hops=max_hops,
                    skip=skip,
                    limit=limit,
                    from_end=True,
                    on=TODAY,
                    viewer=viewpoint(viewer),
                )
                assert got["total"] == len(ranking)
                assert ranked(got["page"]) == ranking[skip:][-limit:], (viewer, max_hops, skip, limit, "from the end")


@pytest.mark.parametrize(("shape", "seed"), [case for case in CASES if case[1] < 2])
async def test_kinds_filter_follows_only_those_links(shape: str, seed: int, db: Driver, graph: Graph) -> None:
    world, rng = loaded(db, shape, seed)
    me = rng.choice(world.people)
    for viewer in viewers(world, me, rng):
        for kinds in (["KNOWS"], ["MET_AT_INTERVIEW", "WORKED_TOGETHER"]):
            oracle = Oracle(world, TODAY, frozenset(kinds), viewer=viewer)
            got = await network.opportunities(
                graph, me, max_hops=3, limit=100_000, kinds=kinds, on=TODAY, viewer=viewpoint(viewer)
            )
            pairs = {(row["roleId"], row["contactId"]): row["hops"] for row in got["page"]}
            assert pairs == oracle.opportunities(me, 3), (viewer, kinds)
            for row in got["page"]:
                assert {step["kind"] for steps in row["paths"] for step in steps} <= set(kinds)
            for other in rng.sample([p for p in world.people if p != me], 3):
                hops = oracle.degree(me, other)
                seen = viewpoint(viewer)
                assert await network.degree(graph, me, other, kinds=kinds, on=TODAY, viewer=seen) == hops
                found = await network.paths_to(
                    graph, me, other, max_hops=6, first=5, kinds=kinds, on=TODAY, viewer=seen
                )
                if hops is None:
                    assert found["paths"] == []
                    continue
                assert len(found["paths"]) == min(5, oracle.shortest_path_count(me, other))
                for path in found["paths"]:
                    assert path["hops"] == hops
                    assert_valid_path(oracle, path["steps"], me, other, hops)
                    assert {step["kind"] for step in path["steps"]} <= set(kinds)


@pytest.mark.parametrize(("shape", "seed"), [case for case in CASES if case[1] < 2])
async def test_encounters_suggestions_and_interview_stats(shape: str, seed: int, db: Driver, graph: Graph) -> None:
    world, rng = loaded(db, shape, seed)
    # The best-linked person (as an admin sees it), whose answers have the most to get wrong, and one at random.
    everything = Oracle(world, TODAY, viewer=Viewer(None, admin=True))
    for me in (max(world.people, key=everything.graph.degree), rng.choice(world.people)):
        for viewer in viewers(world, me, rng):
            oracle, seen = Oracle(world, TODAY, viewer=viewer), viewpoint(viewer)

            got = await network.encounters(graph, me, skip=0, limit=100_000, on=TODAY, viewer=seen)
            assert {(row["person"]["id"], row["kind"], row["on"]) for row in got["page"]} == oracle.encounters(me)
            assert got["total"] == len(got["page"])
            dates = [row["on"] for row in got["page"] if row["on"] is not None]
            assert dates == sorted(dates, reverse=True)

            suggested = await network.suggestions(graph, me, limit=100_000, on=TODAY, viewer=seen)
            expected = oracle.suggestions(me)
            assert [(row["person"]["id"], row["score"]) for row in suggested] == [(s.person, s.score) for s in expected]
            for row, suggestion in zip(suggested, expected, strict=True):
                assert row["mutualCount"] == len(suggestion.mutuals)
                assert {mutual["id"] for mutual in row["mutuals"]} <= suggestion.mutuals
                assert len(row["mutuals"]) == min(3, len(suggestion.mutuals))
                assert set(row["sharedEmployers"]) == suggestion.employers
                assert set(row["sharedInterviews"]) == suggestion.interviews

            stats: Mapping[str, object] | None = await network.interview_stats(graph, me, viewer=seen)
            assert stats is not None
            assert {key: stats[key] for key in oracle.interview_stats(me)} == oracle.interview_stats(me), viewer
