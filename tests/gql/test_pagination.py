"""Relay cursor pagination on every connection: first (1..100, default 20), after, last, before, pageInfo, totalCount.

The network connections (encounters, opportunities, mutualConnections) page the same way: tests/network/test_gql.py.
"""

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
        arguments = "first: $first, after: $after, last: $last, before: $before"
        selection = f"{self.name}({arguments}) {{ {PAGE % self.label} }}"
        declared = "$first: Int, $after: String, $last: Int, $before: String"
        if self.parent is None:
            return f"query({declared}) {{ {selection} }}"
        return f"query($id: ID!, {declared}) {{ node(id: $id) {{ ... on {self.parent} {{ {selection} }} }} }}"

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
PRIVATE_FIELDS = [Field("interviews", "id", "Person"), Field("interviewsToConfirm", "id", "Person")]


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
def five_interviews(build: Build, five_each: Parents) -> Parents:
    """five_each, and Ana has 5 interviews at Acme."""
    for day in range(1, 6):
        build.interview(five_each.person, five_each.company, f"2024-03-0{day}")
    return five_each


@pytest.fixture
def parents(build: Build) -> Parents:
    """A person and a company with nothing attached: enough for argument errors."""
    return Parents(person=build.person("Ana"), company=build.company("Acme"))


def request(api: Api, field: Field, parents: Parents, **variables: Any) -> dict[str, Any]:
    return api.post(field.text(), {**parents.of(field), **variables})


@pytest.mark.parametrize("field", FIELDS + PRIVATE_FIELDS, ids=lambda field: field.name)
@pytest.mark.parametrize("size", ["first", "last"])
@pytest.mark.parametrize("value", [0, 101, -1])
def test_a_page_size_out_of_range_is_an_error_naming_the_field(
    api: Api, parents: Parents, field: Field, size: str, value: int
) -> None:
    body = request(api, field, parents, **{size: value})
    [message] = [error["message"] for error in body["errors"]]
    assert re.fullmatch(rf"`{size}` on `([\w.]+\.)?{field.name}` must be between 1 and 100, got {value}", message)
    assert [error["extensions"] for error in body["errors"]] == [{"code": "BAD_USER_INPUT"}]


