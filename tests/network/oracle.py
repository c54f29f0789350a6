"""The reference answers, computed in plain Python with networkx straight from a `World`, for one viewer.

Written from docs/network.md and the design notes alone; it must never import api.graph.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from itertools import combinations

import networkx as nx

from tests.network.world import Interview, Position, Role, World

ALL_KINDS = frozenset({"KNOWS", "MET_AT_INTERVIEW", "WORKED_TOGETHER"})
# The likely panel of an interview (docs/network.md, "What an interview is worth").
ROLE_CONTACTS = 5
EMPLOYEES = 5


@dataclass(frozen=True)
class Viewer:
    """Who asks: a person of the world (or None, an admin who is nobody there); admins see every interview."""

    person: str | None
    admin: bool = False


@dataclass(frozen=True)
class Suggestion:
    person: str
    score: float
    mutuals: frozenset[str]
    employers: frozenset[str]
    interviews: frozenset[str]


@dataclass(frozen=True)
class Link:
    kind: str
    on: date | None
    hypothetical: bool = False  # the interview being weighed (interview_value), not a real one


@dataclass(frozen=True)
class PanelMember:
    """Someone likely met at an interview: how they are tied to it, as the viewer may see it."""

    person: str
    hiring_manager: bool
    recruiter: bool
    panels: int  # the company's interviews they sat on as an interviewer, those the viewer sees
    works_there: bool
    since: date | None  # their earliest known start among their current positions there


@dataclass(frozen=True)
class Reach:
    people: frozenset[str]
    within1: frozenset[str]
    roles: frozenset[str]
    companies: frozenset[str]


@dataclass(frozen=True)
class NewOpportunity:
    role: str
    contact: str
    hops: int
    score: float


@dataclass(frozen=True)
class InterviewValue:
    company: str
    panel: list[PanelMember]
    before: Reach
    after: Reach
    new_opportunities: list[NewOpportunity]  # best first
    new_companies: list[str]  # by name
    later: Oracle  # the network had the person met the panel today


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
    """Links, hops and contacts of one world as `viewer` sees it, as of `today`, following only `kinds`."""

    def __init__(self, world: World, today: date, kinds: frozenset[str] = ALL_KINDS, *, viewer: Viewer) -> None:
        self.world = world
        self.today = today
        self.viewer = viewer
        self.links: dict[frozenset[str], list[Link]] = defaultdict(list)
        if "KNOWS" in kinds:
            for a, b, since in world.knows:
                self._add(a, b, Link("KNOWS", since))
        if "MET_AT_INTERVIEW" in kinds:
            for interview in world.interviews:
                for a, b in combinations(sorted({interview.candidate, *interview.interviewers}), 2):
                    if self.sees_meeting(interview, a, b):
                        self._add(a, b, Link("MET_AT_INTERVIEW", interview.on))
        if "WORKED_TOGETHER" in kinds:
            for p, q in combinations(world.positions, 2):
                end = _overlap_end(p, q, today)
                if p.company == q.company and end is not None:
                    self._add(p.person, q.person, Link("WORKED_TOGETHER", end))
        self.graph = nx.Graph()
        self.graph.add_nodes_from(world.people)
        self.graph.add_edges_from(tuple(pair) for pair in self.links)

    def _confirmed(self, interview: Interview, person: str) -> bool:
        return person == interview.candidate or person not in interview.unconfirmed

    def sees_meeting(self, interview: Interview, a: str, b: str) -> bool:
        """Whether a and b meeting at `interview` is a link for the viewer (design.md, encounter sharing).

        The viewer is one of them, or both share; and both took part for sure (confirmed), except
        that a candidate sees their own interviewers before those confirm. Admins see every one.
        """
        if self.viewer.admin:
            return True
        me = self.viewer.person
        sharers = self.world.sharers
        if me not in (a, b) and not (a in sharers and b in sharers):
            return False
        both_confirmed = self._confirmed(interview, a) and self._confirmed(interview, b)
        return both_confirmed or (me == interview.candidate and me in (a, b))

    def sees_part(self, interview: Interview, person: str) -> bool:
        """Whether the viewer sees that `person` took part in `interview` (totals, "both interviewed with")."""
        if self.viewer.admin:
            return True
        shown = person == self.viewer.person or person in self.world.sharers
        return shown and self._confirmed(interview, person)

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
            links,
            key=lambda link: (link.on is None, -(link.on or date.min).toordinal(), link.kind, link.hypothetical),
            default=None,
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

    def ranking(self, person: str, max_hops: int) -> list[tuple[str, str, float]]:
        """(role, contact, score) for every opportunity, best first; equal scores by role, then contact.

        score = 10 x (5 - hops) + tie + recency (docs/network.md), added up in that order.
        """
        ties: dict[tuple[str, str], set[str]] = defaultdict(set)
        for contact, found in self.contacts().items():
            for role, tie in found:
                ties[role, contact].add(tie)
        ranked = [
            (role, contact, self._score(hops, ties[role, contact], self.freshest_bridge(person, contact, hops)))
            for (role, contact), hops in self.opportunities(person, max_hops).items()
        ]
        return sorted(ranked, key=lambda entry: (-entry[2], entry[0], entry[1]))

    def _score(self, hops: int, ties: set[str], met: date | None) -> float:
        """10 x (5 - hops) + tie + recency (docs/network.md), added up in that order."""
        bonus = 3.0 if "HIRING_MANAGER" in ties else 2.0 if "RECRUITER" in ties else 0.0
        if met is None:
            recency = 0.0
        elif met >= self.today:
            recency = 1.0
        else:
            recency = 1.0 / (1.0 + (self.today - met).days / 365.0)
        return 10.0 * (5 - hops) + bonus + recency

    def mutual_connections(self, a: str, b: str) -> set[str]:
        knows: dict[str, set[str]] = defaultdict(set)
        for x, y, _since in self.world.knows:
            if x != y:
                knows[x].add(y)
                knows[y].add(x)
        return (knows[a] & knows[b]) - {a, b}

    def encounters(self, person: str) -> set[tuple[str, str, date | None]]:
        """(other, kind, on) for every link of `person`, one per link."""
        return {
            (other, link.kind, link.on)
            for pair, links in self.links.items()
            if person in pair
            for other in pair - {person}
            for link in links
        }

    def _name(self, key: str, label: str) -> str:
        return self.world.names.get(key, f"{label} {key}")

    def suggestions(self, person: str) -> list[Suggestion]:
        """People not linked to `person` yet, best first: mutual links count 1, shared employers and
        companies both interviewed with (by name) 0.5 each; equal scores by id."""
        linked = set(self.graph.neighbors(person))
        employers: dict[str, set[str]] = defaultdict(set)
        for position in self.world.positions:
            employers[position.person].add(self._name(position.company, "Company"))
        interviewed: dict[str, set[str]] = defaultdict(set)
        for interview in self.world.interviews:
            for someone in {interview.candidate, *interview.interviewers}:
                if self.sees_part(interview, someone):
                    interviewed[someone].add(self._name(interview.company, "Company"))
        found = []
        for other in self.world.people:
            if other == person or other in linked:
                continue
            mutuals = frozenset(linked & set(self.graph.neighbors(other)))
            shared_employers = frozenset(employers[person] & employers[other])
            shared_interviews = frozenset(interviewed[person] & interviewed[other])
            score = len(mutuals) + 0.5 * len(shared_employers) + 0.5 * len(shared_interviews)
            if score:
                found.append(Suggestion(other, score, mutuals, shared_employers, shared_interviews))
        return sorted(found, key=lambda suggestion: (-suggestion.score, suggestion.person))

    def interview_stats(self, person: str) -> dict[str, int]:
        """The totals of interviewStats the loader's worlds can have (no stages, outcomes or practice)."""
        taken = [i for i in self.world.interviews if i.candidate == person and self.sees_part(i, person)]
        sat = [i for i in self.world.interviews if person in i.interviewers and self.sees_part(i, person)]
        met = {
            other
            for pair, links in self.links.items()
            if person in pair and any(link.kind == "MET_AT_INTERVIEW" for link in links)
            for other in pair - {person}
        }
        hiring = {role.company for role in self.world.roles if role.status == "OPEN"}
        at_hiring = {p.person for p in self.world.positions if p.ended_on is None and p.company in hiring}
        return {
            "asCandidate": len(taken),
            "asInterviewer": len(sat),
            "peopleMet": len(met),
            "peopleMetAtHiringCompanies": len(met & at_hiring),
        }

    # ---- What an interview is worth (docs/network.md) ----

    def _person_name(self, person: str) -> tuple[str, str]:
        return (self._name(person, "Person"), person)

    def panel(self, person: str, company: str, role: Role | None = None) -> list[PanelMember]:
        """Whom `person` would likely meet at an interview at `company` (for `role`), in the order listed."""
        managers = [role.hiring_manager] if role is not None and role.hiring_manager not in (None, person) else []
        recruiters = sorted(
            {r for r in (role.recruiters if role is not None else ()) if r != person and r not in managers},
            key=self._person_name,
        )
        ties = [*managers, *recruiters][:ROLE_CONTACTS]
        starts: dict[str, list[date | None]] = defaultdict(list)
        for position in self.world.positions:
            if position.company == company and position.ended_on is None:
                starts[position.person].append(position.started_on)

        def panels(someone: str) -> int:
            return sum(
                1
                for interview in self.world.interviews
                if interview.company == company
                and someone in interview.interviewers
                and self.sees_part(interview, someone)
            )

        employees = sorted(
            (someone for someone in starts if someone != person and someone not in ties),
            key=lambda someone: (-panels(someone), *self._person_name(someone)),
        )[:EMPLOYEES]
        return [
            PanelMember(
                person=someone,
                hiring_manager=someone in managers,
                recruiter=role is not None and someone in role.recruiters,
                panels=panels(someone),
                works_there=someone in starts,
                since=min((d for d in starts[someone] if d is not None), default=None),
            )
            for someone in [*ties, *employees]
        ]

    def meeting(self, person: str, others: list[str]) -> Oracle:
        """This network had `person` met `others` at an interview today.

        Like any interview encounter, each is a link for the viewer only when the viewer is one of the two,
        an admin, or both share (the parts of an interview not yet recorded count as confirmed).
        """
        later = copy.copy(self)
        later.links = defaultdict(list, {pair: list(links) for pair, links in self.links.items()})
        for other in others:
            if self.viewer.admin or self.viewer.person in (person, other) or {person, other} <= self.world.sharers:
                later.links[frozenset((person, other))].append(Link("MET_AT_INTERVIEW", self.today, hypothetical=True))
        later.graph = nx.Graph()
        later.graph.add_nodes_from(self.world.people)
        later.graph.add_edges_from(tuple(pair) for pair in later.links)
        return later

    def reach(self, person: str, max_hops: int) -> Reach:
        hops = self.hops_from(person, max_hops)
        return Reach(
            people=frozenset(hops),
            within1=frozenset(someone for someone, h in hops.items() if h == 1),
            roles=frozenset(role for role, _contact in self.opportunities(person, max_hops)),
            companies=frozenset(p.company for p in self.world.positions if p.ended_on is None and p.person in hops),
        )

    def score(self, person: str, role: str, contact: str, hops: int) -> float:
        """The opportunity score of docs/network.md."""
        ties = {tie for found, tie in self.contacts()[contact] if found == role}
        return self._score(hops, ties, self.freshest_bridge(person, contact, hops))

    def interview_value(self, person: str, company: str, max_hops: int, role: Role | None = None) -> InterviewValue:
        panel = self.panel(person, company, role)
        later = self.meeting(person, [member.person for member in panel])
        before, after = self.reach(person, max_hops), later.reach(person, max_hops)
        best: dict[str, NewOpportunity] = {}
        titles = {role.id: role.title for role in self.world.roles}
        for (found, contact), hops in later.opportunities(person, max_hops).items():
            if found in before.roles:
                continue
            candidate = NewOpportunity(found, contact, hops, later.score(person, found, contact, hops))
            current = best.get(found)
            if current is None or (-candidate.score, candidate.contact) < (-current.score, current.contact):
                best[found] = candidate
        return InterviewValue(
            company=company,
            panel=panel,
            before=before,
            after=after,
            new_opportunities=sorted(best.values(), key=lambda new: (-new.score, titles[new.role], new.role)),
            new_companies=sorted(after.companies - before.companies, key=lambda c: (self._name(c, "Company"), c)),
            later=later,
        )
