"""The exported SDL follows the code, and the code follows the public contract (tests/gql/contract.graphql).

contract.graphql is a copy of the contract the product shares with client teams; it lives here so that
a fresh clone can check itself against it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from graphql import (
    GraphQLArgument,
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    Undefined,
    build_schema,
    get_named_type,
    is_required_argument,
    is_required_input_field,
    value_from_ast,
)

from api.gql.schema import schema, sdl
from api.seams.graphql_stack import graphql_core_schema
from api.settings import PROJECT_ROOT

CONTRACT = Path(__file__).with_name("contract.graphql")
# Added by the network and CSV-import work (issues 3 and 4), not by the foundation.
PENDING = {
    "Person.encounters",
    "Person.opportunities",
    "Person.pathsTo",
    "Person.mutualConnections",
    "Person.degreeTo",
    "Person.suggestions",
    "Mutation.importCsv",
}
PENDING_TYPES = {
    "CsvKind",
    "DateTime",
    "Encounter",
    "EncounterConnection",
    "EncounterEdge",
    "Float",
    "ImportCsvInput",
    "ImportPayload",
    "ImportReport",
    "ImportRowError",
    "LinkKind",
    "Opportunity",
    "OpportunityConnection",
    "OpportunityEdge",
    "OpportunityFilter",
    "Path",
    "PathStep",
    "PersonSuggestion",
    "Upload",
}

# Fields the contract makes non-null that answer null where the viewer may not see them, and why: a
# private field that failed instead would null the person around it, and so blank a list of people
# (design.md, Privacy; docs/security.md lists what each private field reads as).
NULLABLE_FOR_PRIVACY = {"Person.interviewValue": "another person's interview value reads as null"}

Fields = GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType


def contract() -> GraphQLSchema:
    return build_schema(CONTRACT.read_text(encoding="utf-8"))


def ours() -> GraphQLSchema:
    return graphql_core_schema(schema)


def named_types(built: GraphQLSchema) -> dict[str, GraphQLNamedType]:
    return {name: kind for name, kind in built.type_map.items() if not name.startswith("__")}


def shared_types() -> list[tuple[str, GraphQLNamedType, GraphQLNamedType]]:
    mine = named_types(ours())
    return [(name, theirs, mine[name]) for name, theirs in named_types(contract()).items() if name in mine]


def stated_default(arg: GraphQLArgument) -> Any:
    """The default the contract's SDL writes for `arg` (build_schema keeps it in the AST only), or Undefined."""
    node = arg.ast_node
    if node is None or node.default_value is None:
        return Undefined
    return value_from_ast(node.default_value, arg.type)


def applied_without_declaring(argument: str, ours: dict[str, GraphQLArgument], default: object) -> bool:
    """A connection's `first` declares no default, so that `last` alone pages backwards; 20 still applies when
    neither is given (docs/changelog.md; tests/gql/test_pagination.py checks it on every connection).
    """
    return argument == "first" and "last" in ours and default == 20 and ours["first"].default_value is None


def field_differences(name: str, theirs: Fields, mine: Fields) -> list[str]:
    """How the fields (and their arguments) that both schemas have differ in shape."""
    problems = []
    for field_name, field in theirs.fields.items():
        ours_field = mine.fields.get(field_name)
        if ours_field is None or f"{name}.{field_name}" in PENDING:
            continue
        nullable = f"{name}.{field_name}" in NULLABLE_FOR_PRIVACY and str(field.type) == f"{ours_field.type}!"
        if str(ours_field.type) != str(field.type) and not nullable:
            problems.append(f"{name}.{field_name}: {ours_field.type}, contract says {field.type}")
        for arg_name, arg in getattr(field, "args", {}).items():
            ours_arg = ours_field.args.get(arg_name)
            if ours_arg is None:
                problems.append(f"{name}.{field_name}({arg_name}:) is missing")
            elif str(ours_arg.type) != str(arg.type):
                problems.append(f"{name}.{field_name}({arg_name}:) is {ours_arg.type}, contract says {arg.type}")
            elif (
                (default := stated_default(arg)) is not Undefined
                and ours_arg.default_value != default
                and not applied_without_declaring(arg_name, ours_field.args, default)
            ):
                problems.append(
                    f"{name}.{field_name}({arg_name}:) defaults to {ours_arg.default_value!r}, "
                    f"contract says {default!r}"
                )
    return problems


