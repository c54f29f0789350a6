"""Every error gets a stable `extensions.code`; unexpected ones never show internals in production."""

from __future__ import annotations

from graphql import GraphQLError, GraphQLSyntaxError
from neo4j.exceptions import DriverError, Neo4jError
from strawberry.types import ExecutionContext

from api.gql.context import Context
from api.graph.runner import QueryTooLarge

DATABASE_UNAVAILABLE = "the database is unavailable; try again shortly"
INVALID_BOOKMARK = "Neo.ClientError.Transaction.InvalidBookmark"
QUERY_TOO_LARGE = "the query needed more database memory than one query may use; narrow it (fewer hops, smaller pages)"
INTERNAL = "INTERNAL_SERVER_ERROR"  # a bug: the only code whose errors are logged with their traceback
BAD_BOOKMARK = "X-Crosspaths-Bookmark must be a value from an earlier response's X-Crosspaths-Bookmark"


def all_errors(execution: ExecutionContext) -> list[GraphQLError]:
    """Every error of an operation: refused before execution, or raised while executing."""
    errors = list(execution.pre_execution_errors or [])
    if execution.result is not None and execution.result.errors:
        errors.extend(execution.result.errors)
    return errors


def code_errors(errors: list[GraphQLError], context: object) -> None:
    """Gives each error without a code its code by kind: parse, validation, database, timeout, internal.

    An unexpected error's message never shows internals in production: it names the request id instead.
    """
    production = isinstance(context, Context) and context.production
    request_id = context.request_id if isinstance(context, Context) else None
    for error in errors:
        extensions = error.extensions if error.extensions is not None else {}
        error.extensions = extensions
        if "code" in extensions:
            continue
        code, message = classify(error)
        extensions["code"] = code
        if code == INTERNAL and production:
            message = f"internal server error (request id {request_id})"
        if message is not None:
            error.message = message


def classify(error: GraphQLError) -> tuple[str, str | None]:
    """The code for an error without one, and a replacement message when the original must not be shown."""
    original = error.original_error
    if isinstance(error, GraphQLSyntaxError):
        return ("TOO_MANY_TOKENS" if "tokens" in error.message else "GRAPHQL_PARSE_FAILED"), None
    if original is None:
        return ("GRAPHQL_VALIDATION_FAILED" if error.path is None else "BAD_USER_INPUT"), None
    if error.path is None and isinstance(original, GraphQLError):
        return "BAD_USER_INPUT", None  # a variable's value refused by its type, before execution
    return _database(original) or (INTERNAL, None)


def _database(original: Exception) -> tuple[str, str] | None:
    """The code and message for what Neo4j or the driver raised; None for anything else."""
    if isinstance(original, QueryTooLarge):
        return "QUERY_TOO_LARGE", QUERY_TOO_LARGE
    if isinstance(original, Neo4jError) and "TransactionTimedOut" in (original.code or ""):
        return "QUERY_TIMEOUT", "the query took too long and was stopped; narrow it (fewer hops, smaller pages)"
    if isinstance(original, Neo4jError) and original.code == INVALID_BOOKMARK:
        return "BAD_BOOKMARK", BAD_BOOKMARK
    if isinstance(original, DriverError) or (isinstance(original, Neo4jError) and original.is_retryable()):
        return "DATABASE_UNAVAILABLE", DATABASE_UNAVAILABLE
    return None
