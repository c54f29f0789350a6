"""Query limits refuse abusive documents before execution, each with a stable code."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from api.gql.budget import CostBudget, query_cost
from tests.conftest import Api


def codes(body: dict[str, object]) -> list[str]:
    return [error["extensions"]["code"] for error in body["errors"]]  # type: ignore[attr-defined, index]


def nested_connections(levels: int) -> str:
    """people -> node -> connections -> node -> ... `levels` connections deep, one node each."""
    inner = "name"
    for _ in range(levels - 1):
        inner = f"connections(first: 1) {{ edges {{ node {{ {inner} }} }} }}"
    return f"{{ people(first: 1) {{ edges {{ node {{ {inner} }} }} }} }}"


def test_depth_ten_is_allowed_and_eleven_is_refused(api: Api) -> None:
    assert api.post(nested_connections(3)).get("errors") is None  # depth 10: 3 levels of 3, plus name
    body = api.post(nested_connections(4))
    assert body.get("data") is None
    assert codes(body) == ["QUERY_TOO_DEEP"]
    assert "13" in body["errors"][0]["message"]


def test_aliases_are_counted_through_fragments(api: Api) -> None:
    fifteen = " ".join(f"a{i}: viewer {{ name }}" for i in range(15))
    assert api.post(f"{{ {fifteen} }}").get("errors") is None
    body = api.post(f"{{ ...F b: viewer {{ name }} }} fragment F on Query {{ {fifteen} }}")
    assert codes(body) == ["TOO_MANY_ALIASES"]


@pytest.mark.parametrize("first", [0, -1, 101])
def test_first_out_of_range_names_the_field(api: Api, first: int) -> None:
    body = api.post(
        f"{{ people(first: 2) {{ edges {{ node {{ conn: connections(first: {first}) {{ totalCount }} }} }} }} }}"
    )
    assert codes(body) == ["BAD_USER_INPUT"]
    assert f"`first` on `people.edges.node.conn` must be between 1 and 100, got {first}" in body["errors"][0]["message"]


def test_node_limit_multiplies_first_down_the_tree(api: Api) -> None:
    query = "query($n: Int) { people(first: 100) { edges { node { connections(first: $n) { totalCount } } } } }"
    assert api.post(query, {"n": 99}).get("errors") is None  # 100 + 100*99 = 10,000 nodes
    body = api.post(query, {"n": 100})  # 100 + 100*100 = 10,100
    assert codes(body) == ["MAX_NODE_LIMIT_EXCEEDED"]
    assert "10100" in body["errors"][0]["message"]


def test_default_first_counts_towards_the_node_limit(api: Api) -> None:
    # people(first: 100) x connections (default 20) x employees... stays countable without explicit firsts
    query = (
        "{ people(first: 100) { edges { node { connections { edges { node { connections { totalCount } } } } } } } }"
    )
    body = api.post(query)  # 100 + 2,000 + 40,000
    assert codes(body) == ["MAX_NODE_LIMIT_EXCEEDED"]


def test_too_many_tokens_stops_parsing(api: Api) -> None:
    body = api.post("{ " + " ".join(["viewer { name }"] * 700) + " }")
    assert codes(body) == ["TOO_MANY_TOKENS"]


def test_parse_and_validation_errors_carry_codes(api: Api) -> None:
    assert codes(api.post("{ people { ")) == ["GRAPHQL_PARSE_FAILED"]
    assert codes(api.post("{ nope }")) == ["GRAPHQL_VALIDATION_FAILED"]


def test_each_response_reports_its_cost_and_the_budget_left(api: Api) -> None:
    body = api.post("{ people(first: 100) { edges { node { connections(first: 10) { totalCount } } } } }")
    cost = body["extensions"]["cost"]
    assert cost["requestedQueryCost"] == query_cost(1_100) == 12
    assert cost["nodeCount"] == 1_100
    assert set(cost["throttleStatus"]) == {"maximumAvailable", "currentlyAvailable", "restoreRate"}


@pytest.fixture
def small_budget(api: Api) -> Iterator[None]:
    state = api.http.app.state  # type: ignore[attr-defined]
    saved = state.budget
    state.budget = CostBudget(points_per_minute=30)
    yield
    state.budget = saved


@pytest.mark.usefixtures("small_budget")
def test_a_caller_over_budget_is_throttled_and_others_are_not(api: Api) -> None:
    expensive = "{ people(first: 100) { edges { node { connections(first: 10) { totalCount } } } } }"  # 12 points
    assert api.post(expensive).get("errors") is None
    assert api.post(expensive).get("errors") is None
    body = api.post(expensive)
    assert codes(body) == ["THROTTLED"]
    assert body["extensions"]["cost"]["throttleStatus"]["currentlyAvailable"] == 6
    assert api.as_viewer(None).post("{ viewer { name } }").get("errors") is None  # the anonymous caller's own


def test_budget_refills_over_time() -> None:
    budget = CostBudget(points_per_minute=60)
    assert budget.charge("a", 60, now=0.0).allowed
    assert not budget.charge("a", 1, now=0.5).allowed
    assert budget.charge("a", 1, now=1.5).allowed
    assert budget.charge("b", 60, now=1.5).allowed
