"""Counts every GraphQL operation by name and outcome, and tells the access log its name."""

from __future__ import annotations

from graphql import GraphQLError
from strawberry.types import ExecutionContext

from api.gql.context import Context
from api.observe.metrics import GRAPHQL_REQUESTS, operation_label


def count_operation(execution: ExecutionContext, errors: list[GraphQLError]) -> None:
    """Counts the finished operation; `errors` are all of its errors, each with its code by now."""
    outcome = "ok" if not errors else str((errors[0].extensions or {}).get("code", "error"))
    context = execution.context
    signed_in = isinstance(context, Context) and context.viewer is not None
    name = operation_label(execution.operation_name, trusted=signed_in and not execution.pre_execution_errors)
    GRAPHQL_REQUESTS.labels(operation=name, outcome=outcome).inc()
    if isinstance(context, Context) and context.request is not None:
        context.request.state.operation_name = name
