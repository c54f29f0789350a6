"""The library internals crosspaths relies on still have the shape it relies on, and live only in api/seams.

After upgrading Strawberry, graphql-core, cross-web, uvicorn, Starlette or the Neo4j driver, this is
the test to run first: each failure names the seam that moved (api/seams/ says why each is needed).
"""

from __future__ import annotations

import ast
import asyncio
import inspect
import logging
import textwrap
import typing
import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
import strawberry
import uvicorn
from graphql import (
    GraphQLEnumType,
    GraphQLObjectType,
    GraphQLSchema,
    OperationDefinitionNode,
    TypeMetaFieldDef,
    parse,
    specified_rules,
)
from graphql.execution.collect_fields import FieldDetails, FragmentDetails
from neo4j import Driver, GqlStatusObject
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.staticfiles import StaticFiles
from starlette.testclient import TestClient
from starlette.types import Receive, Scope, Send
from strawberry.asgi import GraphQL

from api.gql.documents import COMPARISONS_BUDGET
from api.gql.execution import LeanExecutionContext
from api.gql.schema import CrosspathsSchema
from api.graph.notifications import DRIVER_LOGGER
from api.seams.graphql_stack import (
    ASGIWebSocketAdapter,
    AsyncHTTPRequestAdapter,
    BaseGraphQLTransportWSHandler,
    ConnectionInitMessage,
    ErrorMessage,
    HTTPException,
    InvalidOperationTypeError,
    StrawberryGraphQLCoreExecutionContext,
    SubscribeMessage,
    WebSocketDisconnected,
    graphql_core_schema,
    limit_field_comparisons,
    plain_attribute,
    strawberry_enum,
    validate_document,
)
from api.seams.http_server import HttpToolsProtocol, ServerState
from api.seams.neo4j_driver import driver_notification
from api.settings import PROJECT_ROOT
from api.web.graphiql import BUNDLES, BundleFiles
from api.web.serving import HeadLimitedHttpTools
from api.web.sockets import SocketHandler, TextFrames
from api.web.view import GraphQLView

SEAMS = PROJECT_ROOT / "api" / "seams"

# Our subclasses of library classes whose hooks the libraries do not all document.
SUBCLASSES: list[tuple[type, type]] = [
    (LeanExecutionContext, StrawberryGraphQLCoreExecutionContext),
    (CrosspathsSchema, strawberry.Schema),
    (GraphQLView, GraphQL),
    (SocketHandler, BaseGraphQLTransportWSHandler),
    (TextFrames, ASGIWebSocketAdapter),
    (HeadLimitedHttpTools, HttpToolsProtocol),
    (BundleFiles, StaticFiles),
]


def _parameters(function: Callable[..., object]) -> list[tuple[str, object]]:
    return [(p.name, p.kind) for p in inspect.signature(function).parameters.values()]


def _unwrapped(member: object) -> object:
    return member.__func__ if isinstance(member, staticmethod | classmethod) else member


