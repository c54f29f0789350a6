"""The network fields over HTTP: answers in words, argument checks, privacy and batching."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from neo4j import Driver

from api.gql.ids import to_global_id
from api.graph import Graph
from api.seams.graphql_stack import StrawberryGraphQLCoreExecutionContext
from tests.conftest import Api
from tests.network.conftest import CAST, as_, codes, gid
from tests.network.planning import plan_for
from tests.network.world import Interview, Position, Role, World, load

# Ana interviewed me at Globex; Bo knows me and worked with Cy at Initech; Cy hires there.
WORLD = World(
    people=["me", "ana", "bo", "cy", "dee"],
    companies=["globex", "initech"],
    names=CAST,
    positions=[
        Position("ana", "globex", "SRE", date(2019, 1, 1), None),
        Position("bo", "initech", "Engineer", date(2018, 1, 1), date(2023, 1, 1)),
        Position("cy", "initech", "Director", date(2020, 1, 1), None),
    ],
    knows=[("me", "bo", date(2021, 3, 4)), ("dee", "bo", None), ("dee", "me", None)],
    roles=[
        Role("sre", "globex", "Staff SRE", "OPEN", date(2024, 9, 1), remote=True, hiring_manager="ana"),
        Role("old", "globex", "Data PM", "CLOSED", date(2024, 9, 1)),
        Role("eng", "initech", "Backend Engineer", "OPEN", date(2024, 2, 1), hiring_manager="cy"),
    ],
    interviews=[Interview("i1", date(2024, 5, 17), "globex", None, "me", ("ana",))],
)

OPPORTUNITIES = """
query($id: ID!, $maxHops: Int, $first: Int, $after: String, $filter: OpportunityFilter) {
  node(id: $id) { ... on Person {
    opportunities(maxHops: $maxHops, first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node {
        role { title } contact { name } hops futureProspect reasons
        paths { hops steps { from { name } to { name } kind on context } }
      } }
    }
  } }
}
"""


@pytest.fixture
async def me(api: Api, db: Driver, graph: Graph) -> Api:
    load(db, WORLD)
    await plan_for(graph, "me", "cy")
    return as_(api, "me")


def test_opportunities_say_who_to_ask_and_why(me: Api) -> None:
    data = me.data(OPPORTUNITIES, {"id": gid("me"), "maxHops": 2})
    result = data["node"]["opportunities"]
    assert result["totalCount"] == 2
    first, second = (edge["node"] for edge in result["edges"])
    assert first == {
        "role": {"title": "Staff SRE"},
        "contact": {"name": "Ana Lima"},
        "hops": 1,
        "futureProspect": True,
        "reasons": [
            "You met Ana Lima at your Globex interview on 2024-05-17",
            "Ana is the hiring manager for Staff SRE",
            "Opened after you met",
        ],
        "paths": [
            {
                "hops": 1,
                "steps": [
                    {
                        "from": {"name": "Mo Reyes"},
                        "to": {"name": "Ana Lima"},
                        "kind": "MET_AT_INTERVIEW",
                        "on": "2024-05-17",
                        "context": "Globex interview",
                    }
                ],
            }
        ],
    }
    assert second["contact"] == {"name": "Cy Park"}
    assert second["hops"] == 2
    assert second["reasons"] == [
        "You know Bo Chen (connected on 2021-03-04)",
        "Bo Chen can introduce you to Cy Park (2 hops)",
        "Cy is the hiring manager for Backend Engineer",
    ]
    assert [step["kind"] for step in second["paths"][0]["steps"]] == ["KNOWS", "WORKED_TOGETHER"]


# I work with Eve at Hooli now and worked with Fay at Initech until mid-2019; each hires for a role.
COLLEAGUES = World(
    people=["me", "eve", "fay"],
    companies=["hooli", "initech", "umbrella"],
    names=CAST,
    positions=[
        Position("me", "hooli", "Engineer", date(2020, 1, 1), None),
        Position("eve", "hooli", "Manager", date(2021, 1, 1), None),
        Position("me", "initech", "Engineer", date(2015, 1, 1), date(2019, 6, 30)),
        Position("fay", "initech", "Lead", date(2016, 1, 1), date(2022, 1, 1)),
        Position("fay", "umbrella", "Director", date(2022, 2, 1), None),
    ],
    knows=[],
    roles=[
        Role("pm", "hooli", "Product Manager", "OPEN", date(2024, 3, 1), hiring_manager="eve"),
        Role("ds", "umbrella", "Data Scientist", "OPEN", None, remote=True, hiring_manager="fay"),
    ],
    interviews=[],
)


def test_colleagues_past_and_present_are_told_apart(api: Api, db: Driver) -> None:
    """The first step's date decides "work with" or "worked with ... until"; dates print as ISO dates."""
    load(db, COLLEAGUES)
    me = as_(api, "me")
    query = """query($id: ID!) { node(id: $id) { ... on Person { opportunities(maxHops: 1) { edges { node {
      role { title postedOn } reasons paths { steps { kind on } } } } } } } }"""
    edges = me.data(query, {"id": gid("me")})["node"]["opportunities"]["edges"]
    found = {edge["node"]["role"]["title"]: edge["node"] for edge in edges}
    assert found.keys() == {"Product Manager", "Data Scientist"}
    pm, ds = found["Product Manager"], found["Data Scientist"]
    assert pm["role"]["postedOn"] == "2024-03-01"
    assert ds["role"]["postedOn"] is None
    assert pm["reasons"][:2] == ["You work with Eve Ng at Hooli", "Eve is the hiring manager for Product Manager"]
    assert ds["reasons"][:2] == [
        "You worked with Fay Ito at Initech until 2019-06-30",
        "Fay is the hiring manager for Data Scientist",
    ]
    assert ds["paths"] == [{"steps": [{"kind": "WORKED_TOGETHER", "on": "2019-06-30"}]}]


