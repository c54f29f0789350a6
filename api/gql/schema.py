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
        """Log unexpected failures with their traceback; expected ones (bad input, auth, limits) quietly."""
        del execution_context
        for error in errors:
            original = error.original_error
            if original is None or isinstance(original, GraphQLError):
                logger.debug("client error: %s", error.message)
            else:
                logger.error("unexpected error in %s", error.path, exc_info=original)


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
