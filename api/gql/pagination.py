"""Relay cursor connections: `first` (1..100) + `after`, opaque offset cursors."""

from __future__ import annotations

import base64
import binascii
import functools
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import strawberry

from api.gql.errors import bad_argument

T = TypeVar("T")
MAX_FIRST = 100
_PREFIX = "offset:"
_OFFSET = re.compile(_PREFIX + r"([0-9]{1,9})")


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    _total: strawberry.Private[int | None]
    _count: strawberry.Private[Callable[[], Awaitable[int]] | None]

    @strawberry.field
    async def total_count(self) -> int:
        if self._total is not None:
            return self._total
        assert self._count is not None  # noqa: S101 - build() always sets one of the two
        return await self._count()


@functools.lru_cache(maxsize=1024)  # a page of 20 makes 20 cursors, and pages start at the same offsets
def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"{_PREFIX}{offset}".encode()).decode()


def decode_cursor(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor.encode("ascii")).decode()
    except (binascii.Error, UnicodeError, ValueError):
        text = ""
    # ASCII digits only (str.isdigit accepts "١٢" and "²"), and few enough to fit Neo4j's 64-bit SKIP.
    match = _OFFSET.fullmatch(text)
    if match is None:
        raise bad_argument(f"`after` is not a cursor returned by this API: {cursor!r}")
    return int(match[1])


@dataclass(frozen=True)
class PageKey:
    """One parent's slice of a nested list, as a DataLoader key: (parent id, skip, limit[, flag])."""

    id: str
    skip: int
    limit: int
    current: bool | None = None

    def as_param(self) -> dict[str, Any]:
        return {"id": self.id, "skip": self.skip, "limit": self.limit, "current": self.current}


@dataclass(frozen=True)
class Window:
    """Which slice of an ordered list a connection field asks for."""

    skip: int
    first: int

    @classmethod
    def of(cls, first: int | None, after: str | None, field: str, default: int = 20) -> Window:
        first = default if first is None else first
        if not 1 <= first <= MAX_FIRST:
            raise bad_argument(f"`first` on `{field}` must be between 1 and {MAX_FIRST}, got {first}")
        skip = 0 if after is None else decode_cursor(after) + 1
        return cls(skip=skip, first=first)

    def key(self, parent_id: str, *, current: bool | None = None) -> PageKey:
        return PageKey(parent_id, self.skip, self.first, current)

    def connection(
        self,
        nodes: Sequence[T],
        *,
        total: int | None = None,
        count: Callable[[], Awaitable[int]] | None = None,
        more: bool | None = None,
    ) -> Connection[T]:
        """Edges for `nodes` (this window's slice). Give `total`, or `count` and `more` (a next page exists)."""
        edges = [Edge(cursor=encode_cursor(self.skip + i), node=node) for i, node in enumerate(nodes)]
        has_next = more if more is not None else (total is not None and self.skip + len(nodes) < total)
        return Connection(
            edges=edges,
            page_info=PageInfo(
                has_next_page=has_next,
                has_previous_page=self.skip > 0,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
            _total=total,
            _count=count,
        )
