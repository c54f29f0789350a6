"""The statements the README, docs/queries.md and the benchmark questions compile to, checked in whole.

Each document's compiled statements are kept in docs/statements/<name>.cypher, so that a reader
sees every statement the API sends for them, and a change to one shows in review. After an
intended change, write them again:
`CROSSPATHS_WRITE_STATEMENTS=1 .venv/bin/python -m pytest tests/gql/test_statements.py`.
The network fields' own searches are not compiled: they are in api/graph/network.py as sent.
"""

from __future__ import annotations

import os

import pytest

from api.gql.ids import to_global_id
from api.graph.compiler import Statement
from api.graph.runner import Graph, Row
from api.settings import PROJECT_ROOT
from tests.conftest import Api
from tests.gql.conftest import Build

STATEMENTS = PROJECT_ROOT / "docs" / "statements"
WRITE = os.environ.get("CROSSPATHS_WRITE_STATEMENTS") == "1"

DOCUMENTS = {
    # the load benchmark's questions (issue 20)
    "q1-people-with-employers": """{ people(first: 100) { edges { node {
  id name currentPositions { title startedOn company { id name } } } } } }""",
    "q2-connections-and-their-employers": """query($id: ID!) { node(id: $id) { ... on Person {
  connections(first: 20) { edges { node { id name currentPositions { company { id name } } } } } } } }""",
    "viewer-name": "{ viewer { name } }",
    # the README's headline question: the viewer's part (opportunities runs its own search)
    "readme-opportunities": """{ viewer { opportunities(maxHops: 2, first: 2) { totalCount
  edges { node { hops score role { title company { name } } contact { name } reasons
  paths { steps { to { name } kind on context } } } } } } }""",
    # docs/queries.md
    "docs-me": """query Me {
  viewer { id name headline location email openToWork
    currentPositions { title startedOn company { name } } }
}""",
    "docs-my-network": """query MyNetwork {
  viewer {
    connections(first: 5) { totalCount pageInfo { hasNextPage endCursor } edges { node { name headline } } }
    interviews(first: 3) { edges { node { date stage outcome company { name } interviewers { name } } } }
  }
}""",
    "docs-find": """query Find {
  search(query: "Brightpath", first: 5) {
    __typename ... on Person { name } ... on Company { name industry } ... on Role { title status }
  }
  roles(first: 3, filter: {status: OPEN, titleContains: "Engineer"}) {
    edges { node { title location remote company { name } } }
  }
}""",
    "docs-my-last-connections": """query MyLastConnections {
  viewer {
    last: connections(last: 2) {
      totalCount
      pageInfo { hasPreviousPage startCursor hasNextPage }
      edges { cursor node { name } }
    }
    before: connections(last: 2, before: "b2Zmc2V0OjE=") {
      pageInfo { hasPreviousPage startCursor }
      edges { node { name } }
    }
    weakest: opportunities(last: 1) { edges { node { score role { title } contact { name } } } }
  }
}""",
    # a root list read from its end: the name index backwards, and the count its cursors need
    "people-from-the-end": "{ people(last: 20) { pageInfo { hasPreviousPage } edges { cursor node { id name } } } }",
    "docs-by-id": """query ById($other: ID!) { node(id: $other) { id ... on Person { name headline } } }""",
    "nodes-across-types": """query($ids: [ID!]!) { nodes(ids: $ids) {
  id ... on Company { name openRoles(first: 3) { totalCount edges { node { title } } } }
  ... on Role { title hiringManager { name } recruiters { name } } } }""",
}


def compiled(api: Api, document: str, variables: dict[str, object], monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The text of every compiled statement the document sends, in order."""
    sent: list[str] = []
    run = Statement.run

    async def recorded(statement: Statement, graph: Graph) -> list[Row]:
        sent.append(statement.text)
        return await run(statement, graph)

    monkeypatch.setattr(Statement, "run", recorded)
    api.data(document, variables)
    return sent


def framed(name: str, document: str, statements: list[str]) -> str:
    """The file: the document it answers, then each statement it compiled to."""
    head = [f"// {name}: what the GraphQL document below compiles to, one statement per root field.", "//"]
    head += [f"//   {line}" if line else "//" for line in document.splitlines()]
    body = (
        "\n".join(statements)
        or "// No compiled statement: nothing is read here but the network fields' own searches.\n"
    )
    return "\n".join(head) + "\n\n" + body


@pytest.mark.parametrize("name", DOCUMENTS)
def test_statements_are_the_checked_in_ones(api: Api, build: Build, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    me = build.person("Maya Chen", email="maya@example.com")
    maya = api.as_person(me)
    variables: dict[str, object] = {
        "id": me,
        "other": me,
        "ids": [to_global_id("Company", "c"), to_global_id("Role", "r"), to_global_id("Company", "d")],
    }
    document = DOCUMENTS[name]
    text = framed(name, document, compiled(maya, document, variables, monkeypatch))
    path = STATEMENTS / f"{name}.cypher"
    if WRITE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == text, (
        f"{path.name} is not what the document compiles to now: if the change is intended, "
        "write the files again with CROSSPATHS_WRITE_STATEMENTS=1"
    )
