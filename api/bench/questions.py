"""The load scenario's questions: each as crosspaths, @neo4j/graphql and the driver floor ask it.

A question is a list of requests (one per person, pair, company or word of the sample), each with
its GraphQL body for crosspaths (and the bearer token of the person asking), its GraphQL body for
the peer (None where the peer cannot ask it), and the floor's statement and parameters: one
hand-written Cypher returning the same answer, or crosspaths' own network statement. `answers.py`
reduces every system's answer to one comparable form.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, LiteralString

from api.bench import answers
from api.bench.queries import NESTED_CYPHER
from api.gql.ids import to_global_id
from api.graph import network
from api.graph.search import lucene_query

if TYPE_CHECKING:
    from collections.abc import Callable

    from api.bench.sample import Sample

Json = dict[str, Any]

# Sizes of the answers, as a client app would page them.
PEOPLE_PAGE = 100
CONNECTIONS_PAGE = 20
ROLES_PAGE = 20
SEARCH_PAGE = 10
OPPORTUNITIES_PAGE = 20
OPPORTUNITY_HOPS = 2
PATHS = 3
PATH_HOPS = 4  # pathsTo's default

# The peer's way of saying "current positions, newest first" (it has no filtered relationship field).
_PEER_CURRENT = """worksAtConnection(where: {edge: {endedOn: {eq: null}}},
    sort: [{edge: {startedOn: DESC}}, {node: {name: ASC}}, {node: {id: ASC}}])"""

Q1 = """query Q1($first: Int!) { people(first: $first) { edges { node {
  id name currentPositions { title startedOn company { id name } } } } } }"""
Q1_PEER = f"""query Q1($first: Int!) {{ people(limit: $first, sort: [{{name: ASC}}, {{id: ASC}}]) {{
  id name {_PEER_CURRENT} {{ edges {{ properties {{ title startedOn }} node {{ id name }} }} }} }} }}"""

Q2 = """query Q2($id: ID!, $first: Int!) { node(id: $id) { ... on Person { id name
  connections(first: $first) { edges { node { id name currentPositions { company { id name } } } } } } } }"""
Q2_PEER = f"""query Q2($id: ID!, $first: Int!) {{ people(where: {{id: {{eq: $id}}}}) {{ id name
  knows(limit: $first, sort: [{{name: ASC}}, {{id: ASC}}]) {{ id name
    {_PEER_CURRENT} {{ edges {{ node {{ id name }} }} }} }} }} }}"""
Q2_CYPHER: LiteralString = """
MATCH (me:Person {id: $id})
RETURN me {.id, .name, connections: COLLECT {
  MATCH (me)-[:KNOWS]-(p:Person) WHERE p <> me
  WITH DISTINCT p ORDER BY p.name, p.id LIMIT $first
  RETURN p {.id, .name, currentPositions: COLLECT {
    MATCH (p)-[w:WORKS_AT]->(c:Company) WHERE w.endedOn IS NULL
    WITH w, c ORDER BY w.startedOn IS NULL, w.startedOn DESC, c.name, c.id
    RETURN {company: c {.id, .name}}
  }}
}} AS person
"""

PROFILE = """query Profile($id: ID!) { node(id: $id) { ... on Person { id name headline location openToWork
  currentPositions { title startedOn company { id name } } } } }"""
PROFILE_PEER = f"""query Profile($id: ID!) {{ people(where: {{id: {{eq: $id}}}}) {{ id name headline location openToWork
  {_PEER_CURRENT} {{ edges {{ properties {{ title startedOn }} node {{ id name }} }} }} }} }}"""
PROFILE_CYPHER: LiteralString = """
MATCH (p:Person {id: $id})
RETURN p {.id, .name, .headline, .location, openToWork: coalesce(p.openToWork, false), currentPositions: COLLECT {
  MATCH (p)-[w:WORKS_AT]->(c:Company) WHERE w.endedOn IS NULL
  WITH w, c ORDER BY w.startedOn IS NULL, w.startedOn DESC, c.name, c.id
  RETURN {title: w.title, startedOn: w.startedOn, company: c {.id, .name}}
}} AS person
"""

OPEN_ROLES = """query OpenRoles($id: ID!, $first: Int!) { node(id: $id) { ... on Company { id name
  openRoles(first: $first) { totalCount edges { node { id title postedOn } } } } } }"""
OPEN_ROLES_PEER = """query OpenRoles($id: ID!, $first: Int!) { companies(where: {id: {eq: $id}}) { id name
  rolesConnection(where: {node: {status: {eq: "OPEN"}}}, first: $first,
                  sort: [{node: {postedOn: DESC}}, {node: {title: ASC}}, {node: {id: ASC}}]) {
    totalCount edges { node { id title postedOn } } } } }"""
OPEN_ROLES_CYPHER: LiteralString = """
MATCH (c:Company {id: $id})
CALL (c) {
  MATCH (r:Role {status: 'OPEN'})-[:AT]->(c)
  WITH r ORDER BY r.postedOn IS NULL, r.postedOn DESC, r.title, r.id
  RETURN count(r) AS total, collect(r {.id, .title, .postedOn})[..$first] AS roles
}
RETURN c {.id, .name, totalCount: total, roles: roles} AS company
"""

SEARCH = """query Search($text: String!, $first: Int!) { search(query: $text, first: $first) {
  __typename ... on Person { id name } ... on Company { id name } ... on Role { id title } } }"""
# The peer's client sends the Lucene query crosspaths would build from the same words.
SEARCH_PEER = """query Search($query: String!, $first: Int!) { search(query: $query, limit: $first) {
  __typename ... on Person { id name } ... on Company { id name } ... on Role { id title } } }"""
SEARCH_CYPHER: LiteralString = """
CALL db.index.fulltext.queryNodes('search_text', $query) YIELD node, score
WITH node, score ORDER BY score DESC, node.id LIMIT $first
RETURN CASE WHEN node:Person THEN 'Person' WHEN node:Company THEN 'Company' ELSE 'Role' END AS type,
       node.id AS id, coalesce(node.name, node.title) AS name
