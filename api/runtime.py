"""Process-wide settings the API applies once it has started: fewer, cheaper garbage collections.

The CLI's import commands (`crosspaths seed ...`) apply them too, and any import raises the young
threshold while it runs (fewer_collections): an import allocates per row as a request does.

A request allocates thousands of short-lived objects (the driver's records, GraphQL's answers), so
CPython's default collector runs several young collections per request and, every so often, a full
one that walks everything alive: the modules, the schema, the driver. Those live as long as the
process. Freezing them once started takes them out of every later collection, and a larger young
threshold collects after a few requests instead of several times in one. Cyclic garbage is still
collected; it waits a little longer. What it bought is in docs/benchmarks.md.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from typing import Final

YOUNG_THRESHOLD: Final = 50_000  # CPython's default is 700 allocations

_settled = False


def settle_heap() -> None:
    """Freeze what is alive now and raise the young threshold; once per process, later calls do nothing."""
    global _settled  # noqa: PLW0603 - the process has one heap, and this is its state
    if _settled:
        return
    _settled = True
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """settle_heap's young threshold for the block, freezing nothing: for a burst of allocations (an import).

    Does nothing where the threshold is that high already (a settled process, say the API's); puts
    the old one back after, unless something else changed it meanwhile.
    """
    young, middle, old = gc.get_threshold()
    if young >= YOUNG_THRESHOLD:
        yield
        return
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)
    try:
        yield
    finally:
        if gc.get_threshold() == (YOUNG_THRESHOLD, middle, old):
            gc.set_threshold(young, middle, old)
