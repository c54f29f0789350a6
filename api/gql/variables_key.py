"""Variables' values as a cache key (api.gql.kept_reads, api.gql.kept_shapes)."""

from __future__ import annotations

from typing import Any

import orjson


def values_key(values: dict[str, Any], names: tuple[str, ...], limit: int) -> str | None:
    """The values of these variables (those given) as a key: exact JSON, so `1`, `1.0`, `true` and `"1"` differ, and
    a name not given differs from one given as null. None when they take over `limit` bytes or JSON cannot say them.
    """
    try:
        encoded = orjson.dumps({name: values[name] for name in names if name in values}, option=orjson.OPT_SORT_KEYS)
    except TypeError:  # orjson's JSONEncodeError: an upload, an integer over 64 bits, a key that is not a string
        return None
    # As text: orjson's bytes keep a 4 KiB buffer however short they are.
    return encoded.decode() if len(encoded) <= limit else None
