"""A WebSocket connection's context, and the rule that only subscriptions run over one.

A connection signs in once, with connection_init's payload, and lives for hours: api.web.sockets
keeps its credential here and checks it again while the connection lasts. Queries and mutations
go over HTTP, where the request limits (body size, time, bookmarks, the access log) apply.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from graphql import GraphQLError, OperationType, get_operation_ast
from strawberry.types import ExecutionContext

from api.auth.jwt_tokens import VerifiedTokens
from api.auth.subjects import SubjectCache
from api.gql.context import Context
from api.live.feed import OpeningsFeed


@dataclass
class SocketContext(Context):
    """The context every operation of one WebSocket connection shares."""

    feed: OpeningsFeed | None = None
    tokens: VerifiedTokens | None = None
    subjects: SubjectCache | None = None
    authorization: str | None = None  # the credential connection_init gave, as an Authorization header value


def own_context(execution: ExecutionContext) -> None:
    """Gives an operation on a WebSocket a context of its own, signed in as its connection is.

    Strawberry hands every operation of a connection the one context it made for it; what is per
    operation there (the document its reads are planned from, api.gql.context.keep_document) would
    then be shared by subscriptions running side by side.
    """
    if isinstance(execution.context, SocketContext):
        execution.context = dataclasses.replace(execution.context)


def refuse_unless_subscription(execution: ExecutionContext) -> None:
    """Refuses a query or a mutation sent over a WebSocket: they go over HTTP, where the request limits apply."""
    document = execution.graphql_document
    if isinstance(execution.context, SocketContext) and execution.pre_execution_errors is None and document is not None:
        operation = get_operation_ast(document, execution.operation_name)
        if operation is not None and operation.operation is not OperationType.SUBSCRIPTION:
            msg = (
                f"only subscriptions run over a WebSocket; send this {operation.operation.value} "
                "over HTTP (POST /graphql)"
            )
            execution.pre_execution_errors = [GraphQLError(msg, extensions={"code": "BAD_REQUEST"})]
