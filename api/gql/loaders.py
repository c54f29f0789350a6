"""Per-request DataLoaders: every nested field is fetched for all its parents in one query."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from strawberry.dataloader import DataLoader

from api.gql.pagination import PageKey
from api.graph import Graph, Row, companies, interviews, people, roles


def _entities(
    fetch: Callable[[Graph, list[str]], Awaitable[dict[str, Row]]], graph: Graph
) -> DataLoader[str, Row | None]:
    async def load(ids: list[str]) -> Sequence[Row | None]:
        found = await fetch(graph, ids)
        return [found.get(key) for key in ids]

    return DataLoader(load_fn=load)


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


class Loaders:
    """The DataLoaders of one request. Entities load by local id; lists by PageKey."""

    def __init__(self, graph: Graph) -> None:
        self.person = _entities(people.by_ids, graph)
        self.company = _entities(companies.by_ids, graph)
        self.role = _entities(roles.by_ids, graph)
        self.interview = _entities(interviews.by_ids, graph)
        self.current_positions = _lists(people.current_positions, graph)
        self.recruiters = _lists(roles.recruiters, graph)
        self.interviewers = _lists(interviews.interviewers, graph)
        self.positions = _paged(people.positions, graph)
        self.connections = _paged(people.connections, graph)
        self.person_interviews = _paged(interviews.of_people, graph)
        self.employees = _paged(companies.employees, graph)
        self.open_roles = _paged(companies.open_roles, graph)
