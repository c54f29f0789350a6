"""The answers README.md shows are the ones the demo data gives, as Maya Chen, today.

Scores are left out: they favour recent encounters, so they drift day by day (the README says so).
"""

from __future__ import annotations

import itertools
import json
import re
from typing import Any

import pytest
from neo4j import Driver

from api.gql.ids import to_global_id
from api.graph import network
from api.settings import PROJECT_ROOT, Neo4jTarget
from tests.conftest import Api
from tests.demo import DEMO_USER, load_demo

README = PROJECT_ROOT / "README.md"
# The people and companies the README's queries name in their variables ($bianca: Bianca Murphy's id).
PEOPLE = {"bianca": "Bianca Murphy"}
COMPANIES = {"cobalt": "Cobalt Robotics", "harborview": "Harborview Bank"}


def examples() -> list[tuple[str, Any]]:
    """Each graphql block of the README with the json block that follows it.

    Subscriptions are left out: they answer over a WebSocket (tests/live/test_docs.py checks them).
    """
    blocks = re.findall(r"```(graphql|json)\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)
    return [
        (query, json.loads(answer))
        for (kind, query), (next_kind, answer) in itertools.pairwise(blocks)
        if kind == "graphql" and next_kind == "json" and not query.lstrip().startswith("subscription")
    ]


def without_scores(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: without_scores(item) for key, item in value.items() if key != "score"}
    if isinstance(value, list):
        return [without_scores(item) for item in value]
    return value


def test_the_readme_shows_four_answers() -> None:
    assert len(examples()) == 4


def test_every_readme_answer_is_the_demos(
    api: Api, db: Driver, target: Neo4jTarget, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Loading the demo changes the statistics the start-up plans were made with; planning the
    # network statements anew may take longer than the app's query timeout on a busy machine.
    monkeypatch.setattr(api.http.app.state.graph, "timeout_s", network.PLANNING_TIMEOUT_S)  # type: ignore[attr-defined]
    load_demo(target)
    people = db.execute_query("MATCH (p:Person) RETURN p.name AS name, p.email AS email, p.id AS id").records
    ids = {record["name"]: to_global_id("Person", record["id"]) for record in people}
    maya = api.as_person(next(ids[record["name"]] for record in people if record["email"] == DEMO_USER))
    companies = db.execute_query("MATCH (c:Company) RETURN c.name AS name, c.id AS id").records
    ids |= {record["name"]: to_global_id("Company", record["id"]) for record in companies}
    named = PEOPLE | COMPANIES
    for query, shown in examples():
        declared = set(re.findall(r"\$(\w+):", query))
        answer = maya.data(query, {name: ids[named[name]] for name in declared})
        assert without_scores(answer) == without_scores(shown.get("data", shown)), query
