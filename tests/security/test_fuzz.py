"""Property-based fuzzing of /graphql: whatever arrives, the answer is a clean GraphQL error or data.

hypothesis-graphql generates valid queries and mutations from the exported schema (and, in its
negative mode, invalid ones); further strategies write fragment-heavy and variable-heavy documents
(fragments spreading each other any number of times, cycles included; variables of any type, with
or without defaults, sent or not) and throw arbitrary bytes and JSON at the endpoint.
Every request is checked for the same things: no 5xx, no traceback text, a code on every error;
the generated documents also for an answer in bounded time, however much their fragments expand.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from typing import Any

import graphql
import hypothesis_graphql
import pytest
from httpx2 import Response
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode
from neo4j import Driver

from api.gql.ids import to_global_id
from api.gql.schema import sdl
from tests.conftest import Api

SCHEMA = sdl()
# Dates as the contract writes them; hypothesis-graphql knows only the built-in scalars.
SCALARS = {
    "Date": st.dates().map(lambda day: graphql.StringValueNode(value=day.isoformat())),
    # A JSON request cannot carry a file: what arrives where an Upload belongs is null or text.
    "Upload": st.one_of(
        st.just(graphql.NullValueNode()), st.text(max_size=20).map(lambda t: graphql.StringValueNode(value=t))
    ),
}
# Reproducible in CI (derandomize), bounded by example count rather than by the clock (deadline=None).
EXAMPLES = 400
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
TRACEBACK_MARKERS = ("Traceback (most recent call last)", 'File "/', "site-packages")

sent: list[float] = []  # per-request wall time, for the summary printed at the end of the module


@pytest.fixture(scope="module", autouse=True)
def volume() -> Iterator[None]:
    """Prints how many requests the module sent and how long they took (shown with `pytest -s`)."""
    yield
    if sent:
        print(f"\nfuzz: {len(sent)} requests, {sum(sent):.1f}s, slowest {max(sent) * 1000:.0f} ms")  # noqa: T201


def check(response: Response) -> dict[str, Any] | None:
    """The properties every answer has, whatever was sent; the JSON body when there is one."""
    assert response.status_code < 500, response.text
    for marker in TRACEBACK_MARKERS:
        assert marker not in response.text, response.text
    if not response.headers.get("content-type", "").startswith(("application/json", "application/graphql-response")):
        return None
    body: dict[str, Any] = response.json()
    for error in body.get("errors") or []:
        code = (error.get("extensions") or {}).get("code")
        assert isinstance(code, str), error
        assert code != "INTERNAL_SERVER_ERROR", error  # an unexpected failure: a bug to fix, not an answer
    return body


def poster(api: Api, token: str | None) -> Callable[..., Response]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}

    def post(**kwargs: Any) -> Response:
        started = time.monotonic()
        response = api.http.post("/graphql", headers={**headers, **kwargs.pop("headers", {})}, **kwargs)
        sent.append(time.monotonic() - started)
        return response

    return post


def person(db: Driver) -> str:
    db.execute_query(
        "CREATE (:Person {id: 'fuzz-p', name: 'Fuzz', email: 'fuzz@example.com'})"
        "-[:WORKS_AT {key: '?|', title: 'Dev'}]->(:Company {id: 'fuzz-c', name: 'Fuzzco', nameKey: 'fuzzco'})"
    )
    return "fuzz-p"


@pytest.mark.parametrize("who", ["admin", "person", "anonymous"])
def test_generated_operations_get_clean_answers(api: Api, db: Driver, who: str) -> None:
    token = {"admin": api.token, "person": api.token_for(person(db)), "anonymous": None}[who]
    post = poster(api, token)

    @FUZZ
    @given(document=hypothesis_graphql.from_schema(SCHEMA, custom_scalars=SCALARS))
    def operations(document: str) -> None:
        check(post(json={"query": document}))

    operations()


def test_invalid_generated_operations_are_refused_cleanly(api: Api) -> None:
    post = poster(api, api.token)

    @FUZZ
    @given(document=hypothesis_graphql.from_schema(SCHEMA, custom_scalars=SCALARS, mode=Mode.NEGATIVE))
    def operations(document: str) -> None:
        body = check(post(json={"query": document}))
        assert body is not None
        assert body.get("errors"), body  # an invalid document is never executed quietly

    operations()


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)
QUERY_LIKE = st.sampled_from(
    ["{ __typename }", "query($id: ID!) { node(id: $id) { id } }", "{ viewer { id", "mutation { __typename }", ""]
)


# Fragments on Person: fields, spreads of later fragments (the same one several times, so that they
# double), now and then of an earlier one (a cycle), and spreads one connection deeper; spread from a
# page, from nodes(ids:) and from the viewer. Every fragment is spread by an earlier one, so used.
PERSON_SELECTIONS = st.sampled_from(
    ["id", "name", "__typename", "connections(first: $n) { totalCount }", "currentPositions { company { name } }"]
)
ROOTS = st.sampled_from(
    ["people(first: $n) { edges { node { ...F0 } } }", "nodes(ids: $ids) { ...F0 }", "viewer { ...F0 }"]
)


@st.composite
def fragment_heavy(draw: st.DrawFn) -> str:
    count = draw(st.integers(1, 40))
    bodies: list[list[str]] = [draw(st.lists(PERSON_SELECTIONS, max_size=3)) for _ in range(count)]
    for i in range(1, count):
        deeper = draw(st.integers(0, 3)) == 0
        spread = f"c: connections(first: 2) {{ edges {{ node {{ ...F{i} }} }} }}" if deeper else f"...F{i}"
        bodies[draw(st.integers(0, i - 1))] += [spread] * draw(st.integers(1, 3))
    if count > 1 and draw(st.integers(0, 9)) == 0:
        bodies[-1].append(f"...F{draw(st.integers(0, count - 1))}")
    fragments = " ".join(f"fragment F{i} on Person {{ {' '.join(body) or 'id'} }}" for i, body in enumerate(bodies))
    uses = "people(first: $n) { totalCount } nodes(ids: $ids) { id }"
    return f"query($n: Int = 2, $ids: [ID!]! = []) {{ {uses} {draw(ROOTS)} }} {fragments}"


# Variables used where arguments go, mostly of the argument's type and with defaults that fit; some
# sent, some not, with values of any JSON type.
ARGUMENT_USES = st.sampled_from(
    [
        (
            "Int",
            ["1", "100", "101"],
            "people(first: ${0}) {{ edges {{ node {{ connections(first: ${0}) {{ totalCount }} }} }} }}",
        ),
        ("String", ['"x"', "null"], "people(after: ${0}, filter: {{nameContains: ${0}}}) {{ totalCount }}"),
        (
            "[ID!]!",
            ['["x"]', '"x"', "[]"],
            "nodes(ids: ${0}) {{ id ... on Person {{ connections(first: 100) {{ totalCount }} }} }}",
        ),
        ("String!", ['"x"'], "search(query: ${0}, first: 5) {{ __typename }}"),
        (
            "Int",
            ["2", "0", "null"],
            "viewer {{ connections(first: ${0}) {{ totalCount edges {{ node {{ name }} }} }} }}",
        ),
    ]
)
OTHER_TYPES = st.sampled_from(["Int!", "Float", "ID", "[ID!]", "Boolean", "[Int]", "String"])
OTHER_DEFAULTS = st.sampled_from(["100.0", '"20"', "null", '["x"]', "[1]", "true"])
VARIABLE_VALUES = st.one_of(
    st.integers(-(2**40), 2**40),
    st.sampled_from([0, 1, 2, 100, 101, 100.0, 99.5, 1e30, "100", "x", None, True, [], ["x"] * 100]),
    st.lists(st.sampled_from(["x", 1, None]), max_size=150),
)


@st.composite
def variable_heavy(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    definitions, uses, variables = [], [], {}
    for i in range(draw(st.integers(1, 8))):
        kind, defaults, use = draw(ARGUMENT_USES)
        kind = kind if draw(st.integers(0, 7)) else draw(OTHER_TYPES)
        default = draw(st.sampled_from(["", "", *defaults])) if draw(st.integers(0, 7)) else draw(OTHER_DEFAULTS)
        definitions.append(f"$v{i}: {kind}{default and ' = ' + default}")
        uses.append(f"a{i}: {use.format(f'v{i}')}")
        if draw(st.booleans()):
            variables[f"v{i}"] = draw(VARIABLE_VALUES)
    return f"query({', '.join(definitions)}) {{ {' '.join(uses)} }}", variables


# Far above what a linear analysis needs on any of these, far below what a walk per spread would take.
ANSWER_WITHIN_S = 5.0


def test_fragment_and_variable_heavy_documents_get_clean_answers_in_bounded_time(api: Api, db: Driver) -> None:
    post = poster(api, api.token_for(person(db)))
    people = [to_global_id("Person", "fuzz-p")]

    @FUZZ
    @given(fragments=fragment_heavy(), heavy=variable_heavy(), n=VARIABLE_VALUES)
    def documents(fragments: str, heavy: tuple[str, dict[str, Any]], n: object) -> None:
        for query, variables in ((fragments, {"n": n, "ids": people * 3}), heavy):
            started = time.monotonic()
            check(post(json={"query": query, "variables": variables}))
            assert time.monotonic() - started < ANSWER_WITHIN_S, query

    documents()


def test_arbitrary_bodies_get_clean_answers(api: Api) -> None:
    post = poster(api, api.token)
    request = st.one_of(
        st.builds(lambda raw: {"content": raw}, st.binary(max_size=200)),
        st.builds(lambda value: {"content": json.dumps(value)}, JSON_VALUES),
        st.builds(
            lambda query, variables, name: {
                "content": json.dumps({"query": query, "variables": variables, "operationName": name})
            },
            QUERY_LIKE | st.text(max_size=40),
            JSON_VALUES,
            st.none() | st.text(max_size=10),
        ),
    )
    content_type = st.sampled_from(["application/json", "application/json; charset=utf-8", "text/plain", ""])
    accept = st.sampled_from(["application/json", "application/graphql-response+json", "*/*", "text/html;q=0.1"])

    @FUZZ
    @given(request=request, content_type=content_type, accept=accept)
    def bodies(request: dict[str, Any], content_type: str, accept: str) -> None:
        check(post(headers={"Content-Type": content_type, "Accept": accept}, **request))

    bodies()
