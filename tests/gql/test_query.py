"""The root Query: nodes by global ID, viewer, filtered lists and full-text search."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Api
from tests.gql.conftest import Build


def raw_id(text: str) -> str:
    """A global ID built by hand, the way a client could forge one."""
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def names(connection: dict[str, Any]) -> list[str]:
    return [edge["node"].get("name") or edge["node"].get("title") for edge in connection["edges"]]


NODE = "query($id: ID!) { node(id: $id) { __typename id ... on Person { name } ... on Company { name } } }"


def test_node_finds_a_person_by_global_id(api: Api, build: Build) -> None:
    ana = build.person("Ana Lima", headline="Data engineer")
    data = api.data("query($id: ID!) { node(id: $id) { __typename id ... on Person { name headline } } }", {"id": ana})
    assert data == {"node": {"__typename": "Person", "id": ana, "name": "Ana Lima", "headline": "Data engineer"}}


def test_node_finds_a_company_and_a_role(api: Api, build: Build) -> None:
    acme = build.company("Acme")
    role = build.role(acme, "Data engineer")
    query = "query($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Company { name } ... on Role { title } } }"
    data = api.data(query, {"ids": [acme, role]})
    assert data == {
        "nodes": [
            {"__typename": "Company", "id": acme, "name": "Acme"},
            {"__typename": "Role", "id": role, "title": "Data engineer"},
        ]
    }


@pytest.mark.parametrize(
    "global_id",
    [
        pytest.param(raw_id("Person:no-such-person"), id="unknown"),
        pytest.param("not-an-id", id="garbage"),
        pytest.param("", id="empty"),
        pytest.param("é☃", id="non-ascii"),
        pytest.param(raw_id("Planet:1"), id="unknown-type"),
        pytest.param(raw_id("Person:"), id="no-local-id"),
    ],
)
def test_node_is_null_for_an_id_that_names_nothing(api: Api, global_id: str) -> None:
    assert api.data(NODE, {"id": global_id}) == {"node": None}


def test_node_is_null_for_a_local_id_under_the_wrong_type(api: Api, build: Build) -> None:
    ana = build.person("Ana Lima")
    local = base64.urlsafe_b64decode(ana + "=" * (-len(ana) % 4)).decode().partition(":")[2]
    assert api.data(NODE, {"id": raw_id(f"Company:{local}")}) == {"node": None}


def test_node_refuses_an_id_with_stray_characters(api: Api, build: Build) -> None:
    ana = build.person("Ana Lima")
    assert api.data(NODE, {"id": f" {ana}!"}) == {"node": None}


def test_nodes_keeps_order_and_answers_null_for_unknown_ids(api: Api, build: Build) -> None:
    ana = build.person("Ana Lima")
    acme = build.company("Acme")
    query = "query($ids: [ID!]!) { nodes(ids: $ids) { id } }"
    data = api.data(query, {"ids": [acme, "garbage", ana, raw_id("Role:missing")]})
    assert data == {"nodes": [{"id": acme}, None, {"id": ana}, None]}


def test_nodes_refuses_more_than_100_ids(api: Api) -> None:
    body = api.post("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": ["x"] * 101})
    assert body["data"] is None
    assert [error["message"] for error in body["errors"]] == ["`nodes` takes at most 100 ids, got 101"]


def test_an_interview_is_not_a_node_for_another_person(api: Api, build: Build) -> None:
    ana = build.person("Ana Lima")
    interview = build.interview(ana, build.company("Acme"), "2024-05-17")
    assert api.as_person(build.person("Bo")).data(NODE, {"id": interview}) == {"node": None}


INTERVIEW = """query($id: ID!, $ids: [ID!]!) {
  node(id: $id) { __typename id ... on Interview { date notes } }
  nodes(ids: $ids) { __typename id }
}"""


def test_someone_elses_interview_answers_exactly_as_an_id_that_names_nothing(api: Api, build: Build) -> None:
    ana = build.person("Ana Lima")
    interview = build.interview(ana, build.company("Acme"), "2024-05-17", notes="salary talk")
    as_bo = api.as_person(build.person("Bo"))
    nothing = raw_id("Interview:00000000-0000-4000-8000-000000000000")
    # The whole body, errors and cost included: nothing in it tells Bo that Ana's interview exists.
    asked, unknown = (as_bo.post(INTERVIEW, {"id": id_, "ids": [id_, id_]}) for id_ in (interview, nothing))
    assert asked == unknown
    assert asked["data"] == {"node": None, "nodes": [None, None]}


def test_viewer_is_null_when_anonymous(api: Api, build: Build) -> None:
    build.person("Ana Lima")
    assert api.data("{ viewer { id } }") == {"viewer": None}


PEOPLE = """query($filter: PersonFilter) {
  people(filter: $filter) { totalCount edges { node { name } } }
}"""


@pytest.fixture
def staff(build: Build) -> dict[str, str]:
    """Ana works at Acme now, Bob left Acme, Cleo works at Globex and is open to work."""
    acme, globex = build.company("Acme"), build.company("Globex")
    ana, bob = build.person("Ana Lima"), build.person("Bob Stone")
    cleo = build.person("Cleo Anand", openToWork=True)
    build.position(ana, acme, title="Engineer", startedOn="2021-01-01")
    build.position(bob, acme, title="Engineer", startedOn="2015-01-01", endedOn="2020-01-01")
    build.position(cleo, globex, title="Designer", startedOn="2019-01-01")
    return {"acme": acme, "globex": globex, "ana": ana, "bob": bob, "cleo": cleo}


@pytest.mark.usefixtures("staff")
def test_people_lists_everyone_by_name(api: Api) -> None:
    assert api.data(PEOPLE) == {
        "people": {
            "totalCount": 3,
            "edges": [
                {"node": {"name": "Ana Lima"}},
                {"node": {"name": "Bob Stone"}},
                {"node": {"name": "Cleo Anand"}},
            ],
        }
    }


@pytest.mark.usefixtures("staff")
def test_people_name_contains_ignores_case(api: Api) -> None:
    data = api.data(PEOPLE, {"filter": {"nameContains": "AN"}})
    assert data == {
        "people": {"totalCount": 2, "edges": [{"node": {"name": "Ana Lima"}}, {"node": {"name": "Cleo Anand"}}]}
    }


def test_people_company_id_means_works_there_now(api: Api, staff: dict[str, str]) -> None:
    data = api.data(PEOPLE, {"filter": {"companyId": staff["acme"]}})
    assert data == {"people": {"totalCount": 1, "edges": [{"node": {"name": "Ana Lima"}}]}}


@pytest.mark.usefixtures("staff")
def test_people_open_to_work(api: Api) -> None:
    assert api.data(PEOPLE, {"filter": {"openToWork": True}}) == {
        "people": {"totalCount": 1, "edges": [{"node": {"name": "Cleo Anand"}}]}
    }
    assert api.data(PEOPLE, {"filter": {"openToWork": False}}) == {
        "people": {"totalCount": 2, "edges": [{"node": {"name": "Ana Lima"}}, {"node": {"name": "Bob Stone"}}]}
    }


def test_people_filters_combine(api: Api, staff: dict[str, str]) -> None:
    data = api.data(PEOPLE, {"filter": {"companyId": staff["globex"], "nameContains": "ana", "openToWork": True}})
    assert data == {"people": {"totalCount": 1, "edges": [{"node": {"name": "Cleo Anand"}}]}}


def test_people_company_id_must_name_a_company(api: Api, staff: dict[str, str]) -> None:
    body = api.post(PEOPLE, {"filter": {"companyId": staff["ana"]}})
    assert body["data"] is None
    assert body["errors"][0]["message"] == f"`filter.companyId` is not the ID of a Company: {staff['ana']!r}"
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT"}


COMPANIES = """query($filter: CompanyFilter) {
  companies(filter: $filter) { totalCount edges { node { name } } }
}"""


@pytest.fixture
def hiring(api: Api, build: Build) -> dict[str, str]:
    """Acme has an open role, Globex only a closed one, Initech none."""
    acme, globex = build.company("Acme Corp"), build.company("Globex")
    build.company("Initech")
    build.role(acme, "Engineer")
    closed = build.role(globex, "Designer")
    api.data("mutation($id: ID!) { setRoleStatus(input: {id: $id, status: CLOSED}) { role { id } } }", {"id": closed})
    return {"acme": acme, "globex": globex}


@pytest.mark.usefixtures("hiring")
def test_companies_name_contains_ignores_case(api: Api) -> None:
    data = api.data(COMPANIES, {"filter": {"nameContains": "CORP"}})
    assert data == {"companies": {"totalCount": 1, "edges": [{"node": {"name": "Acme Corp"}}]}}


@pytest.mark.usefixtures("hiring")
def test_companies_with_open_roles(api: Api) -> None:
    data = api.data(COMPANIES, {"filter": {"hasOpenRoles": True}})
    assert data == {"companies": {"totalCount": 1, "edges": [{"node": {"name": "Acme Corp"}}]}}


@pytest.mark.usefixtures("hiring")
def test_companies_without_open_roles(api: Api) -> None:
    data = api.data(COMPANIES, {"filter": {"hasOpenRoles": False}})
    assert data == {
        "companies": {"totalCount": 2, "edges": [{"node": {"name": "Globex"}}, {"node": {"name": "Initech"}}]}
    }


ROLES = """query($filter: RoleFilter) {
  roles(filter: $filter) { totalCount edges { node { title status company { name } } } }
}"""


@pytest.fixture
def openings(api: Api, build: Build) -> dict[str, str]:
    """Acme: Data engineer (newest), Backend engineer (filled). Globex: Data analyst."""
    acme, globex = build.company("Acme"), build.company("Globex")
    build.role(acme, "Data engineer", postedOn="2024-03-01")
    filled = build.role(acme, "Backend engineer", postedOn="2024-02-01")
    build.role(globex, "Data analyst", postedOn="2024-01-01")
    api.data("mutation($id: ID!) { setRoleStatus(input: {id: $id, status: FILLED}) { role { id } } }", {"id": filled})
    return {"acme": acme, "globex": globex}


@pytest.mark.usefixtures("openings")
def test_roles_lists_newest_first(api: Api) -> None:
    assert api.data(ROLES) == {
        "roles": {
            "totalCount": 3,
            "edges": [
                {"node": {"title": "Data engineer", "status": "OPEN", "company": {"name": "Acme"}}},
                {"node": {"title": "Backend engineer", "status": "FILLED", "company": {"name": "Acme"}}},
                {"node": {"title": "Data analyst", "status": "OPEN", "company": {"name": "Globex"}}},
            ],
        }
    }


def test_roles_by_company(api: Api, openings: dict[str, str]) -> None:
    data = api.data(ROLES, {"filter": {"companyId": openings["globex"]}})
    assert data == {
        "roles": {
            "totalCount": 1,
            "edges": [{"node": {"title": "Data analyst", "status": "OPEN", "company": {"name": "Globex"}}}],
        }
    }


@pytest.mark.usefixtures("openings")
def test_roles_by_status(api: Api) -> None:
    data = api.data(ROLES, {"filter": {"status": "FILLED"}})
    assert data == {
        "roles": {
            "totalCount": 1,
            "edges": [{"node": {"title": "Backend engineer", "status": "FILLED", "company": {"name": "Acme"}}}],
        }
    }


def test_roles_title_contains_ignores_case(api: Api, openings: dict[str, str]) -> None:
    data = api.data(ROLES, {"filter": {"titleContains": "DATA", "companyId": openings["acme"], "status": "OPEN"}})
    assert data == {
        "roles": {
            "totalCount": 1,
            "edges": [{"node": {"title": "Data engineer", "status": "OPEN", "company": {"name": "Acme"}}}],
        }
    }


SEARCH = """query($q: String!) {
  search(query: $q) { __typename ... on Person { name } ... on Company { name } ... on Role { title } }
}"""


@pytest.fixture
def searchable(build: Build) -> None:
    acme = build.company("Acme Analytics", industry="Software")
    build.person("Ana Lima", headline="Data engineer")
    build.person("Bob Stone", headline="Sales")
    build.role(acme, "Platform engineer")


@pytest.mark.usefixtures("searchable")
def test_search_finds_people_companies_and_roles(api: Api) -> None:
    data = api.data(SEARCH, {"q": "engineer"})
    assert sorted(data["search"], key=str) == [
        {"__typename": "Person", "name": "Ana Lima"},
        {"__typename": "Role", "title": "Platform engineer"},
    ]


@pytest.mark.usefixtures("searchable")
def test_search_matches_word_prefixes(api: Api) -> None:
    assert api.data(SEARCH, {"q": "Anal"}) == {"search": [{"__typename": "Company", "name": "Acme Analytics"}]}


@pytest.mark.usefixtures("searchable")
def test_search_needs_every_word(api: Api) -> None:
    assert api.data(SEARCH, {"q": "ana eng"}) == {"search": [{"__typename": "Person", "name": "Ana Lima"}]}


ANA = [{"__typename": "Person", "name": "Ana Lima"}]
# Characters with a meaning in Lucene's query syntax, and the ones the word splitter joins words with.
LUCENE_TROUBLE = [*"+-&|!(){}[]^\"~*?:\\/ '\u2019.,", "AND", "OR", "NOT", "TO"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("x'}) DETACH DELETE n //", []),
        ('ana" OR name:*', []),  # OR is a word to match, not an operator: nobody has a word starting "or"
        ("AND OR NOT", []),
        ("ana~ +lima*", ANA),
        ("(ana) [lima] {ana}", ANA),
        ("ana\\ /lima/ ? : && ||", ANA),
        ("data:engineer", ANA),  # not a field query: both words, in any indexed property
        ("   ", []),
        ("***", []),
    ],
)
@pytest.mark.usefixtures("searchable")
def test_search_treats_lucene_syntax_as_text(api: Api, text: str, expected: list[dict[str, str]]) -> None:
    assert api.data(SEARCH, {"q": text}) == {"search": expected}


@pytest.fixture
def punctuated(build: Build) -> None:
    """Names the index keeps as single words: apostrophes and dots inside them, a comma inside a number."""
    mcdonalds = build.company("McDonald's", industry="Restaurants")
    build.person("Siobhan O'Brien", headline="Banker at U.S. Bank, 3.5 years")
    build.role(mcdonalds, "Node.js developer, 1,000 users")


@pytest.mark.usefixtures("punctuated")
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("O'Brien", [{"__typename": "Person", "name": "Siobhan O'Brien"}]),
        ("o'b", [{"__typename": "Person", "name": "Siobhan O'Brien"}]),
        ("McDonald's", [{"__typename": "Company", "name": "McDonald's"}]),
        ("node.js", [{"__typename": "Role", "title": "Node.js developer, 1,000 users"}]),
        ("1,000", [{"__typename": "Role", "title": "Node.js developer, 1,000 users"}]),
        ("U.S. bank", [{"__typename": "Person", "name": "Siobhan O'Brien"}]),
        ("3.5 years", [{"__typename": "Person", "name": "Siobhan O'Brien"}]),
        ("restaurants developer", []),  # every word must match the same node
    ],
)
def test_search_finds_words_the_way_they_were_written(api: Api, text: str, expected: list[dict[str, str]]) -> None:
    assert api.data(SEARCH, {"q": text}) == {"search": expected}


@pytest.mark.usefixtures("searchable")
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    # codec="utf-8": a lone surrogate cannot be sent in a JSON body at all (the client fails to encode it).
    text=st.lists(st.sampled_from(LUCENE_TROUBLE) | st.characters(codec="utf-8"), max_size=80).map(
        lambda parts: "".join(parts)[:200]
    )
)
def test_search_never_fails_on_any_text(api: Api, text: str) -> None:
    body = api.post(SEARCH, {"q": text})
    assert (body.get("errors"), type(body["data"]["search"])) == (None, list)


def test_search_refuses_a_query_longer_than_200_characters(api: Api) -> None:
    body = api.post(SEARCH, {"q": "a " * 101})
    assert body["data"] is None
    assert [error["message"] for error in body["errors"]] == [
        "`query` on `search` must be at most 200 characters, got 202"
    ]


def test_search_first_limits_the_hits(api: Api, build: Build) -> None:
    for name in ("Ana One", "Ana Two", "Ana Three"):
        build.person(name)
    data = api.data('{ search(query: "ana", first: 2) { __typename } }')
    assert data == {"search": [{"__typename": "Person"}, {"__typename": "Person"}]}
