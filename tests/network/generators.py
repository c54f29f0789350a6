"""Seeded random worlds in several shapes, small enough to check exhaustively against the oracle."""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta

from tests.network.world import Interview, Position, Role, World

TODAY = date(2025, 6, 1)
_EPOCH = date(2012, 1, 1)


@dataclass(frozen=True)
class Shape:
    people: int
    companies: int
    knows: float  # extra KNOWS pairs, as a multiple of the number of people
    jobs: tuple[int, int]  # positions per person (min, max), held one after another
    unknown_start: float  # share of positions with no start date
    current: float  # share of people whose last position has no end date
    interviews: int
    panel: tuple[int, int]  # interviewers per interview
    roles: int
    open_share: float  # the rest are CLOSED or FILLED
    big_employer: float = 0.0  # share of positions at company c0
    chain: bool = False  # a long KNOWS chain through everyone


SHAPES: dict[str, Shape] = {
    "sparse": Shape(30, 6, 0.6, (0, 1), 0.1, 0.7, 4, (1, 1), 6, 0.7),
    "dense": Shape(18, 4, 4.0, (1, 2), 0.1, 0.7, 10, (1, 3), 6, 0.7),
    "big_employer": Shape(26, 5, 0.5, (1, 2), 0.1, 0.8, 4, (1, 2), 6, 0.7, big_employer=0.7),
    "long_chains": Shape(24, 5, 0.1, (0, 1), 0.1, 0.6, 2, (1, 1), 6, 0.8, chain=True),
    "job_changers": Shape(20, 6, 0.4, (2, 4), 0.05, 0.6, 4, (1, 2), 8, 0.7),
    "closed_roles": Shape(20, 5, 1.0, (1, 2), 0.1, 0.7, 5, (1, 2), 10, 0.3),
    "unknown_starts": Shape(20, 4, 0.5, (1, 3), 0.5, 0.7, 4, (1, 2), 6, 0.7),
    "panels": Shape(22, 5, 0.3, (0, 1), 0.1, 0.7, 10, (2, 4), 6, 0.7),
    # Nearly everyone works at c0 now, at overlapping dates: a contact for each of its open roles, and
    # many contacts equally close (the statement's classes of equal closeness).
    "dense_employer": Shape(36, 2, 0.3, (1, 2), 0.05, 0.95, 4, (1, 2), 10, 0.8, big_employer=0.9),
}

# Shapes for one test only, not in CASES.
DEEP_SHAPES: dict[str, Shape] = {
    # Half of everyone works at c0 now, few people know anyone elsewhere: within 3 or 4 hops of c0's staff
    # there are still strangers, whom an interview at another company brings within reach.
    "employer_and_strangers": Shape(40, 6, 0.25, (1, 1), 0.05, 0.95, 4, (1, 2), 12, 0.8, big_employer=0.5),
}


def _day(rng: random.Random, start: date = _EPOCH, end: date = TODAY) -> date:
    return start + timedelta(days=rng.randrange(max(1, (end - start).days)))


def _positions(rng: random.Random, shape: Shape, person: str, companies: list[str]) -> list[Position]:
    positions = []
    cursor = _day(rng, _EPOCH, date(2020, 1, 1))
    count = rng.randint(*shape.jobs)
    for index in range(count):
        big = shape.big_employer and rng.random() < shape.big_employer
        company = companies[0] if big else rng.choice(companies)
        started = cursor
        last = index == count - 1
        ended = None if last and rng.random() < shape.current else _day(rng, started, TODAY)
        known = rng.random() >= shape.unknown_start
        positions.append(
            Position(person, company, rng.choice(["Engineer", "SRE", "PM"]), started if known else None, ended)
        )
        cursor = (ended or TODAY) + timedelta(days=rng.randrange(0, 40))
        if cursor >= TODAY:
            break
    return positions


def random_world(shape_name: str, seed: int) -> World:
    """A world of the named shape; the same (shape, seed) always gives the same world."""
    shape = SHAPES.get(shape_name) or DEEP_SHAPES[shape_name]
    rng = random.Random(f"{shape_name}:{seed}")  # noqa: S311 - reproducible test data, not secrets
    world = World(people=[f"p{i}" for i in range(shape.people)], companies=[f"c{i}" for i in range(shape.companies)])
    people = world.people
    pairs: set[frozenset[str]] = set()
    if shape.chain:
        pairs.update(frozenset((people[i], people[i + 1])) for i in range(len(people) - 1))
    for _ in range(int(shape.knows * shape.people)):
        pairs.add(frozenset(rng.sample(people, 2)))
    for pair in sorted(pairs, key=sorted):
        a, b = sorted(pair)
        if rng.random() < 0.5:
            a, b = b, a  # KNOWS counts in either direction
        world.knows.append((a, b, _day(rng) if rng.random() < 0.8 else None))
    for person in people:
        world.positions.extend(_positions(rng, shape, person, world.companies))
    for index in range(shape.roles):
        status = "OPEN" if rng.random() < shape.open_share else rng.choice(["CLOSED", "FILLED"])
        world.roles.append(
            Role(
                id=f"r{index}",
                company=rng.choice(world.companies),
                title=rng.choice(["Staff SRE", "Backend Engineer", "Data PM"]),
                status=status,
                posted_on=_day(rng, date(2023, 1, 1)),
                remote=rng.random() < 0.5,
                hiring_manager=rng.choice(people) if rng.random() < 0.6 else None,
                recruiters=tuple(rng.sample(people, rng.randint(0, 2))),
            )
        )
    for index in range(shape.interviews):
        crowd = rng.sample(people, 1 + rng.randint(*shape.panel))
        role = rng.choice(world.roles) if rng.random() < 0.7 else None
        world.interviews.append(
            Interview(
                id=f"i{index}",
                on=_day(rng, date(2018, 1, 1)),
                company=role.company if role else rng.choice(world.companies),
                role=role.id if role else None,
                candidate=crowd[0],
                interviewers=tuple(crowd[1:]),
            )
        )
    _share(world, random.Random(f"{shape_name}:{seed}:sharing"))  # noqa: S311 - as above
    return world


def _share(world: World, rng: random.Random) -> None:
    """Who shares their encounters, and which interviewers have not confirmed their part yet.

    Flags are True, False or not written at all (which means "does not share" and "confirmed").
    From a random stream of its own, so the worlds are otherwise those of every earlier version.
    """
    sharing = rng.choice((0.2, 0.5, 0.8))
    for person in world.people:
        if rng.random() < sharing:
            world.shares[person] = True
        elif rng.random() < 0.5:
            world.shares[person] = False
    for at, interview in enumerate(world.interviews):
        confirmed = []
        for person in interview.interviewers:
            draw = rng.random()
            if draw < 0.3:
                confirmed.append((person, False))
            elif draw < 0.5:
                confirmed.append((person, True))
        world.interviews[at] = replace(interview, confirmed=tuple(confirmed))


CASES: list[tuple[str, int]] = [(shape, seed) for shape in SHAPES for seed in range(4)]
"""36 worlds: four seeds of every shape."""
