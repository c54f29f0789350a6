"""Relay cursor connections: `first` (1..100) + `after`, opaque offset cursors."""

from __future__ import annotations

import base64
import binascii
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

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
    total_count: int | None = strawberry.field(graphql_type=int, default=None)  # None only when not selected


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

    def connection(self, nodes: Sequence[T], *, total: int | None = None, more: bool | None = None) -> Connection[T]:
        """Edges for `nodes` (this window's slice): with the list's `total`, or whether `more` follow (or both)."""
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
            total_count=total,
        )
