"""The reference answers, computed in plain Python with networkx straight from a `World`.

Written from docs/network.md and the design notes alone; it must never import api.graph.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from itertools import combinations

import networkx as nx

from tests.network.world import Position, World

ALL_KINDS = frozenset({"KNOWS", "MET_AT_INTERVIEW", "WORKED_TOGETHER"})


@dataclass(frozen=True)
class Link:
    kind: str
    on: date | None


def _overlap_end(p: Position, q: Position, today: date) -> date | None:
    """The last day both positions were held, or None when they never overlapped."""
    if p.started_on is None or q.started_on is None:
        return None
    p_end, q_end = p.ended_on or today, q.ended_on or today
    if p.started_on > p_end or q.started_on > q_end:
        return None
    if p.started_on <= q_end and q.started_on <= p_end:
        return min(p_end, q_end)
    return None


class Oracle:
    """Links, hops and contacts of one world, as of `today`, following only `kinds`."""

    def __init__(self, world: World, today: date, kinds: frozenset[str] = ALL_KINDS) -> None:
        self.world = world
        self.today = today
        self.links: dict[frozenset[str], list[Link]] = defaultdict(list)
        if "KNOWS" in kinds:
            for a, b, since in world.knows:
                self._add(a, b, Link("KNOWS", since))
        if "MET_AT_INTERVIEW" in kinds:
            for interview in world.interviews:
                for a, b in combinations({interview.candidate, *interview.interviewers}, 2):
                    self._add(a, b, Link("MET_AT_INTERVIEW", interview.on))
        if "WORKED_TOGETHER" in kinds:
            for p, q in combinations(world.positions, 2):
                end = _overlap_end(p, q, today)
                if p.company == q.company and end is not None:
                    self._add(p.person, q.person, Link("WORKED_TOGETHER", end))
        self.graph = nx.Graph()
        self.graph.add_nodes_from(world.people)
        self.graph.add_edges_from(tuple(pair) for pair in self.links)

    def _add(self, a: str, b: str, link: Link) -> None:
        if a != b:
            self.links[frozenset((a, b))].append(link)

    def hops_from(self, person: str, cutoff: int) -> dict[str, int]:
        lengths: dict[str, int] = nx.single_source_shortest_path_length(self.graph, person, cutoff=cutoff)
        return {other: hops for other, hops in lengths.items() if other != person}

    def degree(self, a: str, b: str) -> int | None:
        if a == b:
            return 0
        return self.hops_from(a, 6).get(b)

    def shortest_path_count(self, a: str, b: str) -> int:
        return sum(1 for _ in nx.all_shortest_paths(self.graph, a, b))

    def best_link(self, a: str, b: str) -> Link | None:
        """The link a path step between a and b shows: the latest, undated last, then by kind."""
        links = self.links.get(frozenset((a, b)), [])
        return min(
            links, key=lambda link: (link.on is None, -(link.on or date.min).toordinal(), link.kind), default=None
        )

    def last_met(self, a: str, b: str) -> date | None:
        dated = [link.on for link in self.links.get(frozenset((a, b)), []) if link.on is not None]
        return max(dated, default=None)

    def freshest_bridge(self, person: str, contact: str, hops: int) -> date | None:
        """The latest direct encounter with a first step of any shortest path to `contact`."""
        if hops == 1:
            return self.last_met(person, contact)
        back = nx.single_source_shortest_path_length(self.graph, contact, cutoff=hops - 1)
        bridges = [n for n in self.graph.neighbors(person) if back.get(n) == hops - 1]
        dates = [d for d in (self.last_met(person, n) for n in bridges) if d is not None]
        return max(dates, default=None)

    def contacts(self) -> dict[str, set[tuple[str, str]]]:
        """Per person: the (open role, tie) pairs they are a contact for."""
        found: dict[str, set[tuple[str, str]]] = defaultdict(set)
        current: dict[str, set[str]] = defaultdict(set)
        for p in self.world.positions:
            if p.ended_on is None:
                current[p.company].add(p.person)
        for role in self.world.roles:
            if role.status != "OPEN":
                continue
            for person in current[role.company]:
                found[person].add((role.id, "EMPLOYEE"))
            if role.hiring_manager is not None:
                found[role.hiring_manager].add((role.id, "HIRING_MANAGER"))
            for person in role.recruiters:
                found[person].add((role.id, "RECRUITER"))
        return found

    def opportunities(self, person: str, max_hops: int) -> dict[tuple[str, str], int]:
        """{(role, contact): hops} for every open role's contact within max_hops."""
        contacts = self.contacts()
        return {
            (role, contact): hops
            for contact, hops in self.hops_from(person, max_hops).items()
            for role, _tie in contacts.get(contact, set())
        }

    def mutual_connections(self, a: str, b: str) -> set[str]:
        knows: dict[str, set[str]] = defaultdict(set)
        for x, y, _since in self.world.knows:
            if x != y:
                knows[x].add(y)
                knows[y].add(x)
        return (knows[a] & knows[b]) - {a, b}
