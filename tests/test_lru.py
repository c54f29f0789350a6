"""The bounded cache every per-process cache of the API is made of (api.lru)."""

from __future__ import annotations

from api.lru import BoundedLru


def test_the_cache_keeps_the_most_recently_used_within_its_entries_and_bytes() -> None:
    kept = BoundedLru[str, int](max_entries=3, max_bytes=1000)
    for key in "abc":
        kept.put(key, ord(key), size=100)
    assert kept.get("a") == ord("a")  # now the most recently used
    kept.put("d", 4, size=100)
    assert (kept.get("b"), len(kept), kept.bytes) == (None, 3, 300)
    kept.put("e", 5, size=99)  # at most a tenth of the bytes
    kept.put("f", 6, size=101)  # over a tenth: not kept at all
    assert (kept.get("f"), kept.get("e"), len(kept)) == (None, 5, 3)
    big = BoundedLru[str, int](max_entries=100, max_bytes=1000)
    for i in range(50):
        big.put(str(i), i, size=90)
        assert big.bytes <= big.max_bytes
    assert len(big) == 11


def test_an_overhead_is_counted_for_every_entry() -> None:
    kept = BoundedLru[str, str](max_entries=10, max_bytes=1000, overhead=40)
    kept.put("a", "x", size=10)
    kept.put("b", "y", size=61)  # 101 with the overhead: over a tenth, not kept
    assert (kept.get("a"), kept.get("b"), kept.bytes) == ("x", None, 50)
