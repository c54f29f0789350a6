"""Where the driver's temporal values become Python's: the one place dates are converted.

Graph.read and Graph.write convert whole rows (native); rows headed straight for a response
(Graph.read_for_response: the compiled reads, the network answers) keep the driver's values, and
the read-models convert just the dates they show (as_date).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from neo4j.time import Date, DateTime

# Values that come back from the driver as they are; checked by exact class, the cheapest test there is.
_AS_IS = frozenset({str, int, float, bool, type(None)})

# A date in a row: the driver's from Graph.read_for_response, Python's from Graph.read (converted by `native`).
RowDate = Date | date


def native(value: Any) -> Any:
    """Neo4j temporal values become datetime ones, recursively through lists and maps.

    Called on every value of every row, so the scalars inside a list or map are passed through
    without a call of their own: 2.7x faster than the plain recursion on an opportunities page.
    """
    cls = value.__class__
    if cls is dict:
        return {key: item if item.__class__ in _AS_IS else native(item) for key, item in value.items()}
    if cls is list:
        return [item if item.__class__ in _AS_IS else native(item) for item in value]
    if cls is Date or cls is DateTime:
        return value.to_native()
    return value


def as_date(value: RowDate | None) -> date | None:
    """A response row's date as the `datetime.date` the API shows (a date converted already passes as is)."""
    return value.to_native() if isinstance(value, Date) else value
