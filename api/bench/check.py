"""Before any timing: every request asked of every system, each answer reduced and compared with the floor's.

Also counts the Cypher statements each system sends per request, at the database itself (Neo4j's
query collector, `db.stats.collect('QUERIES')`): the same instrument for all three systems.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, LiteralString

from neo4j import RoutingControl
from neo4j.exceptions import DriverError, Neo4jError

from api.bench.answers import difference
from api.bench.load import TIMEOUT_S

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from api.bench.questions import Question, Request
    from api.graph import Graph

SYSTEMS = ("crosspaths", "peer", "floor")


@dataclass
class Checked:
    """What the check saw for one question on one system (the floor is compared with itself: answered or not)."""

    equal: int = 0
    differ: list[str] = field(default_factory=list)  # "about: where", for the first few
    failed: int = 0
    first_error: str | None = None
    stopped_early: bool = False  # stopped after too many failures: each failure may take a minute

    @property
    def asked(self) -> int:
        return self.equal + len(self.differ) + self.failed

    @property
    def all_failed(self) -> bool:
        return self.asked > 0 and self.failed == self.asked

    def as_json(self) -> dict[str, object]:
        return {
            "asked": self.asked,
            "equal": self.equal,
            "differ": self.differ,
            "failed": self.failed,
            "first_error": self.first_error,
            "stopped_early": self.stopped_early,
        }


class Askers:
    """Ask one request of one system and return its raw answer; an error answer raises AskError."""

    def __init__(self, graph: Graph, ports: dict[str, int]) -> None:
        self.graph = graph
        self.ports = ports  # "crosspaths" and, when it runs, "peer"

    def post(self, system: str, body: dict[str, Any], token: str | None) -> dict[str, Any]:
        headers = {"Content-Type": "application/json"} | ({"Authorization": f"Bearer {token}"} if token else {})
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.ports[system]}/graphql", data=json.dumps(body).encode(), headers=headers
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:  # noqa: S310 - our loopback servers
                answer: dict[str, Any] = json.load(response)
        except urllib.error.HTTPError as error:
            raise AskError(f"HTTP {error.code}: {error.read()[:300]!r}") from error
        except (urllib.error.URLError, TimeoutError) as error:
            raise AskError(f"no answer: {error}") from error
        if answer.get("errors"):
            raise AskError(json.dumps(answer["errors"])[:300])
        return answer

    async def ask(self, system: str, request: Request) -> dict[str, Any] | list[dict[str, Any]]:
        if system == "floor":
            try:
                records, _, _ = await self.graph.driver.execute_query(
                    request.cypher, request.parameters, routing_=RoutingControl.READ, database_=self.graph.database
                )
            except Neo4jError as error:
                raise AskError(f"{error.code}: {error.message}"[:300]) from error
            except DriverError as error:
                raise AskError(f"{type(error).__name__}: {error}"[:300]) from error
            return [record.data() for record in records]
        if system == "peer":
            assert request.peer is not None  # noqa: S101 - callers skip requests the peer cannot ask
            return self.post("peer", request.peer, None)
        return self.post("crosspaths", request.crosspaths, request.token)


class AskError(RuntimeError):
    """A request answered with errors (or not at all)."""


def _reducer(question: Question, system: str) -> Callable[[Any], object]:
    reducers: dict[str, Callable[[Any], object]] = {
        "crosspaths": question.crosspaths_answer,
        "peer": question.peer_answer,
        "floor": question.floor_answer,
    }
    return reducers[system]


async def check(askers: Askers, question: Question, systems: list[str], *, give_up_after: int) -> dict[str, Checked]:
    """Each request of `question` asked of each system, compared with the floor's answer."""
    seen = {system: Checked() for system in systems}
    for request in question.requests:
        answers: dict[str, object] = {}
        for system in systems:
            checked = seen[system]
            if checked.failed >= give_up_after or (system == "peer" and request.peer is None):
                checked.stopped_early = checked.stopped_early or checked.failed >= give_up_after
                continue
            try:
                answers[system] = _reducer(question, system)(await askers.ask(system, request))
            except AskError as error:
                checked.failed += 1
                checked.first_error = checked.first_error or str(error)
        for system in systems:
            if system not in answers:
                continue
            if "floor" not in answers or system == "floor":
                seen[system].equal += system == "floor"
                continue
            where = difference(answers[system], answers["floor"])
            if where is None:
                seen[system].equal += 1
            elif len(seen[system].differ) < 3:  # noqa: PLR2004 - the first few are enough to see the pattern
                seen[system].differ.append(f"{request.about}: {where}"[:300])
            else:
                seen[system].differ.append(request.about)
    return seen


async def count_statements(graph: Graph, run: Callable[[], Awaitable[None]]) -> int | None:
    """Statements Neo4j ran while `run()` ran (the collector's own calls excluded); None when it cannot count."""

    async def call(cypher: LiteralString) -> list[dict[str, Any]]:
        records, _, _ = await graph.driver.execute_query(cypher, database_=graph.database)
        return [record.data() for record in records]

    try:
        await call("CALL db.stats.stop('QUERIES')")
        await call("CALL db.stats.clear('QUERIES')")
        await call("CALL db.stats.collect('QUERIES')")
        await run()
        rows = await call("CALL db.stats.retrieve('QUERIES')")
        await call("CALL db.stats.stop('QUERIES')")
        await call("CALL db.stats.clear('QUERIES')")
    except Neo4jError:  # no such procedure, or not allowed to call it
        return None
    return sum(
        int(row["data"]["invocationSummary"]["invocationCount"])
        for row in rows
        if not str(row["data"]["query"]).lstrip().startswith("CALL db.stats")
    )