def test_opportunities_page_filter_and_batch(me: Api) -> None:
    page = me.data(OPPORTUNITIES, {"id": gid("me"), "maxHops": 2, "first": 1})["node"]["opportunities"]
    assert page["pageInfo"]["hasNextPage"] is True
    after = page["pageInfo"]["endCursor"]
    rest = me.data(OPPORTUNITIES, {"id": gid("me"), "maxHops": 2, "first": 1, "after": after})
    assert [edge["node"]["contact"]["name"] for edge in rest["node"]["opportunities"]["edges"]] == ["Cy Park"]

    remote = me.data(OPPORTUNITIES, {"id": gid("me"), "maxHops": 2, "filter": {"remote": True}})
    assert [edge["node"]["role"]["title"] for edge in remote["node"]["opportunities"]["edges"]] == ["Staff SRE"]
    known = me.data(OPPORTUNITIES, {"id": gid("me"), "maxHops": 3, "filter": {"kinds": ["KNOWS"]}})
    assert known["node"]["opportunities"]["totalCount"] == 0

    # The opportunities search brings every name and role a page shows, reasons and paths included:
    # the person's statement and one search, whatever the page holds.
    costs = []
    for first in (1, 2):
        before = me.round_trips
        me.data(OPPORTUNITIES, {"id": gid("me"), "maxHops": 2, "first": first})
        costs.append(me.round_trips - before)
    assert costs == [2, 2]


@pytest.mark.parametrize(
    ("field", "arguments"),
    [
        ("opportunities", "maxHops: 5"),
        ("opportunities", "maxHops: 0"),
        ("opportunities", "first: 0"),
        ("pathsTo", 'personId: "nope", maxHops: 2'),
        ("pathsTo", 'personId: "{cy}", maxHops: 7'),
        ("pathsTo", 'personId: "{cy}", first: 6'),
    ],
)
def test_out_of_range_arguments_are_bad_user_input(me: Api, field: str, arguments: str) -> None:
    selection = "totalCount" if field == "opportunities" else "hops"
    call = f"{field}({arguments.replace('{cy}', gid('cy'))}) {{ {selection} }}"
    body = me.post(f"query($id: ID!) {{ node(id: $id) {{ ... on Person {{ {call} }} }} }}", {"id": gid("me")})
    assert codes(body) == ["BAD_USER_INPUT"]


def test_paths_degree_and_mutual_connections(me: Api) -> None:
    query = """query($id: ID!, $cy: ID!, $dee: ID!) { node(id: $id) { ... on Person {
        pathsTo(personId: $cy, maxHops: 3) { hops steps { to { name } kind context } }
        degreeTo(personId: $cy)
        far: pathsTo(personId: $cy, maxHops: 1) { hops }
        mutualConnections(otherId: $dee) { totalCount edges { node { name } } }
    } } }"""
    data = me.data(query, {"id": gid("me"), "cy": gid("cy"), "dee": gid("dee")})["node"]
    assert data["pathsTo"] == [
        {
            "hops": 2,
            "steps": [
                {"to": {"name": "Bo Chen"}, "kind": "KNOWS", "context": "connection"},
                {"to": {"name": "Cy Park"}, "kind": "WORKED_TOGETHER", "context": "worked together at Initech"},
            ],
        }
    ]
    assert data["degreeTo"] == 2
    assert data["far"] == []
    assert data["mutualConnections"] == {"totalCount": 1, "edges": [{"node": {"name": "Bo Chen"}}]}


