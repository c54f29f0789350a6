"""Roles that opened, read by their `openedAt` watermark, and which of them a person can reach.

`openedAt` is the database's `datetime()` at the write that opened the role (createRole, setRoleStatus
to OPEN from CLOSED or FILLED, a CSV import that creates or reopens a role as OPEN), indexed by
schema/030_role_opened_at.cypher. Every replica follows it on its own (api/live/): no broker.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, TypedDict, cast

from neo4j.time import DateTime

from api.graph import network
from api.graph.links import Viewpoint
from api.graph.network import OpportunityRow
from api.graph.rows import PersonRow
from api.graph.runner import Graph


class OpenedRow(TypedDict):
    roleId: str
    openedAt: DateTime
    opening: str


# Roles still OPEN whose opening is at or after $since (an ISO-8601 instant) and not among $known
# (["roleId|openedAt"]: the openings already taken, so a window read again finds only what it missed),
# first opened first, at most $limit. `opening` is that key: a role that reopens is a new opening under
# the same id. $since is parsed here, so it has an offset as every stored openedAt has: Neo4j orders
# a DateTime with a zone name (what the driver sends for a UTC datetime) apart from one with an
# offset at the same instant, and the boundary would drop the openings exactly at $since.
OPENED_SINCE: Final = """
MATCH (r:Role)
WHERE r.openedAt >= datetime($since) AND r.status = 'OPEN'
WITH r, r.id + '|' + toString(r.openedAt) AS opening
WHERE NOT opening IN $known
RETURN r.id AS roleId, r.openedAt AS openedAt, opening
ORDER BY openedAt, roleId
LIMIT $limit
"""

# The database's clock: where following starts, whatever the replica's clock says.
NOW: Final = "RETURN datetime() AS now"

# Rows per search: the page the opportunities field allows at most. A role's best contact is on the
# first page unless other roles' contacts outrank it there; see best_by_role.
PAGE: Final = 100


@dataclass(frozen=True)
class Opened:
    """One opening: the role, when it opened (the database's DateTime, nanoseconds kept) and its key."""

    role_id: str
    opened_at: DateTime
    key: str


@dataclass(frozen=True)
class Reachable:
    """The best-ranked (role, contact) row of a role, as OPPORTUNITIES returns it, and the people its paths name."""

    row: OpportunityRow
    people: list[PersonRow]


async def now(graph: Graph) -> DateTime:
    rows = await graph.read_for_response(NOW)
    stamp: DateTime = rows[0]["now"]
    return stamp


async def opened_since(graph: Graph, *, since: DateTime, known: Sequence[str], limit: int) -> list[Opened]:
    """The openings at or after `since` not in `known`, first opened first (see OPENED_SINCE)."""
    # read_for_response keeps neo4j's DateTime: Python's datetime would drop the nanoseconds the key has.
    rows = await graph.read_for_response(OPENED_SINCE, since=since.iso_format(), known=list(known), limit=limit)
    # OPENED_SINCE's RETURN is the contract (tests/network/test_rows.py).
    return [Opened(row["roleId"], row["openedAt"], row["opening"]) for row in cast("list[OpenedRow]", rows)]


async def best_by_role(
    graph: Graph, person_id: str, *, viewer: Viewpoint, max_hops: int, role_ids: Sequence[str], searches: int
) -> tuple[dict[str, Reachable], list[str]]:
    """For each of `role_ids` the person can reach within `max_hops`, as `viewer` sees their network:
    its best-ranked contact, as `opportunities` ranks them; and the ids left undecided after `searches`
    searches.

    This is the opportunities query itself, narrowed to these roles, so a subscriber is told exactly
    what their `opportunities` field would show: the same links (the encounter-sharing rule for this
    viewer), contacts and score. One search per subscriber rather than one for all of them: what
    counts as a link depends on who asks.
    Rows come best first, so a role's first row is its best contact; a role whose rows all fell
    behind a full page of other roles' is asked again, without the roles already decided.
    """
    found: dict[str, Reachable] = {}
    left = list(dict.fromkeys(role_ids))
    for _ in range(searches):
        if not left:
            break
        result = await network.opportunities(
            graph, person_id, max_hops=max_hops, role_ids=left, limit=PAGE, viewer=viewer, for_response=True
        )
        page = result["page"]
        for row in page:
            if row["roleId"] not in found:
                found[row["roleId"]] = Reachable(row, result["people"])
        if result["total"] <= len(page):
            return found, []  # every pair was on the page: the roles not found are out of reach
        left = [role_id for role_id in left if role_id not in found]
    return found, left