"""

# README.md's headline query, with ids selected so that answers can be compared exactly.
HEADLINE = """query Headline($hops: Int!, $first: Int!) { viewer { opportunities(maxHops: $hops, first: $first) {
  totalCount edges { node { hops score role { id title company { name } } contact { id name } reasons
  paths { steps { to { id name } kind on context } } } } } } }"""
# `reasons` and a step's `context` are written by crosspaths in Python; the peer has no way to say them.
HEADLINE_PEER = """query Headline($id: ID!, $hops: Int!, $first: Int!) {
  opportunities(personId: $id, maxHops: $hops, limit: $first) {
  totalCount edges { node { hops score role { id title company { name } } contact { id name }
  paths { steps { to { id name } kind on } } } } } }"""

PATHS_TO = """query PathsTo($to: ID!, $hops: Int!, $first: Int!) { viewer {
  pathsTo(personId: $to, maxHops: $hops, first: $first) {
    hops steps { from { id name } to { id name } kind on context } } } }"""
PATHS_TO_PEER = """query PathsTo($id: ID!, $to: ID!, $hops: Int!, $first: Int!) {
  pathsTo(personId: $id, targetId: $to, maxHops: $hops, k: $first) {
    hops steps { from { id name } to { id name } kind on } } }"""


@dataclass(frozen=True)
class Request:
    """One request of a question, as each system sends it."""

    about: str  # whom or what it asks about, for the check's report
    crosspaths: Json  # the GraphQL body
    token: str  # the bearer token crosspaths is asked with (the person asking)
    peer: Json | None  # None where the peer cannot ask it
    cypher: LiteralString
    parameters: dict[str, Any]


@dataclass(frozen=True)
class Question:
    """A question, its requests, and how each system's answer becomes the comparable form."""

    name: str
    asks: str  # in words, for the report
    requests: list[Request]
    crosspaths_answer: Callable[[Json], object]
    peer_answer: Callable[[Json], object]
    floor_answer: Callable[[list[dict[str, Any]]], object]


def _body(document: str, /, **variables: object) -> Json:
    return {"query": document, "variables": variables}


def people_page(sample: Sample) -> Question:
    request = Request(
        f"first {PEOPLE_PAGE}",
        _body(Q1, first=PEOPLE_PAGE),
        sample.token(sample.people[0]),
        _body(Q1_PEER, first=PEOPLE_PAGE),
        NESTED_CYPHER,
        {"first": PEOPLE_PAGE},
    )
    return Question(
        "Q1",
        f"people(first: {PEOPLE_PAGE}) with current positions and companies",
        [request],
        answers.people_page,
        answers.people_page_peer,
        answers.people_page_floor,
    )


def connections(sample: Sample) -> Question:
    requests = [
        Request(
            person,
            _body(Q2, id=to_global_id("Person", person), first=CONNECTIONS_PAGE),
            sample.token(person),
            _body(Q2_PEER, id=person, first=CONNECTIONS_PAGE),
            Q2_CYPHER,
            {"id": person, "first": CONNECTIONS_PAGE},
        )
        for person in sample.people
    ]
    return Question(
        "Q2",
        f"one person, {CONNECTIONS_PAGE} connections by name, their current companies",
        requests,
        answers.connections,
        answers.connections_peer,
        answers.connections_floor,
    )