def test_paths_and_degree_follow_only_the_kinds_asked(me: Api) -> None:
    # Bo, whom I know, worked with Cy; I met Ana at an interview. Connections alone reach neither.
    query = """query($id: ID!, $cy: ID!, $ana: ID!) { node(id: $id) { ... on Person {
        knowsCy: degreeTo(personId: $cy, kinds: [KNOWS])
        knowsCyPaths: pathsTo(personId: $cy, kinds: [KNOWS]) { hops }
        colleaguesCy: degreeTo(personId: $cy, kinds: [KNOWS, WORKED_TOGETHER])
        colleaguesCyPaths: pathsTo(personId: $cy, kinds: [WORKED_TOGETHER, KNOWS]) { hops steps { kind } }
        knowsAna: degreeTo(personId: $ana, kinds: [KNOWS])
        metAna: degreeTo(personId: $ana, kinds: [MET_AT_INTERVIEW])
        anyAna: degreeTo(personId: $ana)
    } } }"""
    data = me.data(query, {"id": gid("me"), "cy": gid("cy"), "ana": gid("ana")})["node"]
    assert data == {
        "knowsCy": None,
        "knowsCyPaths": [],
        "colleaguesCy": 2,
        "colleaguesCyPaths": [{"hops": 2, "steps": [{"kind": "KNOWS"}, {"kind": "WORKED_TOGETHER"}]}],
        "knowsAna": None,
        "metAna": 1,
        "anyAna": 1,
    }


def test_encounters_suggestions_and_interview_stats(me: Api) -> None:
    query = """query($id: ID!) { node(id: $id) { ... on Person {
        encounters { totalCount edges { node { person { name } kind on context } } }
        suggestions { person { name } mutualCount reasons }
        interviewStats { asCandidate practice real asInterviewer peopleMet peopleMetAtHiringCompanies }
    } } }"""
    data = me.data(query, {"id": gid("me")})["node"]
    assert [edge["node"] for edge in data["encounters"]["edges"]] == [
        {"person": {"name": "Ana Lima"}, "kind": "MET_AT_INTERVIEW", "on": "2024-05-17", "context": "Globex interview"},
        {"person": {"name": "Bo Chen"}, "kind": "KNOWS", "on": "2021-03-04", "context": "connection"},
        {"person": {"name": "Dee Ortiz"}, "kind": "KNOWS", "on": None, "context": "connection"},
    ]
    assert data["suggestions"] == [
        {"person": {"name": "Cy Park"}, "mutualCount": 1, "reasons": ["1 shared contacts: Bo Chen"]}
    ]
    assert data["interviewStats"] == {
        "asCandidate": 1,
        "practice": 0,
        "real": 1,
        "asInterviewer": 0,
        "peopleMet": 1,
        "peopleMetAtHiringCompanies": 1,
    }


@pytest.mark.parametrize(
    ("field", "empty"),
    [
        ("opportunities { totalCount }", {"totalCount": 0}),
        ("encounters { totalCount }", {"totalCount": 0}),
        ("suggestions { score }", []),
        ("interviewStats { peopleMet }", None),
        ('pathsTo(personId: "{bo}") { hops }', []),
        ('degreeTo(personId: "{bo}")', None),
    ],
)
def test_private_fields_of_other_people_read_as_empty(api: Api, me: Api, field: str, empty: object) -> None:
    """Not an error: one private field must not null a whole answer (a list of people, say)."""
    field = field.replace("{bo}", gid("bo"))
    name = field.split("(")[0].split(" ")[0]
    query = f"query($id: ID!) {{ node(id: $id) {{ ... on Person {{ name {field} }} }} }}"
    assert as_(api, "bo").data(query, {"id": gid("me")})["node"] == {
        "name": "Mo Reyes",
        name: empty,
    }
    assert me.data(query, {"id": gid("me")})["node"][name] != empty
    assert api.data(query, {"id": gid("me")})["node"][name] != empty  # an admin


# --- a network field below node(id): the person's own statement, then the field's search ------------------------------
# Whatever the document's shape (fragments, variables, aliases), each field answers as it does alone.

PAGE = "{ totalCount edges { node { role { title } contact { name } hops } } }"


def alone(me: Api, field: str, variables: dict[str, Any]) -> Any:
    """The field's answer asked for twice under aliases: both must be the same, and are returned."""
    query = f"query($id: ID!) {{ node(id: $id) {{ ... on Person {{ a: {field} b: {field} }} }} }}"
    data = me.data(query, variables)["node"]
    assert data["a"] == data["b"]
    return data["a"]


