"""One statement per root field: however deep and wide the selection, however many parents a list holds."""

from __future__ import annotations

from typing import Any

import pytest
from neo4j import Driver

from api.gql.ids import to_global_id
from tests.conftest import Api

MEMBERS = 50
COMPANIES = 5

# 50 members and 50 contacts. Member i works now at company i % 5 and formerly at the next one,
# and knows contacts i, i+1 and i+2; contact i works at company i % 5 and is the hiring manager of
# role i there, for which member i recruits. Each company also has 5 associates, who sort first among
# its employees. Members, contacts and associates are disjoint, so whatever the page size, the people
# reached through one nested field were never read by the page or another field: nothing a request
# already read can hide a query at one size and not the other.
GRAPH = """
UNWIND range(0, $companies - 1) AS c
CREATE (company:Company {id: 'c' + c, name: 'Company ' + c, nameKey: 'company ' + c})
WITH company, c
UNWIND range(0, 4) AS j
CREATE (:Person {id: 'a' + c + j, name: 'Associate ' + c + j, openToWork: false})
       -[:WORKS_AT {key: '?|associate', title: 'Associate'}]->(company)
WITH count(*) AS done
UNWIND range(0, $members - 1) AS i
MATCH (now:Company {id: 'c' + (i % $companies)}), (before:Company {id: 'c' + ((i + 1) % $companies)})
CREATE (m:Person {id: 'm' + i, name: 'Member ' + right('0' + i, 2), openToWork: false})
CREATE (k:Person {id: 'k' + i, name: 'Contact ' + right('0' + i, 2), openToWork: false})
CREATE (m)-[:WORKS_AT {key: '2020-01-01|engineer', title: 'Engineer', startedOn: date('2020-01-01')}]->(now)
CREATE (m)-[:WORKS_AT {key: '2015-01-01|intern', title: 'Intern', startedOn: date('2015-01-01'),
                       endedOn: date('2019-12-31')}]->(before)
CREATE (k)-[:WORKS_AT {key: '?|manager', title: 'Manager'}]->(now)
CREATE (r:Role {id: 'r' + i, title: 'Role ' + right('0' + i, 2), status: 'OPEN', postedOn: date('2024-01-01')})
CREATE (r)-[:AT]->(now)
CREATE (k)-[:HIRES_FOR]->(r)
CREATE (m)-[:RECRUITS_FOR]->(r)
WITH count(*) AS done
UNWIND range(0, $members - 1) AS i
UNWIND range(0, 2) AS step
MATCH (m:Person {id: 'm' + i}), (k:Person {id: 'k' + ((i + step) % $members)})
CREATE (m)-[:KNOWS {source: 'api'}]->(k)
"""

NESTED_PEOPLE = """query($first: Int) {
  people(first: $first, filter: {nameContains: "member"}) {
    totalCount
    edges { node {
      name
      currentPositions { title company { name employees(first: 5) { totalCount } openRoles { totalCount } } }
      positions(first: 2) { totalCount edges { node { title company { name } } } }
      connections(first: 3) { totalCount edges { node { name currentPositions { company { name } } } } }
    } }
  }
}"""

NESTED_ROLES = """query($first: Int) {
  roles(first: $first) {
    edges { node {
      title company { name } recruiters { name }
      hiringManager { name connections(first: 1) { totalCount } currentPositions { company { name } } }
    } }
  }
}"""


@pytest.fixture
def network(db: Driver) -> None:
    db.execute_query(GRAPH, members=MEMBERS, companies=COMPANIES)


def round_trips(api: Api, query: str, first: int, runs: int = 3) -> tuple[int, dict[str, Any]]:
    """How many statements Neo4j got while answering `query`, the same on each of `runs` requests, and the answer."""
    costs = []
    data: dict[str, Any] = {}
    api.data("{ __typename }")  # the app now knows who the token's subject is (api.auth.subjects): not counted
    for _ in range(runs):
        before = api.round_trips
        data = api.data(query, {"first": first})
        costs.append(api.round_trips - before)
    assert len(set(costs)) == 1, f"round trips varied between identical requests: {costs}"
    return costs[0], data


