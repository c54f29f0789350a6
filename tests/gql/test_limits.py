"""Query limits refuse abusive documents before execution, each with a stable code."""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx2
import pytest

from api.gql.budget import BUCKET_BYTES, CostBudget, query_cost
from api.gql.ids import to_global_id
from api.gql.limits import MAX_DOCUMENT_BYTES
from tests.conftest import Api
from tests.memory import traced


def codes(body: dict[str, object]) -> list[str]:
    return [error["extensions"]["code"] for error in body["errors"]]  # type: ignore[attr-defined]


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


@pytest.mark.parametrize("size", ["first", "last"])
@pytest.mark.parametrize("value", [0, -1, 101])
def test_page_size_out_of_range_names_the_field(api: Api, size: str, value: int) -> None:
    body = api.post(
        f"{{ people(last: 2) {{ edges {{ node {{ conn: connections({size}: {value}) {{ totalCount }} }} }} }} }}"
    )
    assert codes(body) == ["BAD_USER_INPUT"]
    assert (
        f"`{size}` on `people.edges.node.conn` must be between 1 and 100, got {value}" in body["errors"][0]["message"]
    )


def test_first_and_last_together_are_refused_by_their_path_through_a_fragment(api: Api) -> None:
    query = """query($n: Int) { people(first: 2) { edges { node { ...Peers } } } }
        fragment Peers on Person { peers: connections(first: 1, last: $n) { totalCount } }"""
    body = api.post(query, {"n": 3})
    assert body.get("data") is None
    message = (
        "`first` and `last` on `people.edges.node.peers` cannot be used together: "
        "page forwards with `first` and `after`, or backwards with `last` and `before`"
    )
    assert [(error["message"], error["extensions"]["code"]) for error in body["errors"]] == [
        (message, "BAD_USER_INPUT")
    ]
    # An explicit null is no value: `first: null, last: 3` pages backwards.
    assert api.post(query.replace("first: 1", "first: null"), {"n": 3}).get("errors") is None


@pytest.mark.parametrize("size", ["first", "last"])
def test_node_limit_multiplies_page_sizes_down_the_tree(api: Api, size: str) -> None:
    query = (
        f"query($n: Int) {{ people(last: 100) {{ edges {{ node {{ connections({size}: $n) {{ totalCount }} }} }} }} }}"
    )
    assert api.post(query, {"n": 99}).get("errors") is None  # 100 + 100*99 = 10,000 nodes
    body = api.post(query, {"n": 100})  # 100 + 100*100 = 10,100
    assert codes(body) == ["MAX_NODE_LIMIT_EXCEEDED"]
    assert "10100" in body["errors"][0]["message"]


def test_default_page_size_counts_20_per_connection_with_neither_first_nor_last(api: Api) -> None:
    # people(first: n) x connections (20) x connections (20): n + n x (20 + 20 x 20) = n x 421 nodes, so
    # 23 people fit (9,683) and 24 do not (10,104); a default of 19 or 21 would move that line.
    query = (
        "query($n: Int) { people(first: $n) { edges { node { "
        "connections { edges { node { connections { totalCount } } } } } } } }"
    )
    assert api.post(query, {"n": 23}).get("errors") is None
    body = api.post(query, {"n": 24})
    assert codes(body) == ["MAX_NODE_LIMIT_EXCEEDED"]
    assert "10104 nodes" in body["errors"][0]["message"]
    # The same with `last` outside: a connection without `first` or `last` still counts 20.
    assert "10104 nodes" in api.post(query.replace("first: $n", "last: $n"), {"n": 24})["errors"][0]["message"]


def test_default_first_counts_towards_the_node_limit(api: Api) -> None:
    # people(first: 100) x connections (default 20) x employees... stays countable without explicit firsts
    query = (
        "{ people(first: 100) { edges { node { connections { edges { node { connections { totalCount } } } } } } } }"
    )
    body = api.post(query)  # 100 + 2,000 + 40,000
    assert codes(body) == ["MAX_NODE_LIMIT_EXCEEDED"]


