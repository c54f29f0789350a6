"""What a per-process cache really holds, for the tests that check its bound and its count of bytes."""

from __future__ import annotations

import gc
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def traced() -> Iterator[Callable[[], int]]:
    """The bytes allocated inside the block and still held (as a function, read at the end)."""
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    held = [0]
    try:
        yield lambda: held[0]
        held[0] = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()


def counted_and_held(fill: Callable[[], int], clear: Callable[[], None]) -> tuple[int, int]:
    """`fill()`'s count of the bytes it put in a cache, and the bytes Python frees when `clear()` drops them."""
    tracemalloc.start()
    try:
        counted = fill()
        gc.collect()
        filled = tracemalloc.get_traced_memory()[0]
        clear()
        gc.collect()
        return counted, filled - tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