@pytest.mark.usefixtures("network")
def test_nested_people_cost_one_statement_for_10_and_50_people(api: Api) -> None:
    few, few_data = round_trips(api, NESTED_PEOPLE, 10)
    many, many_data = round_trips(api, NESTED_PEOPLE, 50)
    assert (len(few_data["people"]["edges"]), len(many_data["people"]["edges"])) == (10, 50)
    assert few == many == 1


@pytest.mark.usefixtures("network")
def test_nested_people_answer_every_level(api: Api) -> None:
    _, data = round_trips(api, NESTED_PEOPLE, 50)
    assert data["people"]["totalCount"] == 50
    assert data["people"]["edges"][0]["node"] == {
        "name": "Member 00",
        "currentPositions": [
            {
                "title": "Engineer",
                "company": {"name": "Company 0", "employees": {"totalCount": 25}, "openRoles": {"totalCount": 10}},
            }
        ],
        "positions": {
            "totalCount": 2,
            "edges": [
                {"node": {"title": "Engineer", "company": {"name": "Company 0"}}},
                {"node": {"title": "Intern", "company": {"name": "Company 1"}}},
            ],
        },
        "connections": {
            "totalCount": 3,
            "edges": [
                {"node": {"name": "Contact 00", "currentPositions": [{"company": {"name": "Company 0"}}]}},
                {"node": {"name": "Contact 01", "currentPositions": [{"company": {"name": "Company 1"}}]}},
                {"node": {"name": "Contact 02", "currentPositions": [{"company": {"name": "Company 2"}}]}},
            ],
        },
    }


@pytest.mark.usefixtures("network")
def test_nested_roles_cost_one_statement_for_10_and_50_roles(api: Api) -> None:
    few, few_data = round_trips(api, NESTED_ROLES, 10)
    many, many_data = round_trips(api, NESTED_ROLES, 50)
    assert (len(few_data["roles"]["edges"]), len(many_data["roles"]["edges"])) == (10, 50)
    assert few == many == 1


@pytest.mark.usefixtures("network")
def test_nested_roles_answer_every_level(api: Api) -> None:
    _, data = round_trips(api, NESTED_ROLES, 50)
    assert data["roles"]["edges"][0]["node"] == {
        "title": "Role 00",
        "company": {"name": "Company 0"},
        "recruiters": [{"name": "Member 00"}],
        "hiringManager": {
            "name": "Contact 00",
            "connections": {"totalCount": 3},
            "currentPositions": [{"company": {"name": "Company 0"}}],
        },
    }


# --- through fragments too: a page of people with their current employers --------------------------------------------

PEOPLE_AT_WORK = """query($first: Int) {
  people(first: $first, filter: {nameContains: "member"}) { edges { node { ...Work } } }
}
fragment Work on Person { name currentPositions { title startedOn company { name } } }"""

PERSON_AT_WORK = """query($id: ID!) {
  node(id: $id) { ... on Person { name currentPositions { title startedOn company { name } } } }
}"""


@pytest.mark.usefixtures("network")
def test_a_page_with_current_employers_is_one_query_even_through_a_fragment(api: Api) -> None:
    cost, data = round_trips(api, PEOPLE_AT_WORK, 50)
    assert cost == 1
    page = [edge["node"] for edge in data["people"]["edges"]]
    assert len(page) == MEMBERS
    # The same answers as when each person's positions and companies are loaded on their own.
    for index in (0, 17, 49):
        alone = api.data(PERSON_AT_WORK, {"id": to_global_id("Person", f"m{index}")})["node"]
        assert page[index] == alone
    assert page[7] == {
        "name": "Member 07",
        "currentPositions": [{"title": "Engineer", "startedOn": "2020-01-01", "company": {"name": "Company 2"}}],
    }
