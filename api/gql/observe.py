"""Counts every GraphQL operation by name and outcome, and tells the access log its name."""

from __future__ import annotations

from collections.abc import Iterator

from strawberry.extensions import SchemaExtension

from api.gql.context import Context
from api.gql.error_policy import all_errors
from api.observe.metrics import GRAPHQL_REQUESTS, operation_label


class OperationMetrics(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        yield
        execution = self.execution_context
        errors = all_errors(execution)
        # First in the schema's extension list, so this runs last: ErrorCodes has coded every error by now.
        outcome = "ok" if not errors else str((errors[0].extensions or {}).get("code", "error"))
        context = execution.context
        signed_in = isinstance(context, Context) and context.viewer is not None
        name = operation_label(execution.operation_name, trusted=signed_in and not execution.pre_execution_errors)
        GRAPHQL_REQUESTS.labels(operation=name, outcome=outcome).inc()
        if isinstance(context, Context) and context.request is not None:
            context.request.state.operation_name = name
