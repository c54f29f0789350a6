"""Root fields' reads kept for the requests that send the same document (api.gql.kept_reads).

A kept read must answer every later request exactly as planning it afresh would: whoever asks, for
whichever node, with whatever values the variables below the field take; and another document, or
other values, never gets it.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from api.gql import kept_reads
from api.gql.planner import Planner
from api.graph.plan import Entity, Selection
from api.lru import BoundedLru
from tests.conftest import Api
from tests.gql.conftest import Build
from tests.memory import counted_and_held


def plans_made(monkeypatch: pytest.MonkeyPatch) -> list[Entity]:
    """The entities planned from here on (one per root field planned, and one per relation below it)."""
    made: list[Entity] = []
    selection = Planner.selection

    def counted(planner: Planner, entity: Entity, nodes: Any) -> Selection:
        made.append(entity)
        return selection(planner, entity, nodes)

    monkeypatch.setattr(Planner, "selection", counted)
    return made


def unique(document: str) -> str:
    """`document` with a comment no other test sends: reads are kept for the process."""
    return f"# {uuid.uuid4().hex}\n{document}"


def names(connection: dict[str, Any]) -> list[str]:
    return [edge["node"]["name"] for edge in connection["edges"]]


@pytest.fixture
def circle(build: Build) -> dict[str, str]:
    """Ada knows Bo, Cy and Di; Bo knows Ada and Cy. Each has an email only they (and admins) may read."""
    ids = {name: build.person(name, email=f"{name.lower()}@example.com") for name in ("Ada", "Bo", "Cy", "Di")}
    for other in ("Bo", "Cy", "Di"):
        build.connect(ids["Ada"], ids[other])
    build.connect(ids["Bo"], ids["Cy"])
    return ids


PROFILE = """query($id: ID!, $first: Int!) { node(id: $id) { ... on Person { name email
  connections(first: $first) { totalCount edges { node { name email } } } } } }"""


def test_a_kept_read_answers_every_node_and_every_viewer_as_their_own(
    api: Api, circle: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    document = unique(PROFILE)
    made = plans_made(monkeypatch)
    # Who asks (None: an admin) about whom; a person reads their own email only, an admin everyone's.
    asks = [("Ada", "Ada"), ("Ada", "Bo"), ("Bo", "Ada"), ("Bo", "Bo"), (None, "Di"), (None, "Ada")]
    for caller, name in asks:
        client = api if caller is None else api.as_person(circle[caller])
        person = client.data(document, {"id": circle[name], "first": 2})["node"]
        assert person["name"] == name
        shown = [(edge["node"]["name"], edge["node"]["email"]) for edge in person["connections"]["edges"]]
        for who, email in [(name, person["email"]), *shown]:
            assert email == (f"{who.lower()}@example.com" if caller in {None, who} else None), (caller, name, who)
    # Planned once for a person asking, once for an admin: every other request took the kept read.
    assert made.count("Person") == 2 * 2  # the node, and the people of its connections


def test_other_values_below_the_field_get_their_own_read(api: Api, circle: dict[str, str]) -> None:
    document = unique(PROFILE)
    for first in (1, 3, 1, 2):
        connections = api.data(document, {"id": circle["Ada"], "first": first})["node"]["connections"]
        assert names(connections) == ["Bo", "Cy", "Di"][:first]
        assert connections["totalCount"] == 3


def test_a_directive_below_the_field_reads_its_own_variables(api: Api, circle: dict[str, str]) -> None:
    document = unique("""query($id: ID!, $mail: Boolean!) { node(id: $id) { ... on Person { name
      ...Mail connections(first: 5) { edges { node { name email @include(if: $mail) } } } } } }
    fragment Mail on Person { email @skip(if: $mail) }""")
    for mail in (True, False, True):
        person = api.data(document, {"id": circle["Ada"], "mail": mail})["node"]
        assert ("email" in person) is not mail
        assert all(("email" in edge["node"]) is mail for edge in person["connections"]["edges"])


def test_a_directive_on_the_root_field_decides_which_of_its_nodes_are_planned(api: Api, circle: dict[str, str]) -> None:
    # Two nodes under one response key; $x, read by no field below them, decides which one runs.
    document = unique("""query($id: ID!, $x: Boolean!) {
      node(id: $id) @include(if: $x) { ... on Person { name } }
      node(id: $id) @skip(if: $x) { ... on Person { email } } }""")
    for x in (True, False, True, False):
        expected = {"name": "Ada"} if x else {"email": "ada@example.com"}
        assert api.data(document, {"id": circle["Ada"], "x": x})["node"] == expected


def test_another_text_never_gets_a_kept_read(api: Api, circle: dict[str, str]) -> None:
    tag = uuid.uuid4().hex
    # The same field at the same place in both texts, selecting other fields below it.
    first = f"# {tag}\n{{ people(first: 10) {{ edges {{ node {{ name  }} }} }} }}"
    second = f"# {tag}\n{{ people(first: 10) {{ edges {{ node {{ email }} }} }} }}"
    for document in (first, second, first):
        nodes = [edge["node"] for edge in api.data(document)["people"]["edges"]]
        key = "name" if document == first else "email"
        assert [set(node) for node in nodes] == [{key}] * 4
    assert [node["name"] for node in (edge["node"] for edge in api.data(first)["people"]["edges"])] == sorted(circle)


@pytest.mark.usefixtures("circle")
def test_a_kept_page_answers_each_window_and_filter(api: Api) -> None:
    document = unique("""query($first: Int, $last: Int, $after: String, $name: String) {
      people(first: $first, last: $last, after: $after, filter: {nameContains: $name}) {
        totalCount pageInfo { hasNextPage } edges { cursor node { name } } } }""")
    everyone = api.data(document, {"first": 4})["people"]
    assert names(everyone) == ["Ada", "Bo", "Cy", "Di"]
    cursors = [edge["cursor"] for edge in everyone["edges"]]
    for variables, expected, more in [
        ({"first": 2}, ["Ada", "Bo"], True),
        ({"first": 2, "after": cursors[1]}, ["Cy", "Di"], False),
        ({"last": 1}, ["Di"], False),
        ({"first": 1}, ["Ada"], True),
        ({"first": 3, "name": "d"}, ["Ada", "Di"], False),
        ({"last": 3}, ["Bo", "Cy", "Di"], False),
    ]:
        page = api.data(document, variables)["people"]
        assert names(page) == expected, variables
        assert page["pageInfo"]["hasNextPage"] is more
        assert page["totalCount"] == (2 if "name" in variables else 4)


def test_the_kept_reads_stay_within_their_bounds(
    api: Api, circle: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    kept = BoundedLru[kept_reads.ReadKey, kept_reads.KeptRead](max_entries=6, max_bytes=kept_reads.BYTES_KEPT)
    monkeypatch.setattr(kept_reads, "_KEPT", kept)
    # As big a read as the query limits let one document plan: 15 aliased pages, each two levels deep.
    pages = " ".join(
        f"c{i}: connections(first: {i + 1}) {{ totalCount edges {{ node {{ name headline location linkedinUrl "
        f"currentPositions {{ title startedOn endedOn company {{ name domain industry }} }} }} }} }}"
        for i in range(15)
    )
    document = f"query($id: ID!) {{ node(id: $id) {{ ... on Person {{ name headline {pages} }} }} }}"

    def fill() -> int:
        for i in range(10):
            api.data(unique(document), {"id": circle[("Ada", "Bo")[i % 2]]})
            assert len(kept) <= kept.max_entries
        return kept.bytes

    counted, held = counted_and_held(fill, kept.clear)
    assert len(kept) == 0
    assert 0 < held <= counted <= kept_reads.BYTES_KEPT
