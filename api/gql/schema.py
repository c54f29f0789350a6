"""The executable schema, built once; `schema/schema.graphql` is its exported SDL."""

from __future__ import annotations

import logging

import strawberry
from graphql import GraphQLError
from strawberry.extensions import DisableIntrospection, SchemaExtension
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from api.gql.anonymous import AnonymousAccess
from api.gql.context import Context
from api.gql.documents import KnownDocuments
from api.gql.entities import Company, Interview, Person, Role
from api.gql.error_policy import ErrorCodes
from api.gql.execution import LeanExecutionContext
from api.gql.guard import QueryGuard
from api.gql.imports import ImportMutation
from api.gql.mutations import Mutation
from api.gql.observe import OperationMetrics
from api.gql.prefetch import Prefetched
from api.gql.query import Query
from api.gql.scalars import SCALARS

logger = logging.getLogger("crosspaths.graphql")


class CrosspathsSchema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        """Log unexpected failures with their traceback; expected ones (bad input, auth, limits) quietly.

        The request id (the client's X-Request-Id, and in production the masked error's message)
        goes into the line, so an operator can find the traceback a user reports.
        """
        context = execution_context.context if execution_context is not None else None
        request_id = context.request_id if isinstance(context, Context) else None
        for error in errors:
            original = error.original_error
            if original is None or isinstance(original, GraphQLError):
                logger.debug("client error: %s", error.message)
            else:
                logger.error(
                    "unexpected error in %s (request id %s)",
                    error.path,
                    request_id,
                    exc_info=original,
                    extra={"request_id": request_id},
                )


def build_schema(*, production: bool = False) -> strawberry.Schema:
    """The schema; in production without introspection and without "did you mean" suggestions."""
    extensions: list[type[SchemaExtension]] = [
        OperationMetrics,
        ErrorCodes,
        Prefetched,
        AnonymousAccess,
        QueryGuard,
        KnownDocuments,
    ]
    if production:
        extensions.append(DisableIntrospection)
    return CrosspathsSchema(
        query=Query,
        mutation=merge_types("Mutation", (Mutation, ImportMutation)),
        types=[Person, Company, Role, Interview],
        extensions=extensions,
        config=StrawberryConfig(disable_field_suggestions=production, scalar_map=SCALARS),
        execution_context_class=LeanExecutionContext,
    )


schema = build_schema()


def sdl() -> str:
    return schema.as_str() + "\n"
