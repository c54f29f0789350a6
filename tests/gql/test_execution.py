"""The lean execution context answers exactly as Strawberry's own: same data, same errors, same paths."""

from __future__ import annotations

import enum
import gc
import tracemalloc
import uuid
from datetime import date
from typing import Any

import pytest
import strawberry
from strawberry.extensions import ParserCache

from api.gql import execution, lean_plans
from api.gql.execution import LeanExecutionContext
from api.seams.graphql_stack import StrawberryGraphQLCoreExecutionContext


@strawberry.enum
class Kind(enum.Enum):
    KNOWS = "KNOWS"
    MET = "MET"


@strawberry.type
class Step:
    kind: Kind
    on: date | None
    weight: int


@strawberry.interface
class Named:
    name: str


@strawberry.type
class Chain(Named):
    name: str
    steps: list[Step]
    best: Step | None
    tags: list[str | None]

    @strawberry.field
    def shout(self) -> str:
        return self.name.upper()


@strawberry.type
class Other(Named):
    name: str


def step(kind: Any = Kind.KNOWS, on: Any = date(2024, 5, 17), weight: Any = 3) -> Step:
    # Any: the bad cases below put values of the wrong type where the schema expects others.
    return Step(kind=kind, on=on, weight=weight)


GOOD = [
    Chain(name="ana", steps=[step(), step(Kind.MET, None, 1)], best=step(), tags=["a", None]),
    Chain(name="bo", steps=[], best=None, tags=[]),
]


@strawberry.type
class Query:
    @strawberry.field
    def chains(self) -> list[Chain]:
        return GOOD

    @strawberry.field
    def named(self) -> list[Named]:
        return [*GOOD, Other(name="cy")]

    @strawberry.field
    def null_in_non_null(self) -> list[Chain]:
        return [Chain(name=None, steps=[step()], best=None, tags=[]), GOOD[0]]  # type: ignore[arg-type]

    @strawberry.field
    def bad_values(self) -> list[Step | None]:
        return [step(), step(kind="SOMETHING"), step(weight=1.5), step(on="not a date")]

    @strawberry.field
    def not_a_list(self) -> Chain:
        return Chain(name="dee", steps=7, best=None, tags=[])  # type: ignore[arg-type]

    @strawberry.field
    def wrong_type(self) -> Chain:
        return Other(name="eve")  # type: ignore[return-value]


LEAN = strawberry.Schema(query=Query, types=[Chain, Other], execution_context_class=LeanExecutionContext)
PLAIN = strawberry.Schema(
    query=Query, types=[Chain, Other], execution_context_class=StrawberryGraphQLCoreExecutionContext
)

QUERIES = {
    "plain fields, aliases, fragments": """
        query($withTags: Boolean!) { chains { __typename name shout first: name ...Steps tags @include(if: $withTags) }
        } fragment Steps on Chain { steps { kind on weight } best { kind w: weight } }""",
    "an interface": "{ named { __typename name ... on Chain { steps { kind } } } }",
    "a null where the type forbids one": "{ nullInNonNull { name steps { kind } } }",
    "values that do not serialize": "{ badValues { kind on weight } }",
    "a list that is not one": "{ notAList { name steps { kind } } }",
    "an object of the wrong type": "{ wrongType { name } }",
}


# As the app's schema: each distinct document is parsed once, so later requests bring the same AST nodes.
CACHED = strawberry.Schema(
    query=Query, types=[Chain, Other], execution_context_class=LeanExecutionContext, extensions=[ParserCache]
)


def answer(schema: strawberry.Schema, query: str, *, with_tags: bool = True) -> dict[str, Any]:
    result = schema.execute_sync(query, variable_values={"withTags": with_tags})
    return {"data": result.data, "errors": [error.formatted for error in result.errors or []]}


@pytest.mark.parametrize("query", QUERIES.values(), ids=QUERIES.keys())
def test_same_answer_as_strawberry(query: str) -> None:
    lean = answer(LEAN, query)
    assert lean == answer(PLAIN, query)
    assert lean["data"] is not None or lean["errors"]


def test_bad_values_are_reported_where_they_are() -> None:
    errors = answer(LEAN, QUERIES["values that do not serialize"])["errors"]
    assert [error["path"] for error in errors] == [
        ["badValues", 1, "kind"],
        ["badValues", 2, "weight"],
        ["badValues", 3, "on"],
    ]


