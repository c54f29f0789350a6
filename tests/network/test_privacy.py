"""Whose interviews a network answer may show, over HTTP: encounter sharing, confirmations, private fields.

An interview reveals that someone looked for a job. Bo (whom I know) interviewed at Initech with
Yu, who hires there: that is a link only for Bo, Yu, admins, and everyone else once Bo and Yu both
share their encounters. And someone else's network fields are theirs: empty for me, never an error.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from neo4j import Driver

from api.graph import Graph
from tests.conftest import Api
from tests.network.conftest import CAST, as_, codes, gid
from tests.network.planning import plan_for
from tests.network.world import Interview, Position, Role, World, load

WORLD = World(
    people=["me", "bo", "yu", "ana", "cy", "dee"],
    companies=["globex", "initech"],
    names=CAST,
    positions=[
        Position("yu", "initech", "Director", date(2019, 1, 1), None),
        Position("ana", "globex", "SRE", date(2019, 1, 1), None),
    ],
    knows=[("me", "bo", date(2021, 3, 4))],
    roles=[
        Role("eng", "initech", "Backend Engineer", "OPEN", date(2024, 9, 1), hiring_manager="yu"),
    ],
    interviews=[
        Interview("bo-at-initech", date(2024, 3, 1), "initech", "eng", "bo", ("yu",)),
        # I named Ana and Cy as my interviewers; Ana has not confirmed it yet, Cy has.
        Interview(
            "me-at-globex", date(2024, 5, 17), "globex", None, "me", ("ana", "cy"), (("ana", False), ("cy", True))
        ),
        # Dee interviewed with Globex too, on her own: no link to anyone.
        Interview("dee-at-globex", date(2023, 2, 2), "globex", None, "dee", ()),
    ],
)


@pytest.fixture
async def world(db: Driver, graph: Graph) -> World:
    load(db, WORLD)
    db.execute_query("MATCH (p:Person) SET p.email = p.id + '@example.com'")
    await plan_for(graph, "me", "yu")
    return WORLD


def share(api: Api, person: str, shares: bool = True) -> None:
    """The person sets their own sharing flag, as a client would."""
    mutation = """mutation($input: UpdatePersonInput!) {
      updatePerson(input: $input) { person { sharesEncounters } userErrors { code } } }"""
    payload = as_(api, person).data(mutation, {"input": {"id": gid(person), "sharesEncounters": shares}})
    assert payload["updatePerson"] == {"person": {"sharesEncounters": shares}, "userErrors": []}


REACH = """query($id: ID!, $to: ID!) { node(id: $id) { ... on Person {
  degreeTo(personId: $to)
  pathsTo(personId: $to, maxHops: 3) { steps { to { name } kind on context } }
  opportunities(maxHops: 2) { totalCount edges { node { contact { name } reasons } } }
} } }"""


def reach(api: Api, viewer: str, person: str, target: str) -> dict[str, Any]:
    answer: dict[str, Any] = as_(api, viewer).data(REACH, {"id": gid(person), "to": gid(target)})["node"]
    return answer


def test_my_network_never_goes_through_an_interview_between_others_who_do_not_both_share(
    api: Api, world: World
) -> None:
    assert world.shares == {}
    assert reach(api, "me", "me", "yu") == {
        "degreeTo": None,
        "pathsTo": [],
        "opportunities": {"totalCount": 0, "edges": []},
    }
    share(api, "bo")
    assert reach(api, "me", "me", "yu")["pathsTo"] == [], "Yu does not share: still nothing"

    share(api, "yu")
    found = reach(api, "me", "me", "yu")
    assert found["degreeTo"] == 2
    assert found["pathsTo"] == [
        {
            "steps": [
                {"to": {"name": "Bo Chen"}, "kind": "KNOWS", "on": "2021-03-04", "context": "connection"},
                {
                    "to": {"name": "Yu Sato"},
                    "kind": "MET_AT_INTERVIEW",
                    "on": "2024-03-01",
                    "context": "Initech interview",
                },
            ]
        }
    ]
    assert found["opportunities"]["edges"] == [
        {
            "node": {
                "contact": {"name": "Yu Sato"},
                "reasons": [
                    "You know Bo Chen (connected on 2021-03-04)",
                    "Bo Chen can introduce you to Yu Sato (2 hops)",
                    "Yu is the hiring manager for Backend Engineer",
                ],
            }
        }
    ]

    share(api, "bo", shares=False)  # and changing one's mind takes effect at once
    assert reach(api, "me", "me", "yu")["degreeTo"] is None


def test_someone_elses_paths_and_degrees_are_theirs(api: Api, world: World) -> None:  # noqa: ARG001 - loads it
    own = {
        "degreeTo": 1,
        "pathsTo": [
            {"steps": [{"to": {"name": "Yu Sato"}, "kind": "MET_AT_INTERVIEW", "on": "2024-03-01",
                        "context": "Initech interview"}]}
        ],
        "opportunities": {"totalCount": 1, "edges": [{"node": {"contact": {"name": "Yu Sato"}, "reasons": [
            "You met Yu Sato at your Initech interview on 2024-03-01",
            "Yu is the hiring manager for Backend Engineer",
            "Opened after you met",
        ]}}]},
    }  # fmt: skip
    assert reach(api, "bo", "bo", "yu") == own
    assert api.data(REACH, {"id": gid("bo"), "to": gid("yu")})["node"] == own  # an admin
    # I know Bo, but his interviews are his: his paths, degree and opportunities read as nothing to me.
    assert reach(api, "me", "bo", "yu") == {
        "degreeTo": None,
        "pathsTo": [],
        "opportunities": {"totalCount": 0, "edges": []},
    }
    share(api, "bo")
    share(api, "yu")
    assert reach(api, "me", "bo", "yu")["pathsTo"] == [], "sharing opens links, not another person's fields"


def encounters(api: Api, viewer: str, person: str) -> list[tuple[str, str]]:
    query = """query($id: ID!) { node(id: $id) { ... on Person {
      encounters { edges { node { person { name } context } } } } } }"""
    edges = as_(api, viewer).data(query, {"id": gid(person)})["node"]["encounters"]["edges"]
    return [(edge["node"]["person"]["name"], edge["node"]["context"]) for edge in edges]


def test_an_interviewer_named_by_the_candidate_counts_once_they_confirm(api: Api, db: Driver, world: World) -> None:
    # The candidate sees everyone they named; Ana, who has not confirmed, sees nobody there, and Cy
    # (confirmed) sees the candidate but not Ana.
    assert encounters(api, "me", "me") == [
        ("Ana Lima", "Globex interview"),
        ("Cy Park", "Globex interview"),
        ("Bo Chen", "connection"),
    ]
    assert encounters(api, "ana", "ana") == []
    assert encounters(api, "cy", "cy") == [("Mo Reyes", "Globex interview")]
    for person in world.people:  # sharing does not make an unconfirmed participation count
        share(api, person)
    assert encounters(api, "ana", "ana") == []
    assert reach(api, "cy", "cy", "ana")["degreeTo"] is None
    assert reach(api, "bo", "bo", "ana")["degreeTo"] is None, "not through my interview either"
    stats = "query($id: ID!) { node(id: $id) { ... on Person { interviewStats { asInterviewer peopleMet } } } }"
    assert as_(api, "ana").data(stats, {"id": gid("ana")})["node"]["interviewStats"] == {
        "asInterviewer": 0,
        "peopleMet": 0,
    }
    # Admins see every participation.
    assert api.data(stats, {"id": gid("ana")})["node"]["interviewStats"] == {"asInterviewer": 1, "peopleMet": 2}

    db.execute_query("MATCH (:Person {id: 'ana'})-[part:INTERVIEWER_IN]->() SET part.confirmed = true")
    assert encounters(api, "ana", "ana") == [("Cy Park", "Globex interview"), ("Mo Reyes", "Globex interview")]
    assert reach(api, "cy", "cy", "ana")["degreeTo"] == 1


def test_suggestions_show_only_what_the_viewer_may_see(api: Api, world: World) -> None:
    query = "query($id: ID!) { node(id: $id) { ... on Person { suggestions { person { name } reasons } } } }"
    assert world.shares == {}
    # Dee's Globex interview and Bo's meeting with Yu are theirs: nothing to suggest from them.
    assert as_(api, "me").data(query, {"id": gid("me")})["node"]["suggestions"] == []
    share(api, "dee")
    share(api, "bo")
    share(api, "yu")
    assert as_(api, "me").data(query, {"id": gid("me")})["node"]["suggestions"] == [
        {"person": {"name": "Yu Sato"}, "reasons": ["1 shared contacts: Bo Chen"]},
        {"person": {"name": "Dee Ortiz"}, "reasons": ["You both interviewed with Globex"]},
    ]


LIST = """{ people(first: 10) { edges { node {
  name email sharesEncounters
  interviews { totalCount } encounters { totalCount } opportunities { totalCount }
  suggestions { score } interviewStats { peopleMet }
} } } }"""


def test_a_list_of_people_shows_everyone_with_only_my_own_private_fields(api: Api, world: World) -> None:
    edges = as_(api, "me").data("{ people { edges { node { name encounters { totalCount } } } } }")["people"]["edges"]
    counts = {edge["node"]["name"]: edge["node"]["encounters"]["totalCount"] for edge in edges}
    assert counts == {"Ana Lima": 0, "Bo Chen": 0, "Cy Park": 0, "Dee Ortiz": 0, "Mo Reyes": 3, "Yu Sato": 0}
    share(api, "bo")
    share(api, "me")
    people = {edge["node"]["name"]: edge["node"] for edge in as_(api, "me").data(LIST)["people"]["edges"]}
    assert people.keys() == {world.names[person] for person in world.people}
    nothing: dict[str, object] = {
        "email": None,
        "sharesEncounters": False,
        "interviews": {"totalCount": 0},
        "encounters": {"totalCount": 0},
        "opportunities": {"totalCount": 0},
        "suggestions": [],
        "interviewStats": None,
    }
    for name, person in people.items():
        if name != "Mo Reyes":
            assert person == {"name": name, **nothing}, "Bo shares his encounters, but not his flag"
    mine = people["Mo Reyes"]
    assert mine["email"] == "me@example.com"
    assert mine["sharesEncounters"] is True
    assert mine["interviews"] == {"totalCount": 1}
    assert mine["encounters"] == {"totalCount": 3}
    assert mine["interviewStats"] == {"peopleMet": 2}

    everyone = {edge["node"]["name"]: edge["node"] for edge in api.data(LIST)["people"]["edges"]}  # an admin
    assert everyone["Bo Chen"]["sharesEncounters"] is True
    assert everyone["Bo Chen"]["email"] == "bo@example.com"
    assert everyone["Bo Chen"]["encounters"] == {"totalCount": 2}


def test_only_the_person_or_an_admin_sets_their_sharing(api: Api, world: World) -> None:  # noqa: ARG001 - loads it
    mutation = """mutation($input: UpdatePersonInput!) {
      updatePerson(input: $input) { person { sharesEncounters } userErrors { field code } } }"""
    refused = as_(api, "me").post(mutation, {"input": {"id": gid("bo"), "sharesEncounters": True}})
    assert codes(refused) == ["FORBIDDEN"]
    unset = as_(api, "bo").data(mutation, {"input": {"id": gid("bo"), "sharesEncounters": None}})
    assert unset["updatePerson"]["userErrors"] == [{"field": ["input", "sharesEncounters"], "code": "REQUIRED"}]
    done = api.data(mutation, {"input": {"id": gid("bo"), "sharesEncounters": True}})  # an admin
    assert done["updatePerson"] == {"person": {"sharesEncounters": True}, "userErrors": []}
    flag = "query($id: ID!) { node(id: $id) { ... on Person { sharesEncounters } } }"
    assert as_(api, "bo").data(flag, {"id": gid("bo")}) == {"node": {"sharesEncounters": True}}
    assert as_(api, "me").data(flag, {"id": gid("bo")}) == {"node": {"sharesEncounters": False}}


def test_an_interview_recorded_by_its_candidate_is_a_link_for_the_interviewer_once_confirmed(
    api: Api, world: World
) -> None:
    """The same rule end to end: recordInterview by the candidate, then confirmInterview by the interviewer."""
    company = api.data('mutation { createCompany(input: {name: "Hooli"}) { company { id } } }')
    record = """mutation($input: RecordInterviewInput!) {
      recordInterview(input: $input) { interview { id } userErrors { code } } }"""
    recorded = as_(api, "dee").data(
        record,
        {
            "input": {
                "candidateId": gid("dee"),
                "companyId": company["createCompany"]["company"]["id"],
                "interviewerIds": [gid("yu")],
                "date": "2025-01-15",
            }
        },
    )["recordInterview"]
    assert recorded["userErrors"] == []
    assert encounters(api, "dee", "dee") == [("Yu Sato", "Hooli interview")]
    assert ("Dee Ortiz", "Hooli interview") not in encounters(api, "yu", "yu")

    confirm = "mutation($input: ConfirmInterviewInput!) { confirmInterview(input: $input) { userErrors { code } } }"
    confirmed = as_(api, "yu").data(confirm, {"input": {"id": recorded["interview"]["id"]}})
    assert confirmed == {"confirmInterview": {"userErrors": []}}
    assert ("Dee Ortiz", "Hooli interview") in encounters(api, "yu", "yu")
    assert world.shares == {}
    assert reach(api, "bo", "bo", "dee")["degreeTo"] is None, "Bo knows Yu's interviews only once both share"