@pytest.mark.parametrize(
    "arguments", ["", "(maxHops: 1)", "(maxHops: 2, first: 1)", "(maxHops: 2, filter: {kinds: [KNOWS], remote: false})"]
)
def test_opportunities_below_a_node_cost_the_person_and_one_search(me: Api, arguments: str) -> None:
    query = f"query($id: ID!) {{ node(id: $id) {{ ... on Person {{ opportunities{arguments} {PAGE} }} }} }}"
    me.data("{ __typename }")  # the app now knows who the token's subject is
    before = me.round_trips
    found = me.data(query, {"id": gid("me")})["node"]["opportunities"]
    assert me.round_trips - before == 2, "the person, then the page with everyone on it"
    assert found == alone(me, f"opportunities{arguments} {PAGE}", {"id": gid("me")})


def test_network_fields_through_fragments_and_variables(me: Api) -> None:
    by_fragment = "query($id: ID!, $hops: Int) { node(id: $id) { ...Network } }\n" + (
        "fragment Network on Person { opportunities(maxHops: $hops) " + PAGE + " }"
    )
    data = me.data(by_fragment, {"id": gid("me"), "hops": 1})["node"]
    assert data["opportunities"] == alone(me, f"opportunities(maxHops: 1) {PAGE}", {"id": gid("me")})
    assert data["opportunities"]["totalCount"] == 1

    paths = (
        "query($id: ID!, $to: ID!) { node(id: $id) { ... on Person { pathsTo(personId: $to, maxHops: 6) { hops } } } }"
    )
    found = me.data(paths, {"id": gid("me"), "to": gid("cy")})["node"]["pathsTo"]
    assert found == alone(me, f'pathsTo(personId: "{gid("cy")}", maxHops: 6) {{ hops }}', {"id": gid("me")})
    assert found[0]["hops"] == 2


def test_paths_between_two_people_cost_the_person_and_one_search(me: Api) -> None:
    query = """query($id: ID!, $to: ID!) { node(id: $id) { ... on Person {
      name pathsTo(personId: $to, maxHops: 6) { hops steps { kind } } } } }"""
    me.data("{ __typename }")  # the app now knows who the token's subject is
    before = me.round_trips
    node = me.data(query, {"id": gid("me"), "to": gid("cy")})["node"]
    assert me.round_trips - before == 2, "the person, then the paths"
    assert node["name"] == alone(me, "name", {"id": gid("me")})
    assert node["pathsTo"] == alone(
        me, f'pathsTo(personId: "{gid("cy")}", maxHops: 6) {{ hops steps {{ kind }} }}', {"id": gid("me")}
    )
    assert [path["hops"] for path in node["pathsTo"]] == [2]
    # Nobody there: null, and no search; out of reach or to oneself: no paths.
    before = me.round_trips
    assert me.data(query, {"id": to_global_id("Person", "nobody"), "to": gid("cy")}) == {"node": None}
    assert me.round_trips - before == 1
    before = me.round_trips
    assert me.data(query, {"id": gid("me"), "to": gid("me")})["node"]["pathsTo"] == []
    assert me.round_trips - before == 2


def test_a_missing_person_or_a_skipped_field_runs_no_search(me: Api) -> None:
    query = """query($id: ID!, $skip: Boolean!) {
      node(id: $id) { ... on Person { opportunities @skip(if: $skip) { totalCount } } } }"""
    me.data("{ __typename }")  # the app now knows who the token's subject is
    before = me.round_trips
    assert me.data(query, {"id": to_global_id("Person", "nobody"), "skip": False}) == {"node": None}
    assert me.data(query, {"id": gid("me"), "skip": True}) == {"node": {}}
    assert me.round_trips - before == 2, "one statement each for the person, none for the opportunities"
    assert me.data(query, {"id": gid("me"), "skip": False})["node"]["opportunities"]["totalCount"] == 2


# --- the lean execution context (api.gql.execution) answers as Strawberry's own would ------------------------------

RICH = """query($id: ID!, $to: ID!) { node(id: $id) { __typename id ... on Person {
  name
  opportunities(maxHops: 3) { totalCount edges { cursor node {
    __typename hops score futureProspect reasons
    role { __typename id title status company { name } } contact { __typename id name headline openToWork }
    paths { hops steps { kind on context from { name } to { name } } } } } }
  pathsTo(personId: $to, maxHops: 6) { hops steps { kind on context } }
  encounters { totalCount edges { node { kind on context person { name } } } }
} } }"""


def test_lean_execution_answers_as_strawberry_does(me: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    variables = {"id": gid("me"), "to": gid("cy")}
    lean = me.post(RICH, variables)
    assert lean.get("errors") is None, lean["errors"]
    assert lean["data"]["node"]["opportunities"]["totalCount"] == 2
    graphql_view = next(route.endpoint for route in me.http.app.routes if getattr(route, "path", "") == "/graphql")  # type: ignore[attr-defined]
    monkeypatch.setattr(graphql_view.schema, "execution_context_class", StrawberryGraphQLCoreExecutionContext)
    plain = me.post(RICH, variables)
    assert (plain["data"], plain.get("errors")) == (lean["data"], None)