def _written(cls: type) -> list[str]:
    """The names the class body of `cls` defines itself: methods and class attributes, as written."""
    [body] = ast.parse(textwrap.dedent(inspect.getsource(cls))).body
    assert isinstance(body, ast.ClassDef)
    names = []
    for node in body.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            names.append(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.append(node.target.id)
        elif isinstance(node, ast.Assign):
            names += [target.id for target in node.targets if isinstance(target, ast.Name)]
    return names


@pytest.mark.parametrize(("ours", "base"), SUBCLASSES, ids=lambda cls: cls.__qualname__)
def test_every_method_we_override_is_still_the_librarys_with_the_same_parameters(ours: type, base: type) -> None:
    """A hook renamed or re-signed upstream would no longer be called, or be called wrongly, without an error."""
    problems = []
    for name in _written(ours):
        function = _unwrapped(vars(ours)[name])
        if name.startswith("_") and not name.endswith("__"):
            if hasattr(base, name):  # ours would now replace the library's own
                problems.append(f"{base.__qualname__} now has {name} too: rename ours")
            continue
        if not inspect.isfunction(function):
            continue  # a class attribute: the view's handler and adapter classes are checked below
        inherited = getattr(base, name, None)
        if inherited is None:
            problems.append(f"{base.__qualname__}.{name} is gone: {ours.__qualname__}.{name} is never called")
        elif _parameters(function) != _parameters(_unwrapped(inherited)):  # type: ignore[arg-type]
            problems.append(f"{base.__qualname__}.{name}{inspect.signature(inherited)} changed")
    assert problems == [], f"see api/seams/ for why {ours.__qualname__} overrides them"


# --- Strawberry and graphql-core ---------------------------------------------------------------------


@strawberry.enum
class Colour(Enum):
    RED = "red"


@strawberry.type
class Thing:
    name: str
    colour: Colour

    @strawberry.field
    def shouted(self) -> str:
        return self.name.upper()


@strawberry.type
class Query:
    @strawberry.field
    def thing(self) -> Thing:
        return Thing(name="lamp", colour=Colour.RED)


@strawberry.type
class Mutation:
    @strawberry.mutation
    def touch(self) -> bool:
        return True


class RecordingExecutor(StrawberryGraphQLCoreExecutionContext):
    made: list[StrawberryGraphQLCoreExecutionContext] = []  # noqa: RUF012 - the test's record of instances

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        RecordingExecutor.made.append(self)


def _thing_type(schema: strawberry.Schema) -> GraphQLObjectType:
    found = graphql_core_schema(schema).get_type("Thing")
    assert isinstance(found, GraphQLObjectType)
    return found


def test_strawberrys_schema_keeps_the_graphql_core_schema_it_executes() -> None:
    built = graphql_core_schema(strawberry.Schema(query=Query))
    assert isinstance(built, GraphQLSchema)
    assert built.get_type("Thing") is not None


def test_strawberrys_fields_tell_which_only_read_an_attribute() -> None:
    fields = _thing_type(strawberry.Schema(query=Query)).fields
    assert plain_attribute(fields["name"]) == "name"
    assert plain_attribute(fields["shouted"]) is None  # a resolver of its own
    assert plain_attribute(TypeMetaFieldDef) is None  # graphql-core's own field


def test_strawberrys_enum_types_name_their_python_enum() -> None:
    colour = _thing_type(strawberry.Schema(query=Query)).fields["colour"].type
    named = getattr(colour, "of_type", colour)
    assert isinstance(named, GraphQLEnumType)
    assert strawberry_enum(named) is Colour


def test_strawberrys_executor_has_what_the_lean_executor_reads() -> None:
    RecordingExecutor.made.clear()
    schema = strawberry.Schema(query=Query, execution_context_class=RecordingExecutor)
    assert schema.execute_sync("{ thing { name } }").data == {"thing": {"name": "lamp"}}
    [executor] = RecordingExecutor.made
    state = vars(executor)
    assert isinstance(state["schema"], GraphQLSchema)
    assert hasattr(state["middleware_manager"], "middlewares")
    assert isinstance(state["operation"], OperationDefinitionNode)
    assert isinstance(state["fragments"], dict)
    assert {"_lean", "_fields", "_objects", "_kept"}.isdisjoint(state), "the lean executor's own attributes would clash"
    assert {"node", "defer_usage", "fragment_variable_values"} <= set(
        FieldDetails._fields
    )  # read by api.gql.lean_plans
    assert "definition" in FragmentDetails._fields
    grouped, new_defer_usages, _ = executor.collect_subfields(_thing_type(schema), [])  # unpacked as ours does
    assert (dict(grouped), list(new_defer_usages)) == ({}, [])


def test_graphql_cores_executor_holds_its_own_methods_and_ours_makes_them_on_access() -> None:
    """graphql-core's __init__ keeps `async_helpers` of its own bound methods (a cycle); ours makes them when read.

    When graphql-core stops keeping them, the first assertion fails and the property in api/seams can go.
    """
    library: Any = StrawberryGraphQLCoreExecutionContext.__bases__[0]
    made: list[Any] = []

    class Recording(library):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            made.append(self)

    RecordingExecutor.made.clear()
    for executor_class in (Recording, RecordingExecutor):
        schema = strawberry.Schema(query=Query, execution_context_class=executor_class)
        assert schema.execute_sync("{ thing { name } }").data == {"thing": {"name": "lamp"}}
    [theirs], [ours] = made, RecordingExecutor.made
    kept = vars(theirs)["async_helpers"]
    assert (kept.gather.__self__, kept.track.__self__) == (theirs, theirs)
    assert "async_helpers" not in vars(ours)
    helpers: Any = ours.async_helpers
    assert (helpers.gather.__self__, helpers.track.__self__) == (ours, ours)


def test_the_lean_executor_answers_through_strawberrys() -> None:
    schema = strawberry.Schema(query=Query, execution_context_class=LeanExecutionContext)
    result = schema.execute_sync("{ thing { name colour shouted __typename } }")
    assert result.errors is None
    assert result.data == {"thing": {"name": "lamp", "colour": "RED", "shouted": "LAMP", "__typename": "Thing"}}


def test_strawberrys_validation_runs_the_rules_it_is_given_within_the_comparisons_budget() -> None:
    built = graphql_core_schema(strawberry.Schema(query=Query))
    rules = tuple(specified_rules)  # what Strawberry hands extensions as execution_context.validation_rules
    assert [error.message for error in validate_document(built, parse("{ thing { nope } }"), rules)] == [
        "Cannot query field 'nope' on type 'Thing'. Did you mean 'name'?"
    ]
    overlapping = parse("{ thing { name name: name } thing { name } }")
    try:
        limit_field_comparisons(1)
        aborted = [error.message for error in validate_document(built, overlapping, rules)]
    finally:
        limit_field_comparisons(COMPARISONS_BUDGET)
    assert aborted == ["Validation aborted."]
    assert validate_document(built, overlapping, rules) == []


def test_strawberrys_view_raises_an_http_exception_caused_by_the_operation_type_for_a_mutation_over_get() -> None:
    view = GraphQL(strawberry.Schema(query=Query, mutation=Mutation))
    caught: list[HTTPException] = []

    async def endpoint(request: Request) -> PlainTextResponse:
        try:
            await view.run(request)
        except HTTPException as error:
            caught.append(error)
        return PlainTextResponse("")

    with TestClient(Starlette(routes=[Route("/graphql", endpoint)])) as client:
        client.get("/graphql", params={"query": "mutation { touch }"})
    [error] = caught
    assert error.status_code == 400
    assert isinstance(error.__cause__, InvalidOperationTypeError)


def test_strawberrys_view_has_the_undocumented_hooks_the_view_uses() -> None:
    assert _parameters(GraphQL.run)[:2] == [
        ("self", inspect.Parameter.POSITIONAL_OR_KEYWORD),
        ("request", inspect.Parameter.POSITIONAL_OR_KEYWORD),
    ]
    assert GraphQL.websocket_adapter_class is ASGIWebSocketAdapter
    handler = inspect.getattr_static(GraphQL, "graphql_transport_ws_handler_class")  # a parametrised generic
    assert (typing.get_origin(handler) or handler) is BaseGraphQLTransportWSHandler
    assert {"method", "content_type", "get_body"} <= set(dir(AsyncHTTPRequestAdapter))


def test_strawberrys_socket_handler_and_adapter_have_what_ours_read() -> None:
    adapter = ASGIWebSocketAdapter(view=object(), request=object(), response=object())  # type: ignore[arg-type]
    assert {"view", "ws"} <= set(vars(adapter))
    handler = BaseGraphQLTransportWSHandler[object, None](
        view=object(),  # type: ignore[arg-type]
        websocket=adapter,
        context=object(),
        root_value=None,
        schema=object(),  # type: ignore[arg-type]
        connection_init_wait_timeout=timedelta(seconds=1),
    )
    read = {
        "context",
        "websocket",
        "operations",
        "connection_init_received",
        "connection_timed_out",
        "connection_init_timeout_task",
        "connection_acknowledged",
    }
    assert read <= set(vars(handler))
    assert "_watch" not in vars(handler)
    assert callable(handler.send_message)
    assert issubclass(WebSocketDisconnected, Exception)
    assert {"payload"} <= ConnectionInitMessage.__annotations__.keys()
    assert {"id"} <= SubscribeMessage.__annotations__.keys()
    assert {"id", "type", "payload"} <= ErrorMessage.__annotations__.keys()


# --- uvicorn and Starlette ---------------------------------------------------------------------------


class _Transport(asyncio.Transport):
    """Enough of a socket for uvicorn's protocol: it keeps what is written."""

    def __init__(self) -> None:
        super().__init__()
        self.written = b""
        self.closing = False

    def get_extra_info(self, name: str, default: Any = None) -> Any:  # noqa: ARG002 - asyncio's signature
        return default  # no socket, no peer: uvicorn then serves without addresses

    def write(self, data: bytes | bytearray | memoryview) -> None:
        self.written += bytes(data)

    def is_closing(self) -> bool:
        return self.closing

    def close(self) -> None:
        self.closing = True

    def can_write_eof(self) -> bool:
        return True

    def write_eof(self) -> None:
        pass


@pytest.fixture
def loop() -> Iterator[asyncio.AbstractEventLoop]:
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


async def _never_called(_scope: Scope, _receive: Receive, _send: Send) -> None:
    raise AssertionError("the refused request reached the app")


def test_uvicorns_parser_hands_an_over_limit_head_to_our_refusal(loop: asyncio.AbstractEventLoop) -> None:
    config = uvicorn.Config(_never_called, h11_max_incomplete_event_size=200)
    protocol = HeadLimitedHttpTools(config, ServerState(), {}, _loop=loop)
    assert {"max_head_bytes", "head_bytes", "reading_head", "refused", "head_deadline"}.isdisjoint(
        vars(HttpToolsProtocol(config, ServerState(), {}, _loop=loop))
    ), "our protocol's own attributes would clash with uvicorn's"
    transport = _Transport()
    protocol.connection_made(transport)
    assert {"transport", "loop"} <= set(vars(protocol))
    protocol.data_received(b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 300 + b"\r\n\r\n")
    assert transport.written.startswith(b"HTTP/1.1 431 ")
    assert b"REQUEST_HEADERS_TOO_LARGE" in transport.written
    protocol.connection_lost(None)


def test_uvicorns_server_says_when_it_started_and_takes_a_request_to_stop() -> None:
    server = uvicorn.Server(uvicorn.Config(_never_called))
    assert (server.started, server.should_exit) == (False, False)


def test_starlettes_static_files_look_a_path_up_into_a_file_and_its_stat(tmp_path: Path) -> None:
    bundle = tmp_path / BUNDLES[0]
    bundle.parent.mkdir(parents=True)
    bundle.write_text("// bundle")
    (tmp_path / "package.json").write_text("{}")
    files = BundleFiles(directory=tmp_path)
    found, stat = files.lookup_path(BUNDLES[0])
    assert (Path(found), stat is not None) == (bundle, True)
    assert files.lookup_path("package.json") == ("", None)
    assert StaticFiles(directory=tmp_path).lookup_path("package.json")[1] is not None


# --- the Neo4j driver --------------------------------------------------------------------------------


def test_the_drivers_notification_records_carry_the_notification_and_its_statement(
    db: Driver, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(logging.getLogger(DRIVER_LOGGER), "filters", [])  # the records as the driver makes them
    caplog.set_level(logging.DEBUG, logger=DRIVER_LOGGER)
    marker = uuid.uuid4().hex
    statement = f"MATCH (n:Person {{id: '{marker}'}}), (m:Company {{id: '{marker}'}}) RETURN count(*) AS c"
    db.execute_query(statement)
    found = [driver_notification(record) for record in caplog.records if record.name == DRIVER_LOGGER]
    assert found, "the driver logged no notification for a cartesian product"
    assert all(each is not None for each in found), "the driver's notification records changed shape"
    assert {(type(each[0]), each[1]) for each in found if each is not None} == {(GqlStatusObject, statement)}


# --- the rule: internals only through api/seams ------------------------------------------------------

# The modules of these libraries that their documentation presents as public. Starlette and the Neo4j
# driver document their modules by name: any module without a leading underscore is public.
PUBLIC_MODULES = {
    "strawberry": {
        "strawberry",
        "strawberry.asgi",
        "strawberry.extensions",
        "strawberry.file_uploads",
        "strawberry.http",
        "strawberry.schema.config",
        "strawberry.subscriptions",
        "strawberry.tools",
        "strawberry.types",
    },
    # graphql-core's sub-packages, each exporting its public names (graphql-core's API reference).
    "graphql": {
        "graphql",
        "graphql.error",
        "graphql.execution",
        "graphql.language",
        "graphql.pyutils",
        "graphql.type",
        "graphql.utilities",
        "graphql.validation",
    },
    "uvicorn": {"uvicorn"},
    "cross_web": set(),  # only because Strawberry's views use it: through api/seams
}
UNDERSCORE_PRIVATE = ("starlette", "neo4j", "httptools")
CHECKED = ("api", "seeds", "tests", "examples", "hatch_build.py")
THIS_FILE = Path(__file__).resolve()


def _sources(*roots: str) -> list[Path]:
    paths = []
    for root in roots:
        path = PROJECT_ROOT / root
        found = [path] if path.is_file() else sorted(path.rglob("*.py"))
        paths += [p for p in found if "node_modules" not in p.parts and p.resolve() != THIS_FILE]
    return paths


def _imports(path: Path) -> Iterator[tuple[int, str, str | None]]:
    """(line, module, name or None) for every absolute import in `path`, wherever it stands."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, None
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            for alias in node.names:
                yield node.lineno, node.module, alias.name


def _library(module: str) -> str:
    return module.split(".", maxsplit=1)[0]


def _seams_imports() -> set[tuple[str, str | None]]:
    """(module, name) of each library name a seams module hands on (its `__all__`)."""
    watched = (*PUBLIC_MODULES, *UNDERSCORE_PRIVATE)
    found = set()
    for path in SEAMS.glob("*.py"):
        module_ast = ast.parse(path.read_text(encoding="utf-8"))
        handed_on = {
            name
            for node in module_ast.body
            if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "__all__" for t in node.targets)
            for name in ast.literal_eval(node.value)
        }
        found |= {(m, n) for _, m, n in _imports(path) if n in handed_on and _library(m) in watched}
    return found


def _internal(module: str, name: str | None, seams: set[tuple[str, str | None]]) -> bool:
    library = _library(module)
    if (module, name) in seams and library in PUBLIC_MODULES:
        return True  # a name the seams import for a reason, even from a public module
    if library in PUBLIC_MODULES:
        return module not in PUBLIC_MODULES[library]
    if library in UNDERSCORE_PRIVATE:
        return any(part.startswith("_") for part in module.split("."))
    return False


def test_no_module_outside_api_seams_imports_a_librarys_internals() -> None:
    seams = _seams_imports()
    found = [
        f"{path.relative_to(PROJECT_ROOT)}:{line}: {module}{'' if name is None else '.' + name}"
        for path in _sources(*CHECKED)
        if SEAMS not in path.parents
        for line, module, name in _imports(path)
        if _internal(module, name, seams)
    ]
    assert found == [], "import these from api/seams (and say there why they are needed)"


def test_no_module_outside_api_seams_reads_a_private_attribute_of_another_object() -> None:
    found = []
    for path in _sources("api", "seeds"):
        if SEAMS in path.parents:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Attribute) or not node.attr.startswith("_") or node.attr.endswith("__"):
                continue
            if not (isinstance(node.value, ast.Name) and node.value.id in {"self", "cls"}):
                found.append(f"{path.relative_to(PROJECT_ROOT)}:{node.lineno}: {ast.unparse(node)}")
    assert found == [], "a library's private attribute is read through a helper in api/seams"


def test_the_rule_sees_what_it_guards() -> None:
    """The scan above finds the seams' own imports when it reads api/seams: it is not passing on nothing."""
    seams = _seams_imports()
    assert ("strawberry.schema.schema", "validate_document") in seams
    flagged = [(m, n) for path in SEAMS.glob("*.py") for _, m, n in _imports(path) if _internal(m, n, seams)]
    assert ("uvicorn.server", "ServerState") in flagged
    assert ("strawberry.http", "GraphQLRequestData") in flagged
    assert not _internal("strawberry.http", "GraphQLHTTPResponse", seams)
    assert _internal("neo4j._debug", "NotificationPrinter", seams)
