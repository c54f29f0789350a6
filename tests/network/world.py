"""A small professional network as plain data, and how to write one into Neo4j.

The random generators build a `World`; the oracle reads it directly and the tests load it
into the real database with plain Cypher, so the code under test and the reference share
nothing but this description.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from neo4j import Driver


@dataclass(frozen=True)
class Position:
    person: str
    company: str
    title: str
    started_on: date | None
    ended_on: date | None


@dataclass(frozen=True)
class Role:
    id: str
    company: str
    title: str
    status: str
    posted_on: date | None
    remote: bool = False
    hiring_manager: str | None = None
    recruiters: tuple[str, ...] = ()


@dataclass(frozen=True)
class Interview:
    id: str
    on: date
    company: str
    role: str | None
    candidate: str
    interviewers: tuple[str, ...]
    # The `confirmed` flag written on an interviewer's part in it; an interviewer not listed has none
    # (confirmed). A candidate who records an interview names interviewers unconfirmed (False).
    confirmed: tuple[tuple[str, bool], ...] = ()

    @property
    def unconfirmed(self) -> frozenset[str]:
        return frozenset(person for person, flag in self.confirmed if not flag)


@dataclass
class World:
    people: list[str] = field(default_factory=list)
    companies: list[str] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    knows: list[tuple[str, str, date | None]] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    interviews: list[Interview] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # display names of people and companies, by id
    # sharesEncounters as written on each person; someone not listed has no such property (does not share).
    shares: dict[str, bool] = field(default_factory=dict)

    @property
    def sharers(self) -> frozenset[str]:
        return frozenset(person for person, flag in self.shares.items() if flag)


_LOAD = """
UNWIND $people AS id
CREATE (p:Person {id: id, name: coalesce($names[id], 'Person ' + id), openToWork: false})
SET p.sharesEncounters = $shares[id]
WITH count(*) AS _
UNWIND $companies AS id CREATE (:Company {id: id, name: coalesce($names[id], 'Company ' + id), nameKey: id})
WITH count(*) AS _
UNWIND $positions AS p
MATCH (person:Person {id: p.person}), (c:Company {id: p.company})
CREATE (person)-[:WORKS_AT {key: coalesce(toString(p.startedOn), '?') + '|' + p.title,
                            title: p.title, startedOn: p.startedOn, endedOn: p.endedOn}]->(c)
WITH count(*) AS _
UNWIND $knows AS k
MATCH (a:Person {id: k.a}), (b:Person {id: k.b})
CREATE (a)-[:KNOWS {since: k.since, source: 'api'}]->(b)
WITH count(*) AS _
UNWIND $roles AS r
MATCH (c:Company {id: r.company})
CREATE (role:Role {id: r.id, title: r.title, status: r.status, postedOn: r.postedOn, remote: r.remote})-[:AT]->(c)
WITH role, r
CALL (role, r) {
  MATCH (m:Person {id: r.hiringManager}) CREATE (m)-[:HIRES_FOR]->(role)
}
CALL (role, r) {
  UNWIND r.recruiters AS recruiter MATCH (p:Person {id: recruiter}) CREATE (p)-[:RECRUITS_FOR]->(role)
}
WITH count(*) AS _
UNWIND $interviews AS i
MATCH (candidate:Person {id: i.candidate}), (c:Company {id: i.company})
CREATE (candidate)-[:CANDIDATE_IN]->(interview:Interview {id: i.id, date: i.on, practice: false})-[:WITH]->(c)
WITH interview, i
CALL (interview, i) {
  MATCH (r:Role {id: i.role}) CREATE (interview)-[:FOR]->(r)
}
CALL (interview, i) {
  UNWIND i.interviewers AS interviewer
  MATCH (p:Person {id: interviewer}) CREATE (p)-[part:INTERVIEWER_IN]->(interview)
  SET part.confirmed = i.confirmed[interviewer]
}
RETURN count(*) AS loaded
"""


def load(db: Driver, world: World) -> None:
    """Write `world` into an empty graph in one transaction."""
    db.execute_query(
        _LOAD,
        people=world.people,
        names=world.names,
        shares=world.shares,
        companies=world.companies,
        positions=[
            {
                "person": p.person,
                "company": p.company,
                "title": p.title,
                "startedOn": p.started_on,
                "endedOn": p.ended_on,
            }
            for p in world.positions
        ],
        knows=[{"a": a, "b": b, "since": since} for a, b, since in world.knows],
        roles=[
            {
                "id": r.id,
                "company": r.company,
                "title": r.title,
                "status": r.status,
                "postedOn": r.posted_on,
                "remote": r.remote,
                "hiringManager": r.hiring_manager,
                "recruiters": list(r.recruiters),
            }
            for r in world.roles
        ],
        interviews=[
            {
                "id": i.id,
                "on": i.on,
                "company": i.company,
                "role": i.role,
                "candidate": i.candidate,
                "interviewers": list(i.interviewers),
                "confirmed": dict(i.confirmed),
            }
            for i in world.interviews
        ],
    )
