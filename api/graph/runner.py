"""The one place where Cypher is sent to Neo4j."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Collection, Iterable, Iterator
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, LiteralString

from neo4j import (
    READ_ACCESS,
    WRITE_ACCESS,
    AsyncGraphDatabase,
    AsyncResult,
    EagerResult,
    Query,
    Record,
    RoutingControl,
)
from neo4j.api import AsyncBookmarkManager
from neo4j.exceptions import DriverError, Neo4jError

from api.graph.notifications import log_once_per_statement
from api.graph.temporal import native
from api.observe import tracing
from api.observe.metrics import NEO4J_QUERY_SECONDS_BY_ROUTING

if TYPE_CHECKING:
    from neo4j import AsyncDriver, AsyncSession

    from api.settings import Neo4jTarget

Row = dict[str, Any]

# The bookmarks of the request being served (api.web.bookmarks): its queries wait for them and add theirs.
_causal_chain: ContextVar[Chain | None] = ContextVar("crosspaths_causal_chain", default=None)


# Neo4j's codes for a statement stopped at a memory limit: the per-transaction limit
# (db.memory.transaction.max), the shared pool, off-heap transaction state, the heap itself.
# Most are "transient", so the driver would run the same statement again, up to its retry time,
# and hit the same limit each time.
MEMORY_LIMIT_CODES = frozenset(
    {
        "Neo.TransientError.General.MemoryPoolOutOfMemoryError",
        "Neo.ClientError.General.TransactionOutOfMemoryError",
        "Neo.TransientError.General.TransactionMemoryLimit",
        "Neo.TransientError.General.OutOfMemoryError",
    }
)


class QueryTooLarge(Exception):  # noqa: N818 - reads as the condition it reports
    """Neo4j stopped a statement at a memory limit; running it again would only hit the limit again."""


@contextlib.contextmanager
def _memory_limit_as_too_large() -> Iterator[None]:
    """Raise Neo4j's failure at a memory limit (MEMORY_LIMIT_CODES) as QueryTooLarge, any other as it is."""
    try:
        yield
    except Neo4jError as error:
        if error.code not in MEMORY_LIMIT_CODES:
            raise
        raise QueryTooLarge(error.message) from error


async def _eager(result: AsyncResult) -> EagerResult:
    """The whole result, with a memory-limit failure raised as QueryTooLarge.

    The failure arrives while the records are pulled: for a write inside the driver's retried
    transaction function, where an exception that is not the driver's own ends it without a retry;
    for a read, which retries only the driver's retryable errors (Graph._read), likewise.
    """
    with _memory_limit_as_too_large():
        return await result.to_eager_result()


def open_driver(target: Neo4jTarget, *, retry_s: float = 10.0) -> AsyncDriver:
    """The process's async driver for `target`, configured the same way for the app, CLI and tests.

    `retry_s` bounds how long a query waits for a database that is down or hung before it fails
    (DATABASE_UNAVAILABLE), well within the request time limit. Each wait gets a quarter of it:
    the driver retries only after a first failed attempt and its back-off doubles from 1 s, so a
    larger retry window would let one more doubled delay run past the bound (docs/security.md has
    the sums). Pooled connections idle that long are probed before use, so a hung server fails
    the acquisition quickly instead of swallowing the query; a query already sent to a server that
    hangs is ended by the server's Bolt keep-alive (api/localdb/launcher.py, docs/deployment.md).
    """
    log_once_per_statement()
    attempt_s = retry_s / 4
    return AsyncGraphDatabase.driver(
        target.uri,
        auth=target.auth,
        max_transaction_retry_time=attempt_s,
        connection_timeout=attempt_s,
        connection_acquisition_timeout=attempt_s,
        liveness_check_timeout=attempt_s,
        # "label does not exist" on a fresh database (first migration run) is expected, not a warning.
        notifications_disabled_classifications=["UNRECOGNIZED"],
    )


class Chain(AsyncBookmarkManager):
    """The bookmarks of one causally chained block of queries (see Graph.chained_after), and its sessions' manager.

    It keeps them as the driver's own manager does (`update_bookmarks` drops the bookmarks a result
    replaced and adds its new ones), in a plain set: the driver's takes a lock on each call, for a
    manager that threads share, and is made from a Bookmarks object. A chain belongs to one request on
    one event loop, and neither method awaits, so each call ends before another starts.
    """

    def __init__(self, initial: frozenset[str]) -> None:
        self.initial = initial
        self._now = set(initial)

    async def get_bookmarks(self) -> list[str]:
        return list(self._now)

    async def update_bookmarks(self, previous_bookmarks: Collection[str], new_bookmarks: Collection[str]) -> None:
        if new_bookmarks:  # a result without one leaves the chain as it was, as with the driver's manager
            self._now.difference_update(previous_bookmarks)
            self._now.update(new_bookmarks)

    def bookmarks(self) -> list[str] | None:
        """The bookmarks after the block's queries; None when they moved nothing on."""
        return None if self._now == self.initial else sorted(self._now)


