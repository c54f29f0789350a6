"""Property-based fuzzing of /graphql: whatever arrives, the answer is a clean GraphQL error or data.

hypothesis-graphql generates valid queries and mutations from the exported schema (and, in its
negative mode, invalid ones); further strategies throw arbitrary bytes and JSON at the endpoint.
Every request is checked for the same things: no 5xx, no traceback text, a code on every error.
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