@pytest.mark.parametrize("first", [0, 101, -1])
def test_first_out_of_range_on_search_is_an_error(api: Api, first: int) -> None:
    body = api.post('query($first: Int) { search(query: "ana", first: $first) { __typename } }', {"first": first})
    assert [error["message"] for error in body["errors"]] == [
        f"`first` on `search` must be between 1 and 100, got {first}"
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
@pytest.mark.parametrize(("cursor", "size"), [("after", {}), ("before", {"last": 2})], ids=["after", "before"])
def test_every_connection_rejects_a_foreign_cursor(
    api: Api, parents: Parents, field: Field, cursor: str, size: dict[str, int]
) -> None:
    body = request(api, field, parents, **size, **{cursor: GARBAGE})
    assert [error["message"] for error in body["errors"]] == [
        f"`{cursor}` is not a cursor returned by this API: {GARBAGE!r}"
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


# --- forwards and backwards ------------------------------------------------------------------------------------------

PAGED = [*FIELDS, PRIVATE_FIELDS[0]]  # interviews: Ana's, read by an admin


@dataclass(frozen=True)
class Direction:
    """How a list is read page by page: its page size and cursor arguments, and the pageInfo that leads on."""

    size: str
    cursor: str
    more: str  # whether a page further on exists
    next_cursor: str  # the cursor that asks for it
    behind: str  # whether anything lies behind a page: false for the first page read only


FORWARDS = Direction("first", "after", "hasNextPage", "endCursor", "hasPreviousPage")
BACKWARDS = Direction("last", "before", "hasPreviousPage", "startCursor", "hasNextPage")


@pytest.mark.parametrize("field", PAGED, ids=lambda field: field.name)
@pytest.mark.parametrize("direction", [FORWARDS, BACKWARDS], ids=["forwards", "backwards"])
def test_pages_of_two_walk_the_whole_list_exactly_once(
    api: Api, five_interviews: Parents, field: Field, direction: Direction
) -> None:
    whole = field.connection(request(api, field, five_interviews, first=100)["data"])
    assert len(whole["edges"]) == whole["totalCount"] == (6 if field.name == "people" else 5)
    pages: list[dict[str, Any]] = []
    cursor = None
    while True:
        page = field.connection(
            request(api, field, five_interviews, **{direction.size: 2, direction.cursor: cursor})["data"]
        )
        pages.append(page)
        if not page["pageInfo"][direction.more]:
            break
        cursor = page["pageInfo"][direction.next_cursor]
    # The same edges, cursors included, as the whole list; backwards, read from its end two at a time.
    in_order = list(reversed(pages)) if direction is BACKWARDS else pages
    assert [edge for page in in_order for edge in page["edges"]] == whole["edges"]
    assert [len(page["edges"]) for page in pages] == ([2, 2, 2] if field.name == "people" else [2, 2, 1])
    assert [page["pageInfo"][direction.behind] for page in pages] == [False] + [True] * (len(pages) - 1)
    assert {page["totalCount"] for page in pages} == {whole["totalCount"]}
    assert [(page["pageInfo"]["startCursor"], page["pageInfo"]["endCursor"]) for page in pages] == [
        (page["edges"][0]["cursor"], page["edges"][-1]["cursor"]) for page in pages
    ]


@pytest.mark.parametrize("field", PAGED, ids=lambda field: field.name)
def test_last_alone_is_the_end_of_the_list_not_a_first_page(api: Api, five_interviews: Parents, field: Field) -> None:
    # `first: Int = 20` as a declared default would make this `first: 20, last: 1`.
    whole = field.connection(request(api, field, five_interviews)["data"])
    page = field.connection(request(api, field, five_interviews, last=1)["data"])
    assert page["edges"] == whole["edges"][-1:]
    assert page["pageInfo"] == {
        "hasNextPage": False,
        "hasPreviousPage": True,
        "startCursor": whole["edges"][-1]["cursor"],
        "endCursor": whole["edges"][-1]["cursor"],
    }


@pytest.mark.parametrize("field", PAGED, ids=lambda field: field.name)
def test_cursors_from_either_direction_serve_both(api: Api, five_interviews: Parents, field: Field) -> None:
    whole = field.connection(request(api, field, five_interviews)["data"])["edges"]
    backwards = field.connection(request(api, field, five_interviews, last=3)["data"])
    forwards = field.connection(request(api, field, five_interviews, first=2)["data"])
    # A backward page's cursor, read forwards; a forward page's cursor, read backwards.
    after = field.connection(request(api, field, five_interviews, after=backwards["pageInfo"]["startCursor"])["data"])
    assert after["edges"] == whole[len(whole) - 2 :]
    before = field.connection(
        request(api, field, five_interviews, last=5, before=forwards["pageInfo"]["endCursor"])["data"]
    )
    assert before["edges"] == whole[:1]
    assert (before["pageInfo"]["hasPreviousPage"], before["pageInfo"]["hasNextPage"]) == (False, True)


@pytest.mark.parametrize("field", PAGED, ids=lambda field: field.name)
@pytest.mark.parametrize("size", ["first", "last"])
def test_a_window_between_two_cursors(api: Api, five_interviews: Parents, field: Field, size: str) -> None:
    whole = field.connection(request(api, field, five_interviews)["data"])["edges"]
    between = {"after": whole[0]["cursor"], "before": whole[4]["cursor"]}
    inside = field.connection(request(api, field, five_interviews, **between, **{size: 2})["data"])
    wider = field.connection(request(api, field, five_interviews, **between, **{size: 10})["data"])
    assert inside["edges"] == (whole[1:3] if size == "first" else whole[2:4])
    assert wider["edges"] == whole[1:4]
    # The spec: more in the range past the page's far end; the near end says whether anything lies
    # before `after` (forwards) or after `before` (backwards).
    expected = {"first": [(True, True), (False, True)], "last": [(True, True), (True, False)]}[size]
    assert [
        (page["pageInfo"]["hasNextPage"], page["pageInfo"]["hasPreviousPage"]) for page in (inside, wider)
    ] == expected


@pytest.mark.parametrize("field", FIELDS + PRIVATE_FIELDS, ids=lambda field: field.name)
def test_first_and_last_together_are_refused_naming_the_field(api: Api, parents: Parents, field: Field) -> None:
    body = request(api, field, parents, first=2, last=2)
    assert body["data"] is None
    path = field.name if field.parent is None else f"node.{field.name}"
    message = (
        f"`first` and `last` on `{path}` cannot be used together: "
        "page forwards with `first` and `after`, or backwards with `last` and `before`"
    )
    assert [(error["message"], error["extensions"]) for error in body["errors"]] == [
        (message, {"code": "BAD_USER_INPUT"})
    ]