def test_exported_sdl_matches_the_code() -> None:
    exported = (PROJECT_ROOT / "schema" / "schema.graphql").read_text(encoding="utf-8")
    assert exported == sdl(), "schema/schema.graphql is out of date with the code: run `crosspaths schema export`"


def test_every_contract_type_and_field_of_the_foundation_exists() -> None:
    mine = named_types(ours())
    missing = []
    for name, theirs in named_types(contract()).items():
        if name in PENDING_TYPES:
            continue
        if name not in mine:
            missing.append(name)
            continue
        missing += [
            f"{name}.{field}"
            for field in getattr(theirs, "fields", {})
            if f"{name}.{field}" not in PENDING and field not in mine[name].fields  # type: ignore[attr-defined]
        ]
    assert missing == []


def kind(named: GraphQLNamedType) -> str:
    """object, input, enum, ...: the GraphQL kind, whatever subclass a library builds it with."""
    kinds = (GraphQLObjectType, GraphQLInterfaceType, GraphQLInputObjectType, GraphQLEnumType, GraphQLUnionType)
    return next((cls.__name__ for cls in kinds if isinstance(named, cls)), "GraphQLScalarType")


def test_shared_types_are_the_same_kind() -> None:
    kinds = [(name, kind(theirs), kind(mine)) for name, theirs, mine in shared_types()]
    assert [kind for kind in kinds if kind[1] != kind[2]] == []


def test_shared_fields_and_arguments_have_the_contract_shape() -> None:
    problems = []
    for name, theirs, mine in shared_types():
        if isinstance(theirs, Fields) and isinstance(mine, Fields):
            problems += field_differences(name, theirs, mine)
    assert problems == []


def test_shared_enums_have_every_contract_value() -> None:
    missing = [
        f"{name}.{value}"
        for name, theirs, mine in shared_types()
        if isinstance(theirs, GraphQLEnumType) and isinstance(mine, GraphQLEnumType)
        for value in theirs.values
        if value not in mine.values
    ]
    assert missing == []


def test_shared_unions_and_interfaces_match() -> None:
    problems = []
    for name, theirs, mine in shared_types():
        if isinstance(theirs, GraphQLUnionType) and isinstance(mine, GraphQLUnionType):
            problems += [
                f"{name} lacks {member}" for member in {t.name for t in theirs.types} - {t.name for t in mine.types}
            ]
        if isinstance(theirs, GraphQLObjectType) and isinstance(mine, GraphQLObjectType):
            problems += [
                f"{name} does not implement {interface}"
                for interface in {i.name for i in theirs.interfaces} - {i.name for i in mine.interfaces}
            ]
    assert problems == []


def test_we_require_nothing_the_contract_does_not() -> None:
    """A required argument or input field the contract lacks would break every client that follows it."""
    extra = []
    for name, theirs, mine in shared_types():
        if isinstance(mine, GraphQLInputObjectType) and isinstance(theirs, GraphQLInputObjectType):
            extra += [
                f"{name}.{field_name}"
                for field_name, field in mine.fields.items()
                if is_required_input_field(field) and field_name not in theirs.fields
            ]
        if isinstance(mine, GraphQLObjectType) and isinstance(theirs, GraphQLObjectType):
            extra += [
                f"{name}.{field_name}({arg_name}:)"
                for field_name, field in mine.fields.items()
                if field_name in theirs.fields
                for arg_name, arg in field.args.items()
                if is_required_argument(arg) and arg_name not in theirs.fields[field_name].args
            ]
    assert extra == []


def test_every_connection_pages_both_ways_and_declares_no_page_size() -> None:
    """Every field answering a connection takes `first`, `after`, `last` and `before` (the Relay spec, issue 21),
    and `first` declares no default: a declared one would turn `last: 2` alone into `first: 20, last: 2`.
    """
    wanted = {"first": "Int", "after": "String", "last": "Int", "before": "String"}
    found, problems = [], []
    for name, named in named_types(ours()).items():
        if not isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
            continue
        for field_name, field in named.fields.items():
            if not get_named_type(field.type).name.endswith("Connection"):
                continue
            found.append(f"{name}.{field_name}")
            arguments = {argument: str(field.args[argument].type) for argument in wanted if argument in field.args}
            if arguments != wanted or field.args["first"].default_value is not None:
                problems.append(f"{name}.{field_name}({', '.join(f'{k}: {v}' for k, v in arguments.items())})")
    assert len(found) >= 12
    assert problems == []
