"""The query guard's measures kept by document text and the values its counts read (api.gql.kept_shapes)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from graphql import FragmentDefinitionNode, OperationDefinitionNode, parse

from api.gql import kept_shapes, limits
from api.gql.limits import QueryShape
from api.gql.schema import schema
from api.gql.variables_key import values_key
from api.lru import BoundedLru
from api.seams.graphql_stack import graphql_core_schema
from tests.conftest import Api
from tests.memory import counted_and_held

NESTED = """query($a: Int!, $b: Int!, $id: ID!) { people(first: $a) { edges { node { name
  connections(first: $b) { edges { node { name } } } } } } node(id: $id) { id } }"""


def measured(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The variables of every walk from here on."""
    walks: list[object] = []
    measure = limits.measure

    def counted(*args: Any) -> QueryShape:
        walks.append(args[3])
        return measure(*args)

    monkeypatch.setattr(kept_shapes, "measure", counted)
    return walks


def shape(document: str, variables: object) -> QueryShape:
    parsed = parse(document)
    [operation] = [d for d in parsed.definitions if isinstance(d, OperationDefinitionNode)]
    fragments = {d.name.value: d for d in parsed.definitions if isinstance(d, FragmentDefinitionNode)}
    return kept_shapes.kept_measure(graphql_core_schema(schema), operation, fragments, variables)


def test_each_request_reports_the_cost_of_its_own_values(api: Api) -> None:
    document = f"# {uuid.uuid4().hex}\n{NESTED}"
    for a, b, nodes, code in [
        (3, 4, 15, None),
        (10, 10, 110, None),
        (100, 100, 10_100, "MAX_NODE_LIMIT_EXCEEDED"),
        (3, 4, 15, None),
        (101, 1, None, "BAD_USER_INPUT"),
        (100, 100, 10_100, "MAX_NODE_LIMIT_EXCEEDED"),
        (10, 10, 110, None),
    ]:
        body = api.post(document, {"a": a, "b": b, "id": str(a)})
        if code is None:
            assert body.get("errors") is None, body["errors"]
            assert body["extensions"]["cost"]["nodeCount"] == nodes
        else:
            assert [error["extensions"]["code"] for error in body["errors"]] == [code]


def test_a_document_is_walked_once_for_the_values_its_counts_read(monkeypatch: pytest.MonkeyPatch) -> None:
    walks = measured(monkeypatch)
    document = f"# {uuid.uuid4().hex}\n{NESTED}"
    first = shape(document, {"a": 3, "b": 4, "id": "x"})
    assert (first.nodes, first.reads) == (15, ("a", "b"))
    # `$id` is no count's: any id takes the kept measure; a count's other value does not.
    assert shape(document, {"a": 3, "b": 4, "id": "y"}) is first
    assert shape(document, {"b": 4, "a": 3}) is first
    assert shape(document, {"a": 3, "b": 5, "id": "x"}).nodes == 18
    assert len(walks) == 2
    # Refusals are worked out again each time, never kept.
    for _ in range(2):
        assert [(e.extensions or {}).get("code") for e in shape(document, {"a": 0, "b": 4}).errors] == [
            "BAD_USER_INPUT"
        ]
    assert len(walks) == 4


def test_values_that_python_finds_equal_are_kept_apart() -> None:
    names = ("a",)
    keys = [values_key({"a": value}, names, 100) for value in (1, 1.0, True, "1", None)]
    assert None not in keys
    assert len(set(keys)) == len(keys)
    assert values_key({}, names, 100) != values_key({"a": None}, names, 100)  # not given is not null
    assert values_key({"a": 1, "b": 2}, names, 100) == values_key({"a": 1, "b": 3}, names, 100)  # `b` is not read
    assert values_key({"a": "x" * 200}, names, 100) is None  # too long to keep
    assert values_key({"a": object()}, names, 100) is None  # not JSON (an upload)


def test_the_kept_measures_stay_within_their_bound_of_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    shapes = BoundedLru[tuple[kept_shapes.DocumentKey, str], QueryShape](
        max_entries=200, max_bytes=kept_shapes.BYTES_KEPT
    )
    monkeypatch.setattr(kept_shapes, "_SHAPES", shapes)
    documents = [f"# {uuid.uuid4().hex}\n{NESTED}" for _ in range(4)]
    parsed = [parse(document) for document in documents]  # as the kept documents (api.gql.documents) hold them

    def fill() -> int:
        for i in range(300):
            document = parsed[i % len(parsed)]
            [operation] = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
            kept_shapes.kept_measure(graphql_core_schema(schema), operation, {}, {"a": 1 + i % 20, "b": 1 + i // 20})
        assert len(shapes) == shapes.max_entries
        return shapes.bytes

    counted, held = counted_and_held(fill, shapes.clear)
    assert 0 < held <= counted <= kept_shapes.BYTES_KEPT