class Graph:
    """Runs parameterised Cypher (writes in managed, retried transactions; reads as auto-commit queries) and
    returns native rows.

    Reads route to readers and writes to the leader on a cluster (`neo4j://` URIs); a read sees
    every write this process made before it (the driver's bookmarks), and inside `chained_after`
    also the writes a client's bookmarks name, wherever they were made.
    `round_trips` counts queries sent, so tests can prove nested fields are batched.
    A statement stopped at a memory limit raises QueryTooLarge, without the retries transient errors get.

    Example:
        rows = await graph.read("MATCH (p:Person {id: $id}) RETURN p.name AS name", id="p1")
    """

    def __init__(self, driver: AsyncDriver, database: str, timeout_s: float = 10.0) -> None:
        self.driver = driver
        self.database = database
        self.timeout_s = timeout_s
        self.round_trips = 0

    def with_timeout(self, timeout_s: float) -> Graph:
        """This graph (the same driver, database and causal chain) with another transaction time limit."""
        return Graph(self.driver, self.database, timeout_s)

    @contextlib.asynccontextmanager
    async def chained_after(self, bookmarks: Iterable[str]) -> AsyncIterator[Chain]:
        """Queries run inside wait until the database has seen `bookmarks` (and this process's writes).

        This is causal consistency across API replicas: a client hands back the bookmarks of its
        last request, so a read on any replica (and any Neo4j reader) sees that request's writes.
        On leaving, the process-wide bookmarks learn this block's, so later requests see its writes too.
        """
        shared = self.driver.execute_query_bookmark_manager
        known = await shared.get_bookmarks()
        chain = Chain(frozenset(known).union(bookmarks))
        token = _causal_chain.set(chain)
        try:
            yield chain
        finally:
            _causal_chain.reset(token)
            final = chain.bookmarks()
            if final is not None:
                await shared.update_bookmarks(known, final)

    def session(self, access_mode: str = WRITE_ACCESS) -> AsyncSession:
        """A session for explicit transactions, in the same causal chain as `read` and `write`.

        Its writes, once committed, are seen by this process's later queries, and a request's
        X-Crosspaths-Bookmark covers them (Graph.chained_after).
        """
        chain = _causal_chain.get()
        manager = chain if chain is not None else self.driver.execute_query_bookmark_manager
        return self.driver.session(database=self.database, bookmark_manager=manager, default_access_mode=access_mode)

    async def read(self, cypher: LiteralString, **params: Any) -> list[Row]:
        return await self._run(cypher, params, RoutingControl.READ)

    async def read_for_response(self, cypher: LiteralString, **params: Any) -> list[Row]:
        """`read`, but dates and times stay the driver's (neo4j.time), for rows headed straight for a response.

        They compare with, print and serialise (isoformat) like datetime's, so GraphQL's Date scalar
        and a reason's wording treat them alike; but they hash differently, so never key a set or a
        dict by them. Converting every value of a big answer (an opportunities page) cost ~0.3 ms.
        """
        return await self._run(cypher, params, RoutingControl.READ, convert=False)

    async def write(self, cypher: LiteralString, **params: Any) -> list[Row]:
        return await self._run(cypher, params, RoutingControl.WRITE)

    async def _run(
        self, cypher: LiteralString, params: dict[str, Any], routing: RoutingControl, *, convert: bool = True
    ) -> list[Row]:
        self.round_trips += 1
        kind = "read" if routing is RoutingControl.READ else "write"
        with NEO4J_QUERY_SECONDS_BY_ROUTING[kind].time(), tracing.span(f"neo4j {kind}", **{"db.system": "neo4j"}):
            query = Query(cypher, timeout=self.timeout_s)
            read = routing is RoutingControl.READ
            records = await (self._read(query, params) if read else self._write(query, params))
        if not convert:
            return [dict(zip(record.keys(), record.values(), strict=True)) for record in records]
        return [dict(zip(record.keys(), map(native, record.values()), strict=True)) for record in records]

    async def _read(self, query: Query, params: dict[str, Any]) -> list[Record]:
        """A read as one auto-commit query (RUN and PULL), tried once more after a failure worth retrying.

        A managed transaction (execute_query) adds BEGIN and COMMIT: a second round trip, and ~0.2 ms
        of the driver's CPU per statement, a tenth of a small request (docs/benchmarks.md). A read
        changes nothing, so it gains nothing from a transaction around its one statement; what the
        managed transaction also gave it is the driver's retry, after a pooled connection found dead
        (Neo4j restarted) or a transient error. One more try covers those, within the same bound:
        each try waits at most a quarter of the retry window for a connection (open_driver).
        """
        try:
            return await self._read_once(query, params)
        except (Neo4jError, DriverError) as error:
            if not error.is_retryable():
                raise
        return await self._read_once(query, params)

    async def _read_once(self, query: Query, params: dict[str, Any]) -> list[Record]:
        async with self.session(READ_ACCESS) as session:
            with _memory_limit_as_too_large():  # refused before any record (a limit hit while planning, say)
                result = await session.run(query, params)
            return (await _eager(result)).records

    async def _write(self, query: Query, params: dict[str, Any]) -> list[Record]:
        chain = _causal_chain.get()
        # Passing bookmark_manager_=None would turn bookmarks off: leave it out to keep the driver's default.
        causal: dict[str, Any] = {} if chain is None else {"bookmark_manager_": chain}
        with _memory_limit_as_too_large():  # a limit hit before records were pulled (the driver retried it)
            result = await self.driver.execute_query(
                query,
                params,
                routing_=RoutingControl.WRITE,
                database_=self.database,
                result_transformer_=_eager,
                **causal,
            )
        return result.records
