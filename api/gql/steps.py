"""What crosspaths adds to each GraphQL operation, step by step, in the order the steps run.

One Strawberry extension holds them all. Strawberry makes each extension anew for every operation
and wraps each of its hooks in a context manager of its own, so every extension costs each request
whether its step has anything to do or not (docs/benchmarks.md). Each step lives in the module of
its concern; this one only says when it runs.

A check refuses a request by setting the operation's pre-execution errors. Every later check leaves
a refused request alone, and Strawberry then skips its own parsing and validation and answers those
errors.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionResult

from api.gql import anonymous, documents, guard, socket
from api.gql.context import keep_document
from api.gql.error_policy import all_errors, code_errors
from api.gql.observe import count_operation
from api.gql.subscriptions import note_dropped


class OperationSteps(SchemaExtension):
    cost: dict[str, Any] | None = None  # what the operation cost its caller's budget (api.gql.guard)

    async def on_operation(self) -> AsyncIterator[None]:
        execution = self.execution_context
        socket.own_context(execution)
        # Parsed here rather than in an on_parse hook: each hook costs every request a context manager
        # of its own. Strawberry's parse step then finds the document and leaves it.
        await documents.parse_known(execution)
        yield
        errors = all_errors(execution)
        code_errors(errors, execution.context)
        count_operation(execution, errors)  # after the codes: the outcome counted is the first error's code

    async def on_validate(self) -> AsyncIterator[None]:
        execution = self.execution_context
        await anonymous.refuse_private_fields(execution)
        socket.refuse_unless_subscription(execution)
        self.cost = guard.check(execution)
        await documents.validate_known(execution)  # last: a refused request is not validated
        keep_document(execution)  # what resolvers plan from; only a valid document is executed
        yield

    def on_stream_result(self, result: object) -> Iterator[None]:
        # A subscription's messages leave one by one, long before its operation ends.
        if isinstance(result, ExecutionResult):
            if result.errors:
                code_errors(result.errors, self.execution_context.context)
            note_dropped(result)
        yield

    def get_results(self) -> dict[str, Any]:
        return {"cost": self.cost} if self.cost else {}
