"""What a per-process cache really holds, for the tests that check its count of bytes is no underestimate."""

from __future__ import annotations

import gc
import tracemalloc
from collections.abc import Callable


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