def doubling_fragments(levels: int) -> str:
    """About 1 KB that inlines to 2**levels `viewer { name }`: each fragment spreads the next one twice."""
    chain = " ".join(f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(levels))
    return f"query {{ ...F0 }} {chain} fragment F{levels} on Query {{ viewer {{ name }} }}"


def test_fields_are_counted_with_fragments_inlined(api: Api) -> None:
    assert api.post(doubling_fragments(8)).get("errors") is None  # 2 x 256 fields
    body = api.post(doubling_fragments(9))
    assert codes(body) == ["TOO_MANY_FIELDS"]
    assert "selects 1024 fields once its fragments are inlined" in body["errors"][0]["message"]


def test_doubling_fragments_are_refused_at_once_while_healthz_keeps_answering(live_url: str) -> None:
    # Walked at every spread, 30 levels are 2**30 walks of `viewer { name }`: hours of the event loop.
    query = doubling_fragments(30)

    def attack(method: str) -> tuple[float, dict[str, Any]]:
        with httpx2.Client(base_url=live_url, timeout=10) as http:
            started = time.monotonic()
            # Over GET too: an <img> tag on any web page can send that one.
            response = (
                http.get("/graphql", params={"query": query})
                if method == "GET"
                else http.post("/graphql", json={"query": query})
            )
            return time.monotonic() - started, response.json()

    with ThreadPoolExecutor(max_workers=8) as pool, httpx2.Client(base_url=live_url, timeout=10) as http:
        attacks = [pool.submit(attack, method) for method in ("GET", "POST") * 4]
        health: list[float] = []
        while not all(future.done() for future in attacks) or not health:
            started = time.monotonic()
            assert http.get("/healthz").status_code == 200
            health.append(time.monotonic() - started)
        answers = [future.result() for future in attacks]
    for seconds, body in answers:
        assert codes(body) == ["TOO_MANY_FIELDS"]
        assert f"selects {2**31} fields" in body["errors"][0]["message"]
        assert seconds < 1.0
    assert max(health) < 1.0


def test_validation_stops_comparing_same_named_fields_early(api: Api) -> None:
    # Within the token and field limits, but ~20,000 pairs for graphql-core's OverlappingFieldsCanBeMerged
    # to compare, well within its own default budget; 2.5 times as many would take seconds.
    started = time.monotonic()
    body = api.post("{" + " viewer { name }" * 200 + " }")
    assert codes(body) == ["GRAPHQL_VALIDATION_FAILED"]
    assert body["errors"][0]["message"] == "Validation aborted."
    assert time.monotonic() - started < 1.0


NOBODY = to_global_id("Person", "nobody")
HUNDRED_NOBODIES = ", ".join([f'"{NOBODY}"'] * 100)
# 100 items, each asking for 100 connections: 100 + 100 x 100 = 10,100 nodes, one page over the limit.
OVER_THE_NODE_LIMIT = {
    "a float variable, which graphql-core takes as the Int 100": (
        "query($n: Int) { people(first: 100) { edges { node { connections(first: $n) { totalCount } } } } }",
        {"n": 100.0},
    ),
    "`last` in a float variable": (
        "query($n: Int) { people(last: 100) { edges { node { connections(last: $n) { totalCount } } } } }",
        {"n": 100.0},
    ),
    "`last` in an unsent variable with a default": (
        "query($n: Int = 100) { people(first: 100) { edges { node { connections(last: $n) { totalCount } } } } }",
        {},
    ),
    "the same id 100 times, each with `last`": (
        "query($ids: [ID!]!) { nodes(ids: $ids) { ... on Person { connections(last: 100) { totalCount } } } }",
        {"ids": [NOBODY] * 100},
    ),
    "an unsent variable with a default": (
        "query($n: Int = 100) { people(first: 100) { edges { node { connections(first: $n) { totalCount } } } } }",
        {},
    ),
    "the same id 100 times, written in the document": (
        f"{{ nodes(ids: [{HUNDRED_NOBODIES}]) {{ ... on Person {{ connections(first: 100) {{ totalCount }} }} }} }}",
        {},
    ),
    "the same id 100 times, in a variable": (
        "query($ids: [ID!]!) { nodes(ids: $ids) { ... on Person { connections(first: 100) { totalCount } } } }",
        {"ids": [NOBODY] * 100},
    ),
}