def test_plain_fields_skip_the_resolver_machinery(monkeypatch: pytest.MonkeyPatch) -> None:
    normal: list[str] = []
    execute_field = StrawberryGraphQLCoreExecutionContext.execute_field

    def counted(self: Any, parent_type: Any, source: Any, field_details_list: Any, *args: Any) -> Any:
        normal.append(f"{parent_type.name}.{field_details_list[0].node.name.value}")
        return execute_field(self, parent_type, source, field_details_list, *args)

    monkeypatch.setattr(StrawberryGraphQLCoreExecutionContext, "execute_field", counted)
    answer(LEAN, "{ chains { name steps { kind on } best { weight } shout } }")
    # Only the root field and the field with a resolver of its own go the normal way.
    assert normal == ["Query.chains", "Chain.shout", "Chain.shout"]


def plans_made(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    made: list[str] = []
    plan = LeanExecutionContext._plan  # noqa: SLF001 - what is counted is the planning itself

    def counted(self: Any, parent_type: Any, field_details_list: Any) -> Any:
        made.append(f"{parent_type.name}.{field_details_list[0].node.name.value}")
        return plan(self, parent_type, field_details_list)

    monkeypatch.setattr(LeanExecutionContext, "_plan", counted)
    return made


VARYING = """query($withTags: Boolean!) { chains { name steps { kind on @include(if: $withTags) } best { ...W } } }
fragment W on Step { kind weight @skip(if: $withTags) }"""


def test_plans_that_variables_can_change_are_made_for_each_request(monkeypatch: pytest.MonkeyPatch) -> None:
    # A directive below `steps` and `best` decides what they select: a plan kept from another request
    # would answer with or without `on` and `weight` whatever this request's variables say.
    made = plans_made(monkeypatch)
    for with_tags in (True, False, True):
        made.clear()
        lean = answer(CACHED, VARYING, with_tags=with_tags)
        assert lean == answer(PLAIN, VARYING, with_tags=with_tags)
        assert ("on" in lean["data"]["chains"][0]["steps"][0]) is with_tags
        assert ("weight" in lean["data"]["chains"][0]["best"]) is not with_tags
        assert {"Chain.steps", "Chain.best"} <= set(made)


def test_an_operation_is_planned_once_for_every_request_that_sends_its_text(monkeypatch: pytest.MonkeyPatch) -> None:
    made = plans_made(monkeypatch)
    unique = uuid.uuid4().hex  # a text no other test sends: plans are kept for the process
    query = f"# {unique}\n{{ chains {{ name steps {{ kind on }} best {{ weight }} }} }}"
    answers = []
    for _ in range(3):
        made.clear()
        answers.append(answer(LEAN, query))  # parsed anew each time: new nodes, the same text
        if len(answers) > 1:
            assert made == [], "the plans of the first request were kept"
    assert answers[0] == answers[1] == answers[2] == answer(PLAIN, query)


def test_another_text_never_gets_a_kept_plan_even_with_fields_at_the_same_places() -> None:
    unique = uuid.uuid4().hex
    # `name` and `tags`, then `steps` and `best`, start at the same offsets in the two texts.
    first = f"# {unique}\n{{ chains {{ name steps {{ kind }} }} }}"
    second = f"# {unique}\n{{ chains {{ tags best  {{ weight }} }} }}"
    for query in (first, second, first, second):
        assert answer(LEAN, query) == answer(PLAIN, query)


def kept_plan_bytes() -> int:
    """Bytes allocated in the lean executor's modules and still held: the kept plans (tracemalloc must be on)."""
    gc.collect()
    snapshot = tracemalloc.take_snapshot().filter_traces(
        [
            tracemalloc.Filter(inclusive=True, filename_pattern=module.__file__ or "")
            for module in (lean_plans, execution)
        ]
    )
    return sum(stat.size for stat in snapshot.statistics("filename"))


def test_the_kept_plans_stay_within_their_bound_of_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    kept = 4  # the bound scales with PLANS_KEPT; a few operations show it as well as 64 would, much faster
    monkeypatch.setattr(lean_plans, "PLANS_KEPT", kept)
    # Each operation as big as its budget allows: one plan per alias, a distinct text each time.
    fields = " ".join(f"a{i}: name b{i}: steps {{ kind on weight }}" for i in range(lean_plans.POSITIONS_PER_OPERATION))
    tracemalloc.start()
    try:
        before = kept_plan_bytes()
        for i in range(2 * kept):
            result = answer(LEAN, f"# {uuid.uuid4().hex} {i}\n{{ chains {{ {fields} }} }}")
            assert result["errors"] == []
        held = kept_plan_bytes() - before
    finally:
        tracemalloc.stop()
    assert held <= kept * lean_plans.POSITIONS_PER_OPERATION * lean_plans.PLAN_BYTES
