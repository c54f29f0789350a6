"""GraphiQL in headless Chromium: it renders from our own assets and runs a query through the UI."""

from __future__ import annotations

import json
from urllib.parse import unquote, urlsplit

import pytest
from neo4j import Driver
from playwright.sync_api import Page

from api.settings import PROJECT_ROOT
from api.web.graphiql import ASSETS_PATH, BUNDLES, DEFAULT_QUERY
from tests.web.browser import chromium_page

pytestmark = pytest.mark.browser

SCREENSHOT = PROJECT_ROOT / "test-artifacts" / "graphiql.png"
QUERY_EDITOR = ".graphiql-query-editor .CodeMirror"
RESPONSE_EDITOR = ".graphiql-response .CodeMirror"

QUERY = """{
  people(filter: {nameContains: "Lovelace"}) {
    edges { node { name currentPositions { title company { name } } } }
  }
}"""


def seed_ada(db: Driver) -> None:
    db.execute_query(
        """
        CREATE (ada:Person {id: 'p-ada', name: 'Ada Lovelace', openToWork: false})
        CREATE (engine:Company {id: 'c-engine', name: 'Analytical Engines', nameKey: 'analytical engines'})
        CREATE (ada)-[:WORKS_AT {key: '1842-01-01|analyst', title: 'Analyst', startedOn: date('1842-01-01')}]->(engine)
        """
    )


def editor_text(page: Page, selector: str) -> str:
    text: str = page.evaluate("(selector) => document.querySelector(selector).CodeMirror.getValue()", selector)
    return text


def test_graphiql_runs_a_query_offline(live_url: str, live_token: str, db: Driver) -> None:
    seed_ada(db)
    with chromium_page(SCREENSHOT) as session:
        page = session.page
        page.goto(f"{live_url}/graphql")
        page.wait_for_selector(QUERY_EDITOR)
        assert editor_text(page, QUERY_EDITOR) == DEFAULT_QUERY

        page.evaluate(
            "([selector, query]) => document.querySelector(selector).CodeMirror.setValue(query)",
            [QUERY_EDITOR, QUERY],
        )
        # GraphiQL takes in an edit after a short debounce, then mirrors it into the URL (our page does).
        page.wait_for_url(lambda url: "Lovelace" in unquote(url))
        # As a user would: open the Headers tab and paste the bearer token `crosspaths up` printed.
        page.get_by_text("Headers", exact=True).click()
        page.evaluate(
            """(headers) => {
                const tools = [...document.querySelectorAll('.graphiql-editor-tool .graphiql-editor')];
                tools.find((tool) => !tool.classList.contains('hidden'))
                    .querySelector('.CodeMirror').CodeMirror.setValue(headers);
            }""",
            json.dumps({"Authorization": f"Bearer {live_token}"}),
        )
        page.click(".graphiql-execute-button")
        page.wait_for_function(
            "(selector) => document.querySelector(selector)?.CodeMirror.getValue().includes('Lovelace')",
            arg=RESPONSE_EDITOR,
        )
        answer = json.loads(editor_text(page, RESPONSE_EDITOR))

    assert answer["data"] == {
        "people": {
            "edges": [
                {
                    "node": {
                        "name": "Ada Lovelace",
                        "currentPositions": [{"title": "Analyst", "company": {"name": "Analytical Engines"}}],
                    }
                }
            ]
        }
    }
    assert answer["extensions"]["cost"]["requestedQueryCost"] == 1
    assert session.problems == []
    assert session.elsewhere() == []
    served = {urlsplit(url).path for url in session.requested}
    assert {f"{ASSETS_PATH}/{bundle}" for bundle in BUNDLES} <= served
