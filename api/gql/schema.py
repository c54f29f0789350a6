"""The executable schema, built once; `schema/schema.graphql` is its exported SDL."""

from __future__ import annotations

import logging

import strawberry
from graphql import GraphQLError
from strawberry.extensions import DisableIntrospection, SchemaExtension
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from api.gql.context import Context
from api.gql.entities import Company, Interview, Person, Role
from api.gql.error_policy import INTERNAL, classify
from api.gql.execution import LeanExecutionContext
from api.gql.imports import ImportMutation
from api.gql.mutations import Mutation
from api.gql.query import Query
from api.gql.steps import OperationSteps
from api.gql.subscriptions import Subscription

logger = logging.getLogger("crosspaths.graphql")


class CrosspathsSchema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        """Log real bugs with their traceback; expected failures in one line each, or not at all.

        A failure with a code other than INTERNAL_SERVER_ERROR (api.gql.error_policy) is expected: any
        caller can cause QUERY_TIMEOUT or QUERY_TOO_LARGE at will, and DATABASE_UNAVAILABLE comes with
        every request of an outage, so a traceback for each would bury the bugs under noise. Bad input,
        auth and limits are the caller's to fix and are logged at DEBUG only. The request id (the
        client's X-Request-Id, and in production the masked error's message) goes into every line, so
        an operator can find the line a user reports.
        """
        context = execution_context.context if execution_context is not None else None
        request_id = context.request_id if isinstance(context, Context) else None
        for error in errors:
            original = error.original_error
            if original is None or isinstance(original, GraphQLError):
                logger.debug("client error: %s", error.message)
                continue
            code = (error.extensions or {}).get("code") or classify(error)[0]
            if code != INTERNAL:
                logger.warning(
                    "%s in %s (request id %s): %s",
                    code,
                    error.path,
                    request_id,
                    getattr(original, "code", None) or type(original).__name__,  # Neo4j's own code when it has one
                    extra={"request_id": request_id, "code": code},
                )
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
    extensions: list[type[SchemaExtension]] = [OperationSteps]
    if production:
        extensions.append(DisableIntrospection)
    return CrosspathsSchema(
        query=Query,
        mutation=merge_types("Mutation", (Mutation, ImportMutation)),
        subscription=Subscription,
        types=[Person, Company, Role, Interview],
        extensions=extensions,
        config=StrawberryConfig(disable_field_suggestions=production),
        execution_context_class=LeanExecutionContext,
    )


schema = build_schema()


def sdl() -> str:
    return schema.as_str() + "\n"
