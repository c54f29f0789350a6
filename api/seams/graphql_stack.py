"""Strawberry's, graphql-core's and cross-web's internals that crosspaths relies on (see api.seams).

Each import and helper says what needs it, why, and which public way was checked. Methods overridden
and attributes read without documentation are at the end; tests/test_library_seams.py checks them all.
"""

from __future__ import annotations

from enum import EnumMeta

import strawberry

# cross-web: the request adapter and the HTTPException Strawberry's views raise (api.web.view). Strawberry
# answers an HTTPException with a plain-text body; the view catches it to answer a GraphQL error body with
# an `extensions.code` instead, as every other refusal is. No public hook turns that text into JSON.
from cross_web import AsyncHTTPRequestAdapter, HTTPException
from graphql import GraphQLField, GraphQLLeafType, GraphQLResolveInfoHelpers, GraphQLSchema

# graphql-core's executor (api.gql.execution subclasses it through Strawberry's): the types of the
# methods it overrides. `execution_context_class` is public, the executor's methods are not.
from graphql.execution.collect_fields import DeferUsage, FieldDetailsList, GroupedFieldSet
from graphql.execution.incremental.incremental_executor import DeliveryGroupMap

# graphql-core's OverlappingFieldsCanBeMerged rule reads its comparisons budget from this module attribute
# (its comment invites assigning to it); validate() has no option for it (api.gql.documents).
from graphql.validation.rules import overlapping_fields_can_be_merged

# WebSockets (api.web.sockets): the view's adapter and handler classes are class attributes of the view
# (`websocket_adapter_class`, `graphql_transport_ws_handler_class`), undocumented. Checked:
# - the documented on_ws_connect hook signs a connection in, but a refusal always closes with 4403
#   "Forbidden" and no reason, and it cannot close on an outage (1013), bound idle sockets or count
#   operations per socket;
# - making encode_json return str (so Strawberry sends text frames without an adapter of ours) costs
#   a decode and re-encode of every HTTP response body, ~1 µs per KiB.
from strawberry.asgi import ASGIWebSocketAdapter

# The request data execute_single takes (api.web.view).
from strawberry.http import GraphQLRequestData

# What the WebSocket adapter raises when the socket has gone, as Strawberry's own does (api.web.sockets).
from strawberry.http.exceptions import WebSocketDisconnected

# Whether a field's resolver is Strawberry's default one (`plain_attribute` below).
from strawberry.resolvers import is_default_resolver

# Strawberry raises it for a mutation sent over GET, and the view turns it into a 400 with a message;
# the GraphQL-over-HTTP spec asks for 405 (api.web.view.execute_single). Checked: no hook sees the
# operation type before Strawberry refuses it, short of parsing the document a second time.
from strawberry.schema.exceptions import InvalidOperationTypeError

# StrawberryGraphQLCoreExecutionContext: Strawberry's executor, the base api.gql.execution's lean executor
# must keep (it builds Strawberry's resolve info). validate_document: validation with Strawberry's own
# rules added (OneOf, MaybeNull), which api.gql.documents runs once per distinct document on a worker
# thread. Checked: Strawberry's ValidationCache extension validates on the event loop, validates
# documents our own checks refused, and hashes the whole document on every request.
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext as _StrawberryExecutionContext
from strawberry.schema.schema import validate_document

# How Strawberry ties a graphql-core type or field back to its own definition (the lean executor's
# short way through plain fields and enums): no public API exposes either.
from strawberry.schema.schema_converter import CustomGraphQLEnumType, GraphQLCoreConverter
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import BaseGraphQLTransportWSHandler
from strawberry.subscriptions.protocols.graphql_transport_ws.types import (
    ConnectionInitMessage,
    ErrorMessage,
    SubscribeMessage,
)
from strawberry.types.field import StrawberryField  # the definition behind a field (`plain_attribute` below)

__all__ = [
    "ASGIWebSocketAdapter",
    "AsyncHTTPRequestAdapter",
    "BaseGraphQLTransportWSHandler",
    "ConnectionInitMessage",
    "DeferUsage",
    "DeliveryGroupMap",
    "ErrorMessage",
    "FieldDetailsList",
    "GraphQLRequestData",
    "GroupedFieldSet",
    "HTTPException",
    "InvalidOperationTypeError",
    "StrawberryGraphQLCoreExecutionContext",
    "SubscribeMessage",
    "WebSocketDisconnected",
    "graphql_core_schema",
    "limit_field_comparisons",
    "plain_attribute",
    "strawberry_enum",
    "validate_document",
]


