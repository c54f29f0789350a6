"""Relay cursor pagination on every connection: first (1..100, default 20), after, pageInfo, totalCount."""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from typing import Any

import pytest

from tests.conftest import Api
from tests.gql.conftest import Build

PAGE = "totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { %s } }"


@dataclass(frozen=True)
class Field:
    """A connection field, on the root Query or on a node of type `parent`; `label` names its node."""

    name: str
    label: str
    parent: str | None = None

    def text(self) -> str:
        selection = f"{self.name}(first: $first, after: $after) {{ {PAGE % self.label} }}"
        if self.parent is None:
            return f"query($first: Int, $after: String) {{ {selection} }}"
        return (
            "query($id: ID!, $first: Int, $after: String) "
            f"{{ node(id: $id) {{ ... on {self.parent} {{ {selection} }} }} }}"
        )

    def connection(self, data: dict[str, Any]) -> dict[str, Any]:
        found: dict[str, Any] = (data if self.parent is None else data["node"])[self.name]
        return found


FIELDS = [
    Field("people", "name"),
    Field("companies", "name"),
    Field("roles", "title"),
    Field("positions", "title", "Person"),
    Field("connections", "name", "Person"),
    Field("employees", "name", "Company"),
    Field("openRoles", "title", "Company"),
]
PRIVATE_FIELDS = [Field("interviews", "id", "Person")]


@dataclass(frozen=True)
class Parents:
    person: str
    company: str

    def of(self, field: Field) -> dict[str, str]:
        if field.parent is None:
            return {}
        return {"id": self.person if field.parent == "Person" else self.company}


@pytest.fixture
def five_each(build: Build) -> Parents:
    """Five of everything: Ana has 5 positions and 5 connections; Acme has 5 employees and 5 open roles."""
    acme = build.company("Acme")
    others = [build.company(f"Company {index}") for index in range(4)]
    ana = build.person("Ana")
    for index, company in enumerate([acme, *others]):
        build.position(ana, company, title=f"Job {index}", startedOn=f"201{index}-01-01", endedOn=f"201{index}-12-31")
        colleague = build.person(f"Colleague {index}")
        build.position(colleague, acme, title="Engineer")
        build.connect(ana, colleague)
        build.role(acme, f"Role {index}", postedOn=f"2024-0{index + 1}-01")
    return Parents(person=ana, company=acme)


@pytest.fixture
def parents(build: Build) -> Parents:
    """A person and a company with nothing attached: enough for argument errors."""
    return Parents(person=build.person("Ana"), company=build.company("Acme"))


def request(api: Api, field: Field, parents: Parents, **variables: Any) -> dict[str, Any]:
    return api.post(field.text(), {**parents.of(field), **variables})


@pytest.mark.parametrize("field", FIELDS + PRIVATE_FIELDS, ids=lambda field: field.name)
@pytest.mark.parametrize("first", [0, 101, -1])
def test_first_out_of_range_is_an_error_naming_the_field(api: Api, parents: Parents, field: Field, first: int) -> None:
    body = request(api, field, parents, first=first)
    [message] = [error["message"] for error in body["errors"]]
    assert re.fullmatch(rf"`first` on `([\w.]+\.)?{field.name}` must be between 1 and 100, got {first}", message)
    assert [error["extensions"] for error in body["errors"]] == [{"code": "BAD_USER_INPUT"}]


@pytest.mark.parametrize("first", [0, 101, -1])
def test_first_out_of_range_on_search_is_an_error(api: Api, first: int) -> None:
    body = api.post('query($first: Int) { search(query: "ana", first: $first) { __typename } }', {"first": first})
    assert [error["message"] for error in body["errors"]] == [
        f"`first` on `search` must be between 1 and 100, got {first}"
    ]


