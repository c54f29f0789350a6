"""Every example in docs/queries.md runs on the demo data, as Maya Chen, without errors."""

from __future__ import annotations

import re

import pytest
from graphql import OperationDefinitionNode, parse
from neo4j import Driver

from api.gql.ids import to_global_id
from api.graph import network
from api.settings import PROJECT_ROOT, Neo4jTarget
from tests.conftest import Api
from tests.demo import DEMO_USER, load_demo

QUERIES = PROJECT_ROOT / "docs" / "queries.md"
OTHER = "sam.okafor@example.com"
COMPANY = "Northwind Labs"


def examples() -> list[str]:
    return re.findall(r"```graphql\n(.*?)```", QUERIES.read_text(), re.DOTALL)


def person_id(db: Driver, email: str) -> str:
    records, _, _ = db.execute_query("MATCH (p:Person {email: $email}) RETURN p.id AS id", email=email)
    assert len(records) == 1, email
    return to_global_id("Person", records[0]["id"])


def test_the_page_has_named_examples() -> None:
    found = examples()
    assert len(found) >= 8
    names = [
        definition.name.value
        for text in found
        for definition in parse(text).definitions
        if isinstance(definition, OperationDefinitionNode) and definition.name
    ]
    assert len(names) == len(found) == len(set(names)), "one named operation per block, each name once"


def test_every_example_answers_without_errors(
    api: Api, db: Driver, target: Neo4jTarget, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As in test_readme: loading the demo changes the statistics the start-up plans were made with,
    # and planning the network statements anew may take longer than the query timeout on a busy machine.
    monkeypatch.setattr(api.http.app.state.graph, "timeout_s", network.PLANNING_TIMEOUT_S)  # type: ignore[attr-defined]
    load_demo(target)
    me = person_id(db, DEMO_USER)
    maya = api.as_person(me)
    company = db.execute_query("MATCH (c:Company {name: $name}) RETURN c.id AS id", name=COMPANY).records[0]["id"]
    variables = {"me": me, "other": person_id(db, OTHER), "company": to_global_id("Company", company)}
    failures: dict[str, object] = {}
    for text in examples():
        if text.startswith("subscription"):
            continue  # answered over a WebSocket: tests/live/test_docs.py
        declared = set(re.findall(r"\$(\w+):", text))
        body = maya.post(text, {name: variables[name] for name in declared})
        name = text.split("{", 1)[0].strip()
        if body.get("errors") or not body.get("data"):
            failures[name] = body.get("errors")
        elif name.startswith("mutation"):
            payload = next(iter(body["data"].values()))
            if payload["userErrors"]:
                failures[name] = payload["userErrors"]
    assert failures == {}