class StrawberryGraphQLCoreExecutionContext(_StrawberryExecutionContext):
    """Strawberry's executor, freed when its operation ends rather than by the garbage collector.

    graphql-core's executor keeps, from its __init__, `async_helpers`: a tuple of two of its own bound
    methods, so every executor is in a reference cycle, and with it the operation's context, request,
    document and variables: most of what a small request left to the collector, whose young
    collections cost more than freeing by reference counts (docs/benchmarks.md). Made on access
    instead: only a resolve info (a field with a resolver of its own) and an awaitable is_type_of
    read them, and either holds them no longer than the operation.
    """

    @property
    def async_helpers(self) -> GraphQLResolveInfoHelpers:
        return GraphQLResolveInfoHelpers(gather=self.gather_async_work, track=self.track_async_work)

    @async_helpers.setter
    def async_helpers(self, _made_by_init: GraphQLResolveInfoHelpers) -> None:
        pass  # the ones graphql-core's __init__ makes (the cycle): made on access above instead


def graphql_core_schema(schema: strawberry.Schema) -> GraphQLSchema:
    """The graphql-core schema a Strawberry schema executes: what graphql-core's own functions take.

    Extensions get Strawberry's schema (`execution_context.schema`); Strawberry keeps graphql-core's in
    the private `_schema`, with no public accessor (its ValidationCache extension reads it the same way).
    """
    return schema._schema  # noqa: SLF001 - the seam for it


def plain_attribute(field: GraphQLField) -> str | None:
    """The attribute a Strawberry field reads, when Strawberry's resolver for it is `getattr(source, name)`.

    None for a field with a resolver of its own, arguments, or a definition that is not Strawberry's
    (graphql-core's introspection fields).
    """
    extensions = field.extensions or {}
    definition = extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF)
    if not isinstance(definition, StrawberryField):
        return None
    plain = (
        definition.is_basic_field
        and not field.args
        and field.resolve is not None
        and is_default_resolver(field.resolve)
        and definition.default_resolver is getattr
    )
    return definition.python_name if plain else None


def strawberry_enum(type_: GraphQLLeafType) -> EnumMeta | None:
    """The Python enum behind a Strawberry enum type (whose coercion reads each value in turn), else None."""
    return type_.wrapped_cls if isinstance(type_, CustomGraphQLEnumType) else None


def limit_field_comparisons(budget: int) -> None:
    """Bound OverlappingFieldsCanBeMerged's comparisons; past it, validation stops with "Validation aborted"."""
    overlapping_fields_can_be_merged.MAX_COMPLEXITY_BUDGET = budget


# Replaced by public ways, at no measurable cost:
# - the view's body checks (415 for a media type other than JSON or multipart, 400 for JSON that is not an
#   object) ran in Strawberry's undocumented parse_http_body hook on its parse_content_type; they run in
#   the view's ASGI __call__ on api.web.media.media_type now, before Strawberry reads the body;
# - the view turned Strawberry's 400 "Unsupported content type" into a 415 by its message text; every
#   media type the check above lets through is one Strawberry reads (JSON; multipart, with uploads on in
#   api.app), so that refusal cannot happen and nothing is matched on any more.
#
# Methods overridden and attributes read that the libraries do not document (checked by the test):
# - api.web.view.GraphQLView (strawberry.asgi.GraphQL): `run` (called, to answer its HTTPException as
#   JSON), `execute_single` (the 405), `create_response` (the response's media type); the class
#   attributes `graphql_transport_ws_handler_class` and `websocket_adapter_class`.
# - api.web.sockets.SocketHandler (BaseGraphQLTransportWSHandler): `handle_connection_init`,
#   `handle_subscribe`, `shutdown`, `send_message`; it reads `context`, `websocket`, `operations`,
#   `connection_init_received`, `connection_timed_out`, `connection_init_timeout_task`,
#   `connection_acknowledged`.
# - api.web.sockets.TextFrames (ASGIWebSocketAdapter): `send_json`; it reads `view` and `ws`.
# - api.gql.execution.LeanExecutionContext (graphql-core's executor): `execute_field`,
#   `execute_collected_subfields`, `collect_subfields`; it reads `middleware_manager`, `schema`,
#   `operation` and `fragments` (each a FragmentDetails' `definition`), and api.gql.lean_plans reads a
#   FieldDetails' `node`, `defer_usage` and `fragment_variable_values`.
# - StrawberryGraphQLCoreExecutionContext above (graphql-core's executor): `async_helpers`, which
#   graphql-core's __init__ assigns and its resolve infos and is_type_of read.