def profile(sample: Sample) -> Question:
    requests = [
        Request(
            person,
            _body(PROFILE, id=to_global_id("Person", person)),
            sample.token(person),
            _body(PROFILE_PEER, id=person),
            PROFILE_CYPHER,
            {"id": person},
        )
        for person in sample.people
    ]
    return Question(
        "profile",
        "one person with current positions",
        requests,
        answers.profile,
        answers.profile_peer,
        answers.profile_floor,
    )


def open_roles(sample: Sample) -> Question:
    asker = sample.people[0]
    requests = [
        Request(
            company,
            _body(OPEN_ROLES, id=to_global_id("Company", company), first=ROLES_PAGE),
            sample.token(asker),
            _body(OPEN_ROLES_PEER, id=company, first=ROLES_PAGE),
            OPEN_ROLES_CYPHER,
            {"id": company, "first": ROLES_PAGE},
        )
        for company in sample.companies
    ]
    return Question(
        "openRoles",
        f"one company's open roles, newest first {ROLES_PAGE}, and their count",
        requests,
        answers.open_roles,
        answers.open_roles_peer,
        answers.open_roles_floor,
    )


def search(sample: Sample) -> Question:
    requests = []
    for person, word in zip(sample.people, sample.words, strict=True):
        query = lucene_query(word) or word
        requests.append(
            Request(
                word,
                _body(SEARCH, text=word, first=SEARCH_PAGE),
                sample.token(person),
                _body(SEARCH_PEER, query=query, first=SEARCH_PAGE),
                SEARCH_CYPHER,
                {"query": query, "first": SEARCH_PAGE},
            )
        )
    return Question(
        "search",
        f"full-text search, first {SEARCH_PAGE}",
        requests,
        answers.search,
        answers.search_peer,
        answers.search_floor,
    )


def headline(sample: Sample) -> Question:
    requests = [
        Request(
            person,
            _body(HEADLINE, hops=OPPORTUNITY_HOPS, first=OPPORTUNITIES_PAGE),
            sample.token(person),
            _body(HEADLINE_PEER, id=person, hops=OPPORTUNITY_HOPS, first=OPPORTUNITIES_PAGE),
            network.OPPORTUNITIES,
            network.opportunities_parameters(person, max_hops=OPPORTUNITY_HOPS, limit=OPPORTUNITIES_PAGE),
        )
        for person in sample.people
    ]
    return Question(
        "headline",
        f"viewer {{ opportunities(maxHops: {OPPORTUNITY_HOPS}, first: {OPPORTUNITIES_PAGE}) }} as README.md asks it",
        requests,
        answers.opportunities,
        answers.opportunities_peer,
        answers.opportunities_floor,
    )


def paths_to(sample: Sample) -> Question:
    requests = [
        Request(
            f"{me} -> {other}",
            _body(PATHS_TO, to=to_global_id("Person", other), hops=PATH_HOPS, first=PATHS),
            sample.token(me),
            _body(PATHS_TO_PEER, id=me, to=other, hops=PATH_HOPS, first=PATHS),
            network.PATHS_TO,
            network.paths_parameters(me, other, max_hops=PATH_HOPS, first=PATHS),
        )
        for me, other in sample.pairs
    ]
    return Question(
        "pathsTo",
        f"viewer {{ pathsTo(maxHops: {PATH_HOPS}, first: {PATHS}) }} to another sampled person",
        requests,
        answers.paths,
        answers.paths_peer,
        answers.paths_floor,
    )


def questions(sample: Sample) -> list[Question]:
    """Every question, in the order the scenario runs them."""
    return [
        people_page(sample),
        connections(sample),
        headline(sample),
        paths_to(sample),
        profile(sample),
        open_roles(sample),
        search(sample),
    ]


# What a client app sends most: small requests about one person or company, and the headline.
MIX = ("profile", "Q2", "openRoles", "search", "headline")
# Timed under load one by one; the rest only inside the mix.
TIMED = ("Q1", "Q2", "headline", "pathsTo")


def mix(by_name: dict[str, Question]) -> list[Request]:
    """The mix's requests: one of each kind in turn, cycling through each kind's own requests."""
    members = [by_name[name].requests for name in MIX]
    rounds = max(len(requests) for requests in members)
    return [requests[i % len(requests)] for i in range(rounds) for requests in members]