@pytest.mark.parametrize(("query", "variables"), OVER_THE_NODE_LIMIT.values(), ids=OVER_THE_NODE_LIMIT.keys())
def test_node_limit_counts_the_values_graphql_core_will_use(api: Api, query: str, variables: dict[str, Any]) -> None:
    body = api.post(query, variables)
    assert body.get("data") is None
    assert codes(body) == ["MAX_NODE_LIMIT_EXCEEDED"]
    assert "10100 nodes" in body["errors"][0]["message"]


def test_values_that_do_not_coerce_are_left_to_graphql_core(api: Api) -> None:
    query = "query($n: Int) { people(first: 100) { edges { node { connections(first: $n) { totalCount } } } } }"
    body = api.post(query, {"n": "a hundred"})
    assert codes(body) == ["BAD_USER_INPUT"]
    assert (
        "Variable '$n' has invalid value: Int cannot represent non-integer value: 'a hundred'"
        in body["errors"][0]["message"]
    )
    body = api.post("{ people(first: 100.0) { totalCount } }")
    assert codes(body) == ["GRAPHQL_VALIDATION_FAILED"]
    assert "Int cannot represent non-integer value: 100.0" in body["errors"][0]["message"]


def test_first_out_of_range_in_a_fragment_names_the_field_where_it_is_spread(api: Api) -> None:
    query = """{ people(first: 2) { edges { node { ...Peers } } } }
        fragment Peers on Person { peers: connections(first: $n) { totalCount } }"""
    body = api.post(f"query($n: Int) {query}", {"n": 500})
    assert codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["message"] == "`first` on `people.edges.node.peers` must be between 1 and 100, got 500"


def test_a_document_over_the_size_limit_is_refused_unread(api: Api) -> None:
    comment = "# " + "a long comment, which no token limit sees " * (MAX_DOCUMENT_BYTES // 40) + "\n"
    body = api.post(comment + "{ viewer { name } }")
    assert codes(body) == ["DOCUMENT_TOO_LARGE"]
    assert f"over the limit of {MAX_DOCUMENT_BYTES}" in body["errors"][0]["message"]
    assert api.post(comment[: MAX_DOCUMENT_BYTES - 40] + "\n{ viewer { name } }").get("errors") is None


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


def test_many_distinct_callers_keep_the_budget_bounded_and_a_throttled_caller_throttled() -> None:
    budget = CostBudget(points_per_minute=10)
    assert budget.charge("ip:192.0.2.1", 10, now=0.0).allowed
    assert not budget.charge("ip:192.0.2.1", 1, now=0.0).allowed
    # An attacker with an IPv6 prefix: a new address, so a new caller, for every request.
    for i in range(3 * budget.max_callers):
        assert budget.charge(f"ip:2001:db8::{i:x}", 1, now=1.0 + i * 1e-6).allowed
        assert budget.callers <= budget.max_callers
    assert not budget.charge("ip:192.0.2.1", 1, now=2.0).allowed, "its two points back are not enough yet"
    assert budget.charge("ip:192.0.2.1", 2, now=12.5).allowed


def test_a_caller_whose_bucket_refilled_is_forgotten() -> None:
    budget = CostBudget(points_per_minute=60)
    for i in range(100):
        budget.charge(f"ip:198.51.100.{i}", 30, now=0.0)
    budget.charge("ip:203.0.113.1", 60, now=29.0)
    assert budget.callers == 101, "half-spent buckets are still refilling"
    budget.charge("ip:203.0.113.2", 1, now=30.0)
    assert budget.callers == 2, "the hundred have refilled: a missing bucket says the same"
    assert not budget.charge("ip:203.0.113.1", 2, now=30.0).allowed


def test_the_budget_stays_within_its_bound_of_bytes_whatever_the_keys() -> None:
    budget = CostBudget(points_per_minute=10, max_callers=2_000)
    with traced() as held:
        for i in range(3 * budget.max_callers):
            # A forwarded address as long as a request head allows, should a proxy pass one on.
            budget.charge(f"ip:{i:x}".ljust(16_000, "f"), 1, now=i * 1e-6)
    assert held() <= budget.max_callers * BUCKET_BYTES
