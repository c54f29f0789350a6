"""Refuses over-limit and throttled queries before execution, and reports their cost to the caller."""

from __future__ import annotations

from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    GraphQLError,
    OperationDefinitionNode,
    OperationType,
    get_operation_ast,
)
from strawberry.types import ExecutionContext

from api.gql.budget import query_cost
from api.gql.context import Context
from api.gql.kept_shapes import kept_measure
from api.seams.graphql_stack import graphql_core_schema


def check(execution: ExecutionContext) -> dict[str, Any] | None:
    """Refuses the request when its document breaks a limit or its caller's budget; else its cost, for the response.

    Depth, aliases, fields, `first` bounds and node count (api.gql.limits), then the caller's cost budget.
    """
    document = execution.graphql_document
    if execution.pre_execution_errors is not None or document is None:
        return None
    operation = get_operation_ast(document, execution.operation_name)
    if operation is None:
        return None
    if _upload_elsewhere(execution.context, operation):
        msg = "file uploads (multipart requests) are accepted only by the importCsv mutation"
        execution.pre_execution_errors = [GraphQLError(msg, extensions={"code": "UPLOAD_NOT_ALLOWED"})]
        return None
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    shape = kept_measure(graphql_core_schema(execution.schema), operation, fragments, execution.variables)
    errors = shape.errors
    context = execution.context
    cost = None
    if not errors and isinstance(context, Context) and context.budget is not None:
        throttle = context.budget.charge(context.caller, query_cost(shape.nodes))
        cost = {"requestedQueryCost": throttle.cost, "nodeCount": shape.nodes, "throttleStatus": throttle.status()}
        if not throttle.allowed:
            wait = (throttle.cost - throttle.available) / throttle.restore_rate
            msg = f"rate limit: this query costs {throttle.cost} points; retry in {wait:.0f}s"
            errors = [GraphQLError(msg, extensions={"code": "THROTTLED"})]
    if errors:
        execution.pre_execution_errors = errors
    return cost


def _upload_elsewhere(context: object, operation: OperationDefinitionNode) -> bool:
    """A multipart request whose operation is anything but importCsv mutations."""
    if not isinstance(context, Context) or context.request is None:
        return False
    if not context.request.headers.get("content-type", "").startswith("multipart/"):
        return False
    fields = [s for s in operation.selection_set.selections if isinstance(s, FieldNode)]
    only_import = operation.operation is OperationType.MUTATION and all(f.name.value == "importCsv" for f in fields)
    return not (only_import and len(fields) == len(operation.selection_set.selections))
