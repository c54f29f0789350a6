"""The executable schema, built once; `schema/schema.graphql` is its exported SDL."""

from __future__ import annotations

import contextlib
import functools
import logging
from collections.abc import Iterator
from typing import Any

import strawberry
from graphql import DocumentNode, GraphQLError, parse
from strawberry.extensions import DisableIntrospection, SchemaExtension
from strawberry.schema.config import StrawberryConfig
from strawberry.schema.schema import validate_document
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from api.gql.anonymous import AnonymousAccess
from api.gql.by_identity import ByIdentity
from api.gql.context import Context
from api.gql.entities import Company, Interview, Person, Role
from api.gql.error_policy import ErrorCodes
from api.gql.execution import LeanExecutionContext
from api.gql.guard import QueryGuard
from api.gql.imports import ImportMutation
from api.gql.limits import MAX_TOKENS
from api.gql.mutations import Mutation
from api.gql.observe import OperationMetrics
from api.gql.prefetch import Prefetched
from api.gql.query import Query
from api.gql.scalars import SCALARS

logger = logging.getLogger("crosspaths.graphql")


@functools.lru_cache(maxsize=256)
def _parsed(query: str, options: tuple[tuple[str, Any], ...]) -> DocumentNode:
    return parse(query, **dict(options))


class DocumentCache(SchemaExtension):
    """Parses each distinct document once, and none past MAX_TOKENS tokens (a huge one costs little to refuse).

    Strawberry's ParserCache and MaxTokensLimiter in one hook (each hook costs every request a
    context manager of its own), minus ParserCache's uncoded parse errors: a document that does not
    parse is left to Strawberry's own parse step, with the same token limit, which reports it with
    its code (GRAPHQL_PARSE_FAILED, TOO_MANY_TOKENS); failures are not cached.
    """

    def on_parse(self) -> Iterator[None]:
        execution = self.execution_context
        execution.parse_options["max_tokens"] = MAX_TOKENS
        if execution.query and execution.graphql_document is None:
            with contextlib.suppress(GraphQLError):
                execution.graphql_document = _parsed(execution.query, tuple(sorted(execution.parse_options.items())))
        yield


# Validation results by schema, document and rules. Strawberry's ValidationCache keys an lru_cache
# by the document itself, and hashing a document walks its whole tree (~60 nodes for an
# opportunities query) on every request.
_VALIDATED: ByIdentity[list[GraphQLError]] = ByIdentity(size=256)


class ValidationResultCache(SchemaExtension):
    """Validates each distinct document once (see _VALIDATED).

    Listed last: a request our own checks already refused is not validated (nor its result kept).
    """

    def on_validate(self) -> Iterator[None]:
        execution = self.execution_context
        if execution.pre_execution_errors is None and execution.graphql_document is not None:
            schema = execution.schema._schema  # noqa: SLF001 - graphql-core's schema, as ValidationCache reads it
            document, rules = execution.graphql_document, tuple(execution.validation_rules)
            key = (schema, document, *rules)
            known, errors = _VALIDATED.get(key)
            if not known:
                errors = validate_document(schema, document, rules)
                _VALIDATED.keep(key, errors)
            execution.pre_execution_errors = errors
        yield


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
    # The caches keep the parsed and validated form of the last 256 distinct documents: clients send the
    # same few queries over and over, and parsing plus validating one was ~1 ms of every request.
    extensions: list[type[SchemaExtension]] = [
        OperationMetrics,
        ErrorCodes,
        Prefetched,
        DocumentCache,
        AnonymousAccess,
        QueryGuard,
        ValidationResultCache,
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
