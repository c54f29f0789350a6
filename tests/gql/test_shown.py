"""The people and roles a network answer shows: made from the search's own rows, or read in one more statement."""

from __future__ import annotations

from typing import Any

import pytest

from api.graph import network as queries
from tests.conftest import Api
from tests.gql.conftest import Build

OPPORTUNITIES = """{ viewer { opportunities(maxHops: 1) { edges { node {
  contact { name email sharesEncounters }
  paths { steps { from { name email sharesEncounters } to { name email sharesEncounters } } }
  role { title %s }
} } } } }"""


@pytest.fixture
def api(api: Api, monkeypatch: pytest.MonkeyPatch) -> Api:
    """The session's app under the planning timeout: the network statements are planned for each new
    world, seconds each on a busy machine, which these tests of answers must not count as a timeout."""
    monkeypatch.setattr(api.http.app.state.graph, "timeout_s", queries.PLANNING_TIMEOUT_S)  # type: ignore[attr-defined]
    return api


@pytest.fixture
def network(build: Build) -> dict[str, str]:
    """Maya knows Bo, who works at Acme and hires for its open role; Cy recruits for it. Maya and Bo share."""
    acme = build.company("Acme")
    maya = build.person("Maya Chen", email="maya@example.com")
    bo = build.person("Bo Lind", email="bo@example.com")
    cy = build.person("Cy Park", email="cy@example.com")
    build.position(bo, acme, title="Lead", startedOn="2020-01-01")
    build.role(acme, "Engineer", hiringManagerId=bo, recruiterIds=[cy])
    build.connect(maya, bo)
    for sharing in (maya, bo):
        build.update(sharing, sharesEncounters=True)
    return {"maya": maya, "bo": bo, "cy": cy}


def opportunities(api: Api, role: str) -> tuple[list[dict[str, Any]], int]:
    before = api.round_trips
    edges = api.data(OPPORTUNITIES % role)["viewer"]["opportunities"]["edges"]
    return [edge["node"] for edge in edges], api.round_trips - before


def test_from_the_searchs_rows_others_private_fields_stay_hidden(api: Api, network: dict[str, str]) -> None:
    maya = api.as_person(network["maya"])
    maya.data("{ __typename }")  # the app now knows who the token's subject is
    found, statements = opportunities(maya, "company { name }")
    assert found == [
        {
            "contact": {"name": "Bo Lind", "email": None, "sharesEncounters": False},
            "paths": [
                {
                    "steps": [
                        {
                            "from": {"name": "Maya Chen", "email": "maya@example.com", "sharesEncounters": True},
                            "to": {"name": "Bo Lind", "email": None, "sharesEncounters": False},
                        }
                    ]
                }
            ],
            "role": {"title": "Engineer", "company": {"name": "Acme"}},
        }
    ]
    assert statements == 1, "the search alone: its rows hold the people, the role and its company"


def test_what_the_rows_lack_is_read_in_one_more_statement(api: Api, network: dict[str, str]) -> None:
    maya = api.as_person(network["maya"])
    maya.data("{ __typename }")
    found, statements = opportunities(maya, "hiringManager { name email } recruiters { name }")
    assert [node["role"] for node in found] == [
        {"title": "Engineer", "hiringManager": {"name": "Bo Lind", "email": None}, "recruiters": [{"name": "Cy Park"}]}
    ]
    assert statements == 2, "the search, then the roles with their hiring managers and recruiters"


# Every other network field that shows people, each asking only what their rows hold.
PEOPLE_SHOWN = """query ($cy: ID!) { viewer {
  pathsTo(personId: $cy, maxHops: 2) { steps { from { name email } to { name email } } }
  encounters { edges { node { kind person { name email } } } }
  mutualConnections(otherId: $cy) { edges { node { name email } } }
  suggestions { person { name email } reasons }
} }"""


def test_every_network_field_shows_its_people_from_its_own_rows(api: Api, network: dict[str, str]) -> None:
    api.data(
        "mutation ($a: ID!, $b: ID!) { connect(input: {personId: $a, otherId: $b}) { person { id } } }",
        {"a": network["bo"], "b": network["cy"]},
    )
    maya = api.as_person(network["maya"])
    maya.data("{ __typename }")
    root = "viewer"
    fields = ("pathsTo", "encounters", "mutualConnections", "suggestions")
    before = maya.round_trips
    found = maya.data(PEOPLE_SHOWN, {"cy": network["cy"]})[root]
    # The viewer's own row is known from the token; each network field is one statement and no more.
    assert maya.round_trips - before == len(fields)
    bo, cy = {"name": "Bo Lind", "email": None}, {"name": "Cy Park", "email": None}
    me = {"name": "Maya Chen", "email": "maya@example.com"}
    assert found["pathsTo"] == [{"steps": [{"from": me, "to": bo}, {"from": bo, "to": cy}]}]
    assert found["encounters"]["edges"] == [{"node": {"kind": "KNOWS", "person": bo}}]
    assert found["mutualConnections"]["edges"] == [{"node": bo}]
    assert found["suggestions"] == [{"person": cy, "reasons": [found["suggestions"][0]["reasons"][0]]}]
    assert "Bo Lind" in found["suggestions"][0]["reasons"][0], "the reasons name the contact both share"
