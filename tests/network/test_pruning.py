"""Pages at the edges of opportunities' pruning give the oracle's slice of the ranking, and its total.

The statement ranks only the levels (hops) a page takes pairs from: once the nearer levels hold
`skip + first` pairs, farther levels are found as people only and counted, never ranked
(docs/network.md, "Ranking without listing every pair"). So the pages that matter are those ending
exactly where a level ends, straddling two levels, and starting where the next one starts; and the
total must count the farther levels as the ranking would, filters included.
"""

from __future__ import annotations

import pytest
from neo4j import Driver

from api.graph import Graph, network
from tests.network.conftest import loaded, ranked
from tests.network.generators import CASES, TODAY
from tests.network.oracle import Oracle, Viewer
from tests.network.world import World

MAX_HOPS = 3


def _level_ends(oracle: Oracle, me: str) -> list[int]:
    """Where each level's pairs end in the ranking: the number of pairs within 1, 2, ... MAX_HOPS hops."""
    hops = oracle.opportunities(me, MAX_HOPS)
    return [sum(1 for found in hops.values() if found <= level) for level in range(1, MAX_HOPS + 1)]


@pytest.mark.parametrize(("shape", "seed"), [case for case in CASES if case[1] < 2])
async def test_pages_at_the_level_boundaries_are_slices_of_the_ranking(
    shape: str, seed: int, db: Driver, graph: Graph
) -> None:
    world, rng = loaded(db, shape, seed)
    for me in rng.sample(world.people, 3):
        oracle = Oracle(world, TODAY, viewer=Viewer(me))
        ranking = oracle.ranking(me, MAX_HOPS)
        windows = {
            (max(0, end + shift), size)
            for end in _level_ends(oracle, me)
            for shift, size in ((-2, 2), (-1, 2), (0, 2), (-1, 1), (0, 1))
        }
        for skip, limit in sorted(windows):
            got = await network.opportunities(graph, me, max_hops=MAX_HOPS, skip=skip, limit=limit, on=TODAY)
            assert got["total"] == len(ranking), (me, skip, limit)
            assert ranked(got["page"]) == ranking[skip : skip + limit], (me, skip, limit)


def _wanted(world: World, role_id: str, *, company: str | None, title: str | None, remote: bool | None) -> bool:
    """Whether the role passes the opportunities filter (company, title text case-insensitively, remote)."""
    role = next(role for role in world.roles if role.id == role_id)
    return (
        (company is None or role.company == company)
        and (title is None or title.lower() in role.title.lower())
        and (remote is None or role.remote == remote)
    )


@pytest.mark.parametrize(("shape", "seed"), [case for case in CASES if case[1] < 2])
async def test_filtered_opportunities_count_and_page_as_the_filtered_ranking(
    shape: str, seed: int, db: Driver, graph: Graph
) -> None:
    # The total is counted level by level, apart from the ranking: filters must narrow both alike.
    world, rng = loaded(db, shape, seed)
    me = rng.choice(world.people)
    oracle = Oracle(world, TODAY, viewer=Viewer(me))
    ranking = oracle.ranking(me, MAX_HOPS)
    company = rng.choice(world.companies)
    filters: list[tuple[str | None, str | None, bool | None]] = [
        (company, None, None),
        (None, "sre", None),
        (None, None, True),
        (None, "Data", False),
    ]
    for company_id, title, remote in filters:
        expected = [pair for pair in ranking if _wanted(world, pair[0], company=company_id, title=title, remote=remote)]
        for skip, limit in ((0, 2), (len(expected) // 2, 3)):
            got = await network.opportunities(
                graph,
                me,
                max_hops=MAX_HOPS,
                skip=skip,
                limit=limit,
                company_id=company_id,
                title_contains=title,
                remote=remote,
                on=TODAY,
            )
            assert got["total"] == len(expected), (company_id, title, remote)
            assert ranked(got["page"]) == expected[skip : skip + limit], (company_id, title, remote, skip, limit)
