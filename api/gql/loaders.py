"""Per-request DataLoaders: every nested field is fetched for all its parents in one query."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable, Mapping, Sequence
from typing import Any, Generic, TypeVar

from strawberry.dataloader import AbstractCache, DataLoader

from api.gql.pagination import PageKey
from api.graph import Graph, Row, companies, interviews, people, roles


class _PrimedCache(AbstractCache[str, Row | None]):
    """A loader's answers, plus rows other queries already returned, each made an answer when first asked for."""

    def __init__(self) -> None:
        self.answers: dict[Hashable, asyncio.Future[Row | None]] = {}
        self.rows: dict[str, Row | None] = {}

    def get(self, key: str) -> asyncio.Future[Row | None] | None:
        answer = self.answers.get(key)
        if answer is None and key in self.rows:
            answer = self.answers[key] = asyncio.get_running_loop().create_future()
            answer.set_result(self.rows.pop(key))
        return answer

    def set(self, key: str, value: asyncio.Future[Row | None]) -> None:
        self.rows.pop(key, None)
        self.answers[key] = value

    def delete(self, key: str) -> None:
        self.rows.pop(key, None)
        self.answers.pop(key, None)

    def clear(self) -> None:
        self.rows.clear()
        self.answers.clear()


class EntityLoader(DataLoader[str, Row | None]):
    """Loads entity rows by id in batches; priming is lazy.

    A page of opportunities primes ~60 rows (its roles, companies and people) and a query usually
    reads few of them: Strawberry's prime_many makes a future for each at once, this only keeps the row.
    """

    def __init__(self, load_fn: Callable[[list[str]], Awaitable[Sequence[Row | None]]]) -> None:
        self._primed = _PrimedCache()
        super().__init__(load_fn=load_fn, cache_map=self._primed)

    def prime_many(self, data: Mapping[str, Row | None], force: bool = False) -> None:
        if force or (self.batch is not None and not self.batch.dispatched):
            super().prime_many(data, force)  # replaces answers, or takes keys out of the waiting batch
            return
        answers, rows = self._primed.answers, self._primed.rows
        rows.update((key, row) for key, row in data.items() if key not in answers)


def _entities(fetch: Callable[[Graph, list[str]], Awaitable[dict[str, Row]]], graph: Graph) -> EntityLoader:
    async def load(ids: list[str]) -> Sequence[Row | None]:
        found = await fetch(graph, ids)
        return [found.get(key) for key in ids]

    return EntityLoader(load)


def _lists(
    fetch: Callable[[Graph, list[str]], Awaitable[dict[str, list[Any]]]], graph: Graph
) -> DataLoader[str, list[Any]]:
    async def load(ids: list[str]) -> Sequence[list[Any]]:
        found = await fetch(graph, ids)
        return [found.get(key, []) for key in ids]

    return DataLoader(load_fn=load)


def _paged(
    fetch: Callable[[Graph, list[dict[str, Any]]], Awaitable[list[Row]]], graph: Graph
) -> DataLoader[PageKey, Row]:
    """A loader of nested-list slices; each row of the query echoes the key it answers."""

    async def load(keys: list[PageKey]) -> Sequence[Row]:
        rows = await fetch(graph, [key.as_param() for key in keys])
        found = {PageKey(**row["key"]): row for row in rows}
        return [found.get(key, {"total": 0, "page": []}) for key in keys]

    return DataLoader(load_fn=load)


L = TypeVar("L")


class _PerRequest(Generic[L]):
    """A Loaders attribute made on first use: a request uses two or three of its thirteen loaders."""

    def __init__(self, make: Callable[[Any, Graph], L], fetch: Callable[..., Awaitable[Any]]) -> None:
        self.make, self.fetch = make, fetch

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, loaders: Loaders, owner: type | None = None) -> L:
        made = loaders.__dict__[self.name] = self.make(self.fetch, loaders.graph)  # later reads skip __get__
        return made


class Loaders:
    """The DataLoaders of one request. Entities load by local id; lists by PageKey."""

    person = _PerRequest(_entities, people.by_ids)
    company = _PerRequest(_entities, companies.by_ids)
    role = _PerRequest(_entities, roles.by_ids)
    interview = _PerRequest(_entities, interviews.by_ids)
    current_positions = _PerRequest(_lists, people.current_positions)
    recruiters = _PerRequest(_lists, roles.recruiters)
    interviewers = _PerRequest(_lists, interviews.interviewers)
    positions = _PerRequest(_paged, people.positions)
    connections = _PerRequest(_paged, people.connections)
    person_interviews = _PerRequest(_paged, interviews.of_people)
    interviews_to_confirm = _PerRequest(_paged, interviews.awaiting_confirmation)
    employees = _PerRequest(_paged, companies.employees)
    open_roles = _PerRequest(_paged, companies.open_roles)

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