@pytest.mark.parametrize("field", FIELDS, ids=lambda field: field.name)
def test_pages_of_two_walk_the_whole_list_exactly_once(api: Api, five_each: Parents, field: Field) -> None:
    whole = field.connection(request(api, field, five_each, first=100)["data"])
    assert len(whole["edges"]) == whole["totalCount"] == (6 if field.name == "people" else 5)
    pages: list[dict[str, Any]] = []
    after = None
    while True:
        page = field.connection(request(api, field, five_each, first=2, after=after)["data"])
        pages.append(page)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert [edge for page in pages for edge in page["edges"]] == whole["edges"]
    assert [len(page["edges"]) for page in pages] == [2, 2, 2] if field.name == "people" else [2, 2, 1]
    assert [page["pageInfo"]["hasPreviousPage"] for page in pages] == [False] + [True] * (len(pages) - 1)
    assert {page["totalCount"] for page in pages} == {whole["totalCount"]}
    assert [(page["pageInfo"]["startCursor"], page["pageInfo"]["endCursor"]) for page in pages] == [
        (page["edges"][0]["cursor"], page["edges"][-1]["cursor"]) for page in pages
    ]


@pytest.mark.parametrize("field", FIELDS, ids=lambda field: field.name)
def test_after_the_last_cursor_is_an_empty_last_page(api: Api, five_each: Parents, field: Field) -> None:
    last = field.connection(request(api, field, five_each)["data"])["pageInfo"]["endCursor"]
    page = field.connection(request(api, field, five_each, after=last)["data"])
    assert {key: page[key] for key in ("edges", "pageInfo")} == {
        "edges": [],
        "pageInfo": {"hasNextPage": False, "hasPreviousPage": True, "startCursor": None, "endCursor": None},
    }


def cursor_of(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode()


GARBAGE = cursor_of("page:3")


@pytest.mark.parametrize(
    "after",
    [
        "garbage",
        "",
        cursor_of("offset:-1"),
        cursor_of("offset:1e3"),
        cursor_of("offset:\u0661\u0662"),  # Arabic-Indic digits: str.isdigit() says yes
        cursor_of("offset:" + "9" * 30),  # past Neo4j's 64-bit SKIP
        GARBAGE,
    ],
)
def test_a_cursor_not_made_by_the_api_is_a_clear_error(api: Api, after: str) -> None:
    body = api.post("query($after: String) { people(after: $after) { totalCount } }", {"after": after})
    assert body["data"] is None
    assert [error["message"] for error in body["errors"]] == [
        f"`after` is not a cursor returned by this API: {after!r}"
    ]


@pytest.mark.parametrize("field", FIELDS + PRIVATE_FIELDS, ids=lambda field: field.name)
def test_every_connection_rejects_a_foreign_cursor(api: Api, parents: Parents, field: Field) -> None:
    body = request(api, field, parents, after=GARBAGE)
    assert [error["message"] for error in body["errors"]] == [
        f"`after` is not a cursor returned by this API: {GARBAGE!r}"
    ]


def test_people_default_to_pages_of_20(api: Api, build: Build) -> None:
    for index in range(21):
        build.person(f"Person {index:02d}")
    data = api.data("{ people { totalCount pageInfo { hasNextPage } edges { node { name } } } }")
    assert data == {
        "people": {
            "totalCount": 21,
            "pageInfo": {"hasNextPage": True},
            "edges": [{"node": {"name": f"Person {index:02d}"}} for index in range(20)],
        }
    }


def test_first_1_and_first_100_are_accepted(api: Api, build: Build) -> None:
    for name in ("Ana", "Bob"):
        build.person(name)
    query = "query($first: Int) { people(first: $first) { pageInfo { hasNextPage } edges { node { name } } } }"
    assert api.data(query, {"first": 1}) == {
        "people": {"pageInfo": {"hasNextPage": True}, "edges": [{"node": {"name": "Ana"}}]}
    }
    assert api.data(query, {"first": 100}) == {
        "people": {"pageInfo": {"hasNextPage": False}, "edges": [{"node": {"name": "Ana"}}, {"node": {"name": "Bob"}}]}
    }


def test_total_count_counts_the_filtered_list_not_the_page(api: Api, build: Build) -> None:
    for name in ("Ana", "Anabel", "Bob", "Diana"):
        build.person(name)
    query = """query($after: String) {
      people(first: 1, after: $after, filter: {nameContains: "ana"}) { totalCount edges { cursor node { name } } }
    }"""
    first_page = api.data(query)["people"]
    second_page = api.data(query, {"after": first_page["edges"][0]["cursor"]})["people"]
    assert (first_page["totalCount"], second_page["totalCount"]) == (3, 3)
    assert [page["edges"][0]["node"]["name"] for page in (first_page, second_page)] == ["Ana", "Anabel"]
