"""Start a child field's query while its parent is still being fetched.

`node(id) { ... on Person { opportunities } }` runs two queries one after the other: the person
(does it exist?) and then the opportunities, because GraphQL resolves a child only once its
parent is known. The parent can see which children are asked for (api.gql.lookahead) and start
their queries at once, on another connection; each child then takes its answer by key instead of
asking again. A prefetch nobody takes (the parent was null, the child was skipped) is cancelled
when the operation ends, by the Prefetched extension.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Hashable
from typing import Any, TypeVar

from strawberry.extensions import SchemaExtension

T = TypeVar("T")


class Prefetches:
    """The queries started ahead for one request, by key."""

    def __init__(self) -> None:
        self._tasks: dict[Hashable, asyncio.Task[Any]] = {}

    def start(self, key: Hashable, query: Coroutine[Any, Any, T]) -> asyncio.Task[T]:
        """Run `query` now; the first `take(key)` gets its answer (and so may whoever awaits the task)."""
        if key in self._tasks:
            query.close()
            return self._tasks[key]
        task = asyncio.ensure_future(query)
        self._tasks[key] = task
        return task

    async def take(self, key: Hashable, run: Callable[[], Awaitable[T]]) -> T:
        """The answer started under `key`, else `run()`'s."""
        task = self._tasks.pop(key, None)
        if task is None:
            return await run()
        result: T = await task
        return result

    async def close(self) -> None:
        """Cancel what nobody took, and wait for it, so no task outlives its request."""
        tasks, self._tasks = list(self._tasks.values()), {}
        for task in tasks:
            task.cancel()
        # return_exceptions: their failures and cancellations are results here; only a cancellation of
        # the request itself propagates, as it should.
        await asyncio.gather(*tasks, return_exceptions=True)


class Prefetched(SchemaExtension):
    """Ends the request's prefetches with the operation."""

    async def on_operation(self) -> AsyncIterator[None]:
        try:
            yield
        finally:
            prefetches = getattr(self.execution_context.context, "prefetches", None)
            if isinstance(prefetches, Prefetches):
                await prefetches.close()
