"""Refuses over-limit and throttled queries before execution, and reports their cost to the caller."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import FragmentDefinitionNode, GraphQLError, get_operation_ast
from strawberry.extensions import SchemaExtension

from api.gql.budget import query_cost
from api.gql.context import Context
from api.gql.limits import measure


class QueryGuard(SchemaExtension):
    """Depth, aliases, `first` bounds and node count (api.gql.limits), then the caller's cost budget."""

    cost: dict[str, Any] | None = None

    def on_validate(self) -> Iterator[None]:
        execution = self.execution_context
        document = execution.graphql_document
        if execution.pre_execution_errors is None and document is not None:
            operation = get_operation_ast(document, execution.operation_name)
            if operation is not None:
                fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
                shape = measure(execution.schema._schema, operation, fragments, execution.variables)  # noqa: SLF001
                errors = shape.errors
                context = execution.context
                if not errors and isinstance(context, Context) and context.budget is not None:
                    throttle = context.budget.charge(context.caller, query_cost(shape.nodes))
                    self.cost = {
                        "requestedQueryCost": throttle.cost,
                        "nodeCount": shape.nodes,
                        "throttleStatus": throttle.status(),
                    }
                    if not throttle.allowed:
                        wait = (throttle.cost - throttle.available) / throttle.restore_rate
                        msg = f"rate limit: this query costs {throttle.cost} points; retry in {wait:.0f}s"
                        errors = [GraphQLError(msg, extensions={"code": "THROTTLED"})]
                if errors:
                    # Set before validation runs: Strawberry then skips validation and returns these errors.
                    execution.pre_execution_errors = errors
        yield

    def get_results(self) -> dict[str, Any]:
        return {"cost": self.cost} if self.cost else {}
