"""interviewValue and interviewValues over HTTP: whom you would meet and why, what it adds, ranking, errors, privacy.

I know Ana (Globex), who knows Bo (Hooli). Initech invites me: Yu hires for its Backend Engineer role and
sat on two of its panels, Zoe sat on three (she does not share her encounters, so only admins count
them), Kim works there too. Rita recruits for the role; she used to work at Staffco with Sam, who is
still there, where a Talent Partner role is open.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from neo4j import Driver

from api.graph import Graph, interview_value
from api.graph.links import Viewpoint
from tests.conftest import Api
from tests.network.conftest import CAST, as_, codes, gid
from tests.network.world import Interview, Position, Role, World, load

WORLD = World(
    people=["me", "ana", "bo", "hal", "yu", "zoe", "kim", "rita", "sam", "cand1", "cand2", "cand4"],
    companies=["globex", "hooli", "initech", "staffco"],
    names=CAST,
    positions=[
        Position("ana", "globex", "SRE", date(2019, 1, 1), None),
        Position("bo", "hooli", "PM", date(2020, 1, 1), None),
        Position("hal", "hooli", "Director", date(2018, 1, 1), None),
        Position("yu", "initech", "Director", date(2019, 1, 1), None),
        Position("zoe", "initech", "Engineer", date(2021, 6, 1), None),
        Position("kim", "initech", "Engineer", None, None),
        Position("rita", "staffco", "Recruiter", date(2018, 1, 1), date(2023, 1, 31)),
        Position("sam", "staffco", "Lead", date(2017, 1, 1), None),
    ],
    knows=[("me", "ana", date(2021, 3, 4)), ("ana", "bo", date(2022, 1, 1))],
    roles=[
        Role("sre", "globex", "Staff SRE", "OPEN", date(2024, 9, 1), remote=True, hiring_manager="ana"),
        Role("pm", "hooli", "Data PM", "OPEN", date(2024, 9, 1), hiring_manager="hal"),
        Role("eng", "initech", "Backend Engineer", "OPEN", date(2024, 2, 1), hiring_manager="yu", recruiters=("rita",)),
        Role("ops", "initech", "API Lead", "OPEN", date(2024, 2, 1), hiring_manager="zoe"),
        Role("talent", "staffco", "Talent Partner", "OPEN", date(2024, 5, 1)),
    ],
    interviews=[
        Interview("i1", date(2024, 3, 1), "initech", "eng", "cand1", ("yu", "zoe")),
        Interview("i2", date(2024, 4, 1), "initech", "eng", "cand2", ("yu", "zoe")),
        Interview("i3", date(2024, 5, 1), "initech", None, "cand2", ("zoe",)),
        Interview("i4", date(2024, 6, 1), "hooli", None, "cand4", ("hal",)),
    ],
    shares={"me": True, "yu": True, "cand1": True, "hal": True, "cand4": True, "zoe": False, "cand2": False},
)

VALUE = """
query($id: ID!, $companyId: ID!, $roleId: ID, $maxHops: Int) {
  node(id: $id) { ... on Person {
    interviewValue(companyId: $companyId, roleId: $roleId, maxHops: $maxHops) {
      company { name }
      role { title }
      likelyToMeet { person { name } reasons hopsBefore }
      newPeople { within1 withinMaxHops }
      before { people openRoles companies }
      after { people openRoles companies }
      newCompanies { name }
      newOpportunities(first: 10) {
        totalCount
        edges { node {
          hops score role { title } contact { name } reasons
          paths { steps { from { name } to { name } kind context hypothetical } }
        } }
      }
    }
  } }
}
"""

RANKED = """
query($id: ID!, $companyIds: [ID!]!) {
  node(id: $id) { ... on Person {
    interviewValues(companyIds: $companyIds) {
      company { name }
      newPeople { withinMaxHops }
      newOpportunities { totalCount }
    }
  } }
}
"""


@pytest.fixture
async def world(db: Driver, graph: Graph) -> World:
    load(db, WORLD)
    # Planned under the test graph's timeout first, as the app plans it at start-up.
    for viewer in (Viewpoint("me"), Viewpoint(None, admin=True)):
        await interview_value.interview_values(graph, "me", ["initech"], role_id="eng", viewer=viewer)
    return WORLD


def value(api: Api, **variables: Any) -> dict[str, Any]:
    answer: dict[str, Any] = api.data(VALUE, {"id": gid("me"), **variables})["node"]["interviewValue"]
    return answer


@pytest.mark.usefixtures("world")
def test_an_invitation_names_whom_you_would_meet_and_what_it_adds(api: Api) -> None:
    got = value(as_(api, "me"), companyId=gid("initech", "Company"), roleId=gid("eng", "Role"))
    assert got["company"] == {"name": "Initech"}
    assert got["role"] == {"title": "Backend Engineer"}
    assert got["likelyToMeet"] == [
        {
            "person": {"name": "Yu Sato"},
            "reasons": [
                "Hiring manager for Backend Engineer",
                "Sat on 2 Initech interview panels",
                "Works at Initech since 2019-01-01",
                "New to your network (not within 2 hops)",
            ],
            "hopsBefore": None,
        },
        {
            "person": {"name": "Rita Gomez"},
            "reasons": ["Recruits for Backend Engineer", "New to your network (not within 2 hops)"],
            "hopsBefore": None,
        },
        # Zoe's panels are hers to share: she does not, so they count for nothing here (names break the tie).
        {
            "person": {"name": "Kim Ito"},
            "reasons": ["Works at Initech", "New to your network (not within 2 hops)"],
            "hopsBefore": None,
        },
        {
            "person": {"name": "Zoe Park"},
            "reasons": ["Works at Initech since 2021-06-01", "New to your network (not within 2 hops)"],
            "hopsBefore": None,
        },
    ]
    # Now: Ana, and Bo through her; after: the four I would meet, and Cal (who met Yu at an interview, both
    # sharing) and Sam (who worked with Rita) through them. Cy's and Zoe's interviews are not mine to see.
    assert got["before"] == {"people": 2, "openRoles": 2, "companies": 2}
    assert got["after"] == {"people": 8, "openRoles": 5, "companies": 4}
    assert got["newPeople"] == {"within1": 4, "withinMaxHops": 6}
    assert got["newCompanies"] == [{"name": "Initech"}, {"name": "Staffco"}]
    opportunities = got["newOpportunities"]
    assert opportunities["totalCount"] == 3
    # Equal scores by title (the same in every copy of the data), not by id.
    ops, eng, talent = (edge["node"] for edge in opportunities["edges"])
    assert eng == {
        "hops": 1,
        "score": 44.0,
        "role": {"title": "Backend Engineer"},
        "contact": {"name": "Yu Sato"},
        "reasons": [
            "You would meet Yu Sato at your Initech interview",
            "Yu is the hiring manager for Backend Engineer",
        ],
        "paths": [
            {
                "steps": [
                    {
                        "from": {"name": "Mo Reyes"},
                        "to": {"name": "Yu Sato"},
                        "kind": "MET_AT_INTERVIEW",
                        "context": "Initech interview",
                        "hypothetical": True,
                    }
                ]
            }
        ],
    }
    assert (ops["role"], ops["contact"], ops["score"]) == ({"title": "API Lead"}, {"name": "Zoe Park"}, 44.0)
    assert talent["reasons"] == [
        "You would meet Rita Gomez at your Initech interview",
        "Rita Gomez can introduce you to Sam Hill (2 hops)",
        "Sam works at Staffco",
    ]
    assert talent["score"] == 31.0
    assert [step["hypothetical"] for step in talent["paths"][0]["steps"]] == [True, False]
    assert talent["paths"][0]["steps"][1]["context"] == "worked together at Staffco"


@pytest.mark.usefixtures("world")
def test_an_admin_sees_every_interview_panel_and_encounter(api: Api) -> None:
    got = value(api, companyId=gid("initech", "Company"), maxHops=2)
    assert [(contact["person"]["name"], contact["reasons"][0]) for contact in got["likelyToMeet"]] == [
        ("Zoe Park", "Sat on 3 Initech interview panels"),
        ("Yu Sato", "Sat on 2 Initech interview panels"),
        ("Kim Ito", "Works at Initech"),
    ]
    # Cy (Yu's and Zoe's candidate) is within two hops too, for an admin.
    assert got["newPeople"] == {"within1": 3, "withinMaxHops": 5}


@pytest.mark.usefixtures("world")
def test_people_already_in_your_network_say_how_far_they_are(api: Api) -> None:
    got = value(as_(api, "me"), companyId=gid("hooli", "Company"))
    assert [(contact["person"]["name"], contact["hopsBefore"]) for contact in got["likelyToMeet"]] == [
        ("Hal Berg", None),
        ("Bo Chen", 2),
    ]
    assert got["likelyToMeet"][1]["reasons"][-1] == "Already 2 hops from you"
    # Hooli is reachable already (through Bo): Hal and his candidate Cora are what it adds, no role.
    assert got["newPeople"] == {"within1": 2, "withinMaxHops": 2}
    assert got["newOpportunities"]["totalCount"] == 0
    assert got["newCompanies"] == []


@pytest.mark.usefixtures("world")
def test_interview_values_compare_invitations_best_first(api: Api) -> None:
    asked = [gid(company, "Company") for company in ("globex", "hooli", "initech", "hooli")]
    got = as_(api, "me").data(RANKED, {"id": gid("me"), "companyIds": asked})["node"]["interviewValues"]
    assert got == [
        # Without the role, Rita is not on the panel: no Sam, no Staffco.
        {"company": {"name": "Initech"}, "newPeople": {"withinMaxHops": 4}, "newOpportunities": {"totalCount": 2}},
        {"company": {"name": "Hooli"}, "newPeople": {"withinMaxHops": 2}, "newOpportunities": {"totalCount": 0}},
        {"company": {"name": "Globex"}, "newPeople": {"withinMaxHops": 0}, "newOpportunities": {"totalCount": 0}},
    ]


@pytest.mark.usefixtures("world")
def test_one_query_answers_a_comparison_and_nothing_is_written(api: Api, db: Driver) -> None:
    def snapshot() -> tuple[int, int]:
        records = db.execute_query("MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n) AS n, count(r) AS r")
        return records.records[0]["n"], records.records[0]["r"]

    me, before = as_(api, "me"), snapshot()
    asked = {"id": gid("me"), "companyIds": [gid(company, "Company") for company in ("globex", "hooli", "initech")]}
    compared = RANKED.replace("newOpportunities { totalCount }", "newOpportunities { edges { node { reasons } } }")
    alone = "query($id: ID!) { node(id: $id) { ... on Person { name } } }"

    def trips(query: str, variables: dict[str, Any]) -> int:
        me.data(query, variables)  # the viewer is known from now on
        start = api.round_trips
        me.data(query, variables)
        return api.round_trips - start

    assert trips(compared, asked) == trips(alone, {"id": gid("me")}) + 1
    assert snapshot() == before


@pytest.mark.usefixtures("world")
@pytest.mark.parametrize(
    ("variables", "code", "message"),
    [
        ({"companyId": gid("nope", "Company")}, "NOT_FOUND", "`companyId` names no company"),
        (
            {"companyId": gid("initech", "Company"), "roleId": gid("nope", "Role")},
            "NOT_FOUND",
            "`roleId` names no role",
        ),
        (
            {"companyId": gid("hooli", "Company"), "roleId": gid("eng", "Role")},
            "BAD_USER_INPUT",
            "`roleId` names a role at another company",
        ),
        ({"companyId": gid("me")}, "BAD_USER_INPUT", "`companyId` is not the ID of a Company"),
        ({"companyId": gid("hooli", "Company"), "maxHops": 5}, "BAD_USER_INPUT", "between 1 and 4"),
    ],
)
def test_bad_arguments_are_errors_on_the_field(api: Api, variables: dict[str, Any], code: str, message: str) -> None:
    body = as_(api, "me").post(VALUE, {"id": gid("me"), **variables})
    assert codes(body) == [code]
    assert message in body["errors"][0]["message"]
    assert body["errors"][0]["path"] == ["node", "interviewValue"]


@pytest.mark.usefixtures("world")
def test_at_most_ten_companies_are_compared_within_two_hops(api: Api) -> None:
    body = as_(api, "me").post(RANKED, {"id": gid("me"), "companyIds": [gid("hooli", "Company")] * 11})
    assert codes(body) == ["BAD_USER_INPUT"]
    assert "`companyIds` on `interviewValues` takes at most 10 companies, got 11" in body["errors"][0]["message"]
    farther = RANKED.replace(
        "interviewValues(companyIds: $companyIds)", "interviewValues(companyIds: $companyIds, maxHops: 3)"
    )
    body = as_(api, "me").post(farther, {"id": gid("me"), "companyIds": [gid("hooli", "Company")]})
    assert codes(body) == ["BAD_USER_INPUT"]
    assert "`maxHops` on `interviewValues` must be between 1 and 2, got 3" in body["errors"][0]["message"]
    unknown = as_(api, "me").post(
        RANKED, {"id": gid("me"), "companyIds": [gid("hooli", "Company"), gid("x", "Company")]}
    )
    assert codes(unknown) == ["NOT_FOUND"]
    assert unknown["errors"][0]["message"].startswith("`companyIds[1]` names no company")


@pytest.mark.usefixtures("world")
def test_someone_elses_interview_value_reads_as_null_or_empty(api: Api) -> None:
    other = as_(api, "ana")
    assert other.data(VALUE, {"id": gid("me"), "companyId": gid("initech", "Company")}) == {
        "node": {"interviewValue": None}
    }
    ranked = other.data(RANKED, {"id": gid("me"), "companyIds": [gid("initech", "Company")]})
    assert ranked == {"node": {"interviewValues": []}}
    anonymous = api.as_viewer(None).post(VALUE, {"id": gid("me"), "companyId": gid("initech", "Company")})
    assert codes(anonymous) == ["UNAUTHENTICATED"]


@pytest.mark.usefixtures("world")
def test_each_compared_company_counts_toward_the_node_limit(api: Api) -> None:
    query = RANKED.replace("newOpportunities { totalCount }", "newOpportunities(first: 50) { totalCount }")
    asked = [gid(company, "Company") for company in ("globex", "hooli", "initech")]
    body = as_(api, "me").post(query, {"id": gid("me"), "companyIds": asked})
    assert body["extensions"]["cost"]["nodeCount"] == 3 + 3 * 50


@pytest.mark.usefixtures("world")
def test_two_windows_of_new_opportunities_and_what_the_rows_do_not_hold(api: Api) -> None:
    # Aliases with other windows are fetched by the same statement; fields the statement's rows do not hold
    # (positions, pages, a role's recruiters) are read for all of them in one more, as for `opportunities`.
    query = """
    query($id: ID!, $company: ID!, $role: ID!, $after: String) {
      node(id: $id) { ... on Person {
        interviewValue(companyId: $company, roleId: $role) {
          company { name openRoles(first: 5) { totalCount } }
          role { title recruiters { name } }
          likelyToMeet { person { name currentPositions { title company { name } } } }
          first: newOpportunities(first: 1) { edges { cursor node { role { title } } } }
          ...rest
        }
      } }
    }
    fragment rest on InterviewValue {
      rest: newOpportunities(first: 5, after: $after) {
        totalCount pageInfo { hasNextPage hasPreviousPage } edges { node { role { title } contact { headline } } }
      }
    }
    """
    me = as_(api, "me")
    variables = {"id": gid("me"), "company": gid("initech", "Company"), "role": gid("eng", "Role")}
    first = me.data(query, variables)["node"]["interviewValue"]
    cursor = first["first"]["edges"][0]["cursor"]
    start = api.round_trips
    got = me.data(query, variables | {"after": cursor})["node"]["interviewValue"]
    assert api.round_trips - start == 1 + 1 + 3  # the value, then the people, companies and role its rows lack
    assert got["company"] == {"name": "Initech", "openRoles": {"totalCount": 2}}
    assert got["role"] == {"title": "Backend Engineer", "recruiters": [{"name": "Rita Gomez"}]}
    assert got["likelyToMeet"][0] == {
        "person": {"name": "Yu Sato", "currentPositions": [{"title": "Director", "company": {"name": "Initech"}}]}
    }
    assert [edge["node"]["role"]["title"] for edge in got["first"]["edges"]] == ["API Lead"]
    assert got["rest"] == {
        "totalCount": 3,
        "pageInfo": {"hasNextPage": False, "hasPreviousPage": True},
        "edges": [
            {"node": {"role": {"title": "Backend Engineer"}, "contact": {"headline": None}}},
            {"node": {"role": {"title": "Talent Partner"}, "contact": {"headline": None}}},
        ],
    }


@pytest.mark.usefixtures("world")
def test_new_opportunities_page_backwards(api: Api) -> None:
    query = """
    query($id: ID!, $company: ID!, $role: ID!, $before: String) {
      node(id: $id) { ... on Person {
        interviewValue(companyId: $company, roleId: $role) {
          all: newOpportunities { edges { cursor node { role { title } } } }
          end: newOpportunities(last: 2) {
            totalCount pageInfo { hasNextPage hasPreviousPage startCursor } edges { cursor node { role { title } } }
          }
          back: newOpportunities(last: 2, before: $before) {
            pageInfo { hasNextPage hasPreviousPage } edges { cursor node { role { title } } }
          }
        }
      } }
    }
    """
    me = as_(api, "me")
    variables = {"id": gid("me"), "company": gid("initech", "Company"), "role": gid("eng", "Role")}
    end = me.data(query, variables)["node"]["interviewValue"]["end"]
    got = me.data(query, variables | {"before": end["pageInfo"]["startCursor"]})["node"]["interviewValue"]
    assert [edge["node"]["role"]["title"] for edge in got["all"]["edges"]] == [
        "API Lead",
        "Backend Engineer",
        "Talent Partner",
    ]
    assert got["end"]["edges"] == got["all"]["edges"][1:]
    assert (
        got["end"]["totalCount"],
        got["end"]["pageInfo"]["hasNextPage"],
        got["end"]["pageInfo"]["hasPreviousPage"],
    ) == (
        3,
        False,
        True,
    )
    assert got["back"] == {
        "pageInfo": {"hasNextPage": True, "hasPreviousPage": False},
        "edges": got["all"]["edges"][:1],
    }


@pytest.mark.usefixtures("world")
def test_a_bad_cursor_is_an_error_on_that_page(api: Api) -> None:
    query = VALUE.replace("newOpportunities(first: 10)", 'newOpportunities(first: 10, after: "nope")')
    body = as_(api, "me").post(query, {"id": gid("me"), "companyId": gid("initech", "Company")})
    assert codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["path"] == ["node", "interviewValue", "newOpportunities"]
    assert body["errors"][0]["message"] == "`after` is not a cursor returned by this API: 'nope'"
