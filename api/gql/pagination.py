"""Relay cursor connections: `first`/`after` forwards, `last`/`before` backwards (1..100), opaque offset cursors.

A cursor holds its item's offset from the start of the list, whichever way the page was read, so
a cursor from any page serves as `after` or `before`. `first` and `last` together are refused, as
GitHub's API does: the spec (relay.dev/graphql/connections.htm) strongly discourages them, and the
last items of a first page are a page of its own (`first` + `before`, or `last` + `after`).
"""

from __future__ import annotations

import base64
import binascii
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Generic, TypeVar

import strawberry

from api.gql.errors import bad_argument
from api.graph.plan import Page

T = TypeVar("T")
MAX_FIRST = 100
DEFAULT_FIRST = 20
_PREFIX = "offset:"
_OFFSET = re.compile(_PREFIX + r"([0-9]{1,9})")

First = Annotated[
    int | None,
    strawberry.argument(
        description="The page's size from the start (after `after`), 1..100; 20 when neither `first` nor `last` "
        "is given."
    ),
]
Last = Annotated[
    int | None,
    strawberry.argument(description="The page's size from the end (before `before`), 1..100; not with `first`."),
]


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


def decode_cursor(cursor: str, argument: str = "after") -> int:
    try:
        text = base64.urlsafe_b64decode(cursor.encode("ascii")).decode()
    except (binascii.Error, UnicodeError, ValueError):
        text = ""
    # ASCII digits only (str.isdigit accepts "١٢" and "²"), and few enough to fit Neo4j's 64-bit SKIP.
    match = _OFFSET.fullmatch(text)
    if match is None:
        raise bad_argument(f"`{argument}` is not a cursor returned by this API: {cursor!r}")
    return int(match[1])


@dataclass(frozen=True)
class Window:
    """Which slice of an ordered list a connection field asks for, by offsets from the list's start.

    The slice is `size` items from offset `skip`, within the range the cursors leave: from `floor`
    (just after `after`) up to `ceiling` (the offset of `before`; None: the end). A page from the
    end (`last` without `before`) learns its offsets only from the list's length: it is read
    backwards, and its `skip` is counted from the end.
    """

    skip: int
    size: int
    backward: bool = False  # `last`: the range's last items, else its first
    floor: int = 0
    ceiling: int | None = None

    @classmethod
    def of(
        cls,
        field: str,
        *,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        default: int = DEFAULT_FIRST,
    ) -> Window:
        if first is not None and last is not None:
            raise bad_argument(both_first_and_last(field))
        size = last if last is not None else (default if first is None else first)
        if not 1 <= size <= MAX_FIRST:
            raise bad_argument(out_of_range("last" if last is not None else "first", field, size))
        floor = 0 if after is None else decode_cursor(after) + 1
        ceiling = None if before is None else decode_cursor(before, "before")
        if last is None:
            stop = floor + size if ceiling is None else max(floor, min(floor + size, ceiling))
            return cls(skip=floor, size=stop - floor, floor=floor, ceiling=ceiling)
        if ceiling is None:
            return cls(skip=0, size=size, backward=True, floor=floor)
        start = min(ceiling, max(floor, ceiling - size))  # at `before` when the cursors cross: an empty range
        return cls(skip=start, size=ceiling - start, backward=True, floor=floor, ceiling=ceiling)

    @property
    def from_end(self) -> bool:
        return self.backward and self.ceiling is None

    @property
    def reads_next(self) -> bool:
        """Whether an item just past the slice would make `hasNextPage` true (so is worth reading)."""
        if self.backward:
            return self.ceiling is not None  # the `before` item itself; nothing follows the end of the list
        return self.ceiling is None or self.skip + self.size < self.ceiling

    @property
    def sliced(self) -> tuple[int, int, bool]:
        """(skip, limit, from_end) for a statement that slices a list it holds whole (api.graph.network.PAGE_START):
        from the end, the last `size` items from `floor` on.
        """
        return (self.floor, self.size, True) if self.from_end else (self.skip, self.size, False)

    def page(self, *, count: bool = False, more: bool = False) -> Page:
        """What the graph reads: counted when asked for or when the page is the list's last items;
        one item past the slice when `more` (hasNextPage is selected) and it would tell.
        """
        return Page(
            self.skip, self.size, count=count or self.from_end, more=more and self.reads_next, from_end=self.from_end
        )

    def connection(self, nodes: Sequence[T], *, total: int | None = None) -> Connection[T]:
        """The page of `nodes`: what was read for `page()`, in list order (the slice, maybe one more past it),
        with the list's `total` when it was counted.
        """
        start = self.skip
        if self.from_end:
            assert total is not None  # noqa: S101 - page() counts every page read from the end
            start = max(total - len(nodes), self.floor)
            nodes = nodes[len(nodes) - max(0, total - start) :]
        more = total > start + min(len(nodes), self.size) if total is not None else len(nodes) > self.size
        nodes = nodes[: self.size]
        edges = [Edge(cursor=encode_cursor(start + i), node=node) for i, node in enumerate(nodes)]
        return Connection(
            edges=edges,
            page_info=PageInfo(
                has_next_page=more and self.reads_next,
                # Backwards, the spec asks whether the range holds more than `last`; forwards, whether
                # anything comes before `after`, which an offset tells.
                has_previous_page=start > self.floor if self.backward else start > 0,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
            total_count=total,
        )


@dataclass(frozen=True)
class Read(Generic[T]):
    """What a statement read for a connection field: its nodes as Window.connection takes them, the total
    when counted. The field's resolver makes the page of it with its own arguments.
    """

    nodes: list[T]
    total: int | None = None

    def connection(
        self, field: str, first: int | None, after: str | None, last: int | None, before: str | None
    ) -> Connection[T]:
        window = Window.of(field, first=first, after=after, last=last, before=before)
        return window.connection(self.nodes, total=self.total)


def out_of_range(argument: str, field: str, size: object) -> str:
    return f"`{argument}` on `{field}` must be between 1 and {MAX_FIRST}, got {size}"


def both_first_and_last(field: str) -> str:
    return (
        f"`first` and `last` on `{field}` cannot be used together: "
        "page forwards with `first` and `after`, or backwards with `last` and `before`"
    )
