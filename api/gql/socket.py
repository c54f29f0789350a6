"""A WebSocket connection's context, and the rule that only subscriptions run over one.

A connection signs in once, with connection_init's payload (api/web/sockets.py), but lives for hours:
its credential is kept and checked again before each message, so an expired or revoked token, or a
deleted person, stops a subscription as it would stop an HTTP request. Queries and mutations go over
HTTP, where the request limits (body size, time, bookmarks, the access log) apply.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from graphql import GraphQLError, OperationType, get_operation_ast
from neo4j.exceptions import DriverError, Neo4jError
from strawberry.extensions import SchemaExtension

from api.auth.jwt_tokens import VerifiedTokens
from api.auth.subjects import SubjectCache
from api.auth.viewer import Unauthenticated, authenticate
from api.gql.context import Context
from api.gql.errors import ClientError
from api.live.feed import OpeningsFeed


@dataclass
class SocketContext(Context):
    """The context every operation of one WebSocket connection shares."""

    feed: OpeningsFeed | None = None
    tokens: VerifiedTokens | None = None
    subjects: SubjectCache | None = None
    authorization: str | None = None  # the credential connection_init gave, as an Authorization header value
    connection_params: dict[str, object] | None = None  # connection_init's payload (Strawberry sets it)

    async def still_signed_in(self) -> None:
        """Raises UNAUTHENTICATED when the connection's credential no longer names this viewer.

        A database that cannot answer lets the message through: the token was good when the
        connection began, and the next message checks again.
        """
        if self.viewer is None or self.tokens is None:
            return
        try:
            viewer = await authenticate(self.authorization, self.graph, self.tokens, self.subjects)
        except Unauthenticated as error:
            raise ClientError(f"the connection's token is no longer accepted: {error}", "UNAUTHENTICATED") from error
        except (DriverError, Neo4jError):
            return
        if viewer != self.viewer:
            raise ClientError("the connection's token is no longer accepted: sign in again", "UNAUTHENTICATED")


class SocketOperations(SchemaExtension):
    """Refuses queries and mutations sent over a WebSocket (see the module)."""

    def on_validate(self) -> Iterator[None]:
        execution = self.execution_context
        document = execution.graphql_document
        if (
            isinstance(execution.context, SocketContext)
            and execution.pre_execution_errors is None
            and document is not None
        ):
            operation = get_operation_ast(document, execution.operation_name)
            if operation is not None and operation.operation is not OperationType.SUBSCRIPTION:
                msg = (
                    f"only subscriptions run over a WebSocket; send this {operation.operation.value} "
                    "over HTTP (POST /graphql)"
                )
                execution.pre_execution_errors = [GraphQLError(msg, extensions={"code": "BAD_REQUEST"})]
        yield
