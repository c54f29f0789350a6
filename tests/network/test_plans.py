"""How the network statements are planned: what must not depend on Neo4j's statistics at the time."""

from __future__ import annotations

from typing import Any

from neo4j import Driver

from api.graph import network

_STARTS = {"NodeIndexScan", "NodeIndexSeek", "NodeIndexSeekByRange", "NodeByLabelScan", "NodeIndexContainsScan"}


def _operators(plan: dict[str, Any]) -> list[dict[str, Any]]:
    return [plan, *(operator for child in plan.get("children", []) for operator in _operators(child))]


def test_opportunities_reaches_roles_only_from_the_contacts(db: Driver) -> None:
    # A plan made while the statistics say there are no roles (an empty graph, or just after a bulk
    # write) once started the role lookups from the Role(status) index and hash-joined every open
    # role once per contact: over 256 MiB of transaction memory for half the people asked, even at
    # 2 000 people. Planned on the empty test graph, the roles may only be reached by expanding.
    db.execute_query("CALL db.clearQueryCaches()")
    parameters = network.opportunities_parameters("nobody", max_hops=2)
    _, summary, _ = db.execute_query("EXPLAIN " + network.OPPORTUNITIES, parameters)

    assert summary.plan is not None
    role_scans = [
        f"{operator['operatorType']}: {operator['args'].get('Details')}"
        for operator in _operators(summary.plan)
        if operator["operatorType"].split("@")[0] in _STARTS and ":Role" in str(operator["args"].get("Details"))
    ]
    assert role_scans == []
