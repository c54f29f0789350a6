"""The lean execution context answers exactly as Strawberry's own: same data, same errors, same paths."""

from __future__ import annotations

import enum
from datetime import date
from typing import Any

import pytest
import strawberry
from strawberry.extensions import ParserCache

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
