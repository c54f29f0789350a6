"""GraphiQL in headless Chromium runs opportunityOpened over the replica's own WebSocket, signed in as the page is."""

from __future__ import annotations

import json
import time
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page

from api.settings import PROJECT_ROOT
from api.web.graphiql import ASSETS_PATH
from tests.live.arrange import NETWORK, open_role
from tests.live.conftest import Cluster
from tests.web.browser import chromium_page

pytestmark = pytest.mark.browser

SCREENSHOT = PROJECT_ROOT / "test-artifacts" / "graphiql-subscription.png"
QUERY_EDITOR = ".graphiql-query-editor .CodeMirror"
RESPONSE_EDITOR = ".graphiql-response .CodeMirror"
SUBSCRIPTION = "subscription DoorOpens {\n  opportunityOpened(maxHops: 2) { hops role { title } contact { name } }\n}"


def set_editor(page: Page, selector: str, text: str) -> None:
    page.evaluate("([selector, text]) => document.querySelector(selector).CodeMirror.setValue(text)", [selector, text])


def response(page: Page) -> str:
    text: str = page.evaluate("(selector) => document.querySelector(selector).CodeMirror.getValue()", RESPONSE_EDITOR)
    return text


def set_headers(page: Page, headers: dict[str, str]) -> None:
    """As a user would: the Headers tab, and the header line `crosspaths up` printed pasted in."""
    page.get_by_text("Headers", exact=True).click()
    page.evaluate(
        """(headers) => {
            const tools = [...document.querySelectorAll('.graphiql-editor-tool .graphiql-editor')];
            tools.find((tool) => !tool.classList.contains('hidden'))
                .querySelector('.CodeMirror').CodeMirror.setValue(headers);
        }""",
        json.dumps(headers),
    )


def run_subscription(page: Page, token: str) -> None:
    set_editor(page, QUERY_EDITOR, SUBSCRIPTION)
    set_headers(page, {"Authorization": f"Bearer {token}"})
    page.wait_for_timeout(500)  # GraphiQL takes in an edit after a short debounce
    page.click(".graphiql-execute-button")


def test_graphiql_runs_the_subscription_and_shows_each_opening(live: Cluster) -> None:
    live.db.execute_query(NETWORK)
    with chromium_page(SCREENSHOT) as session:
        page = session.page
        sockets: list[str] = []
        page.on("websocket", lambda socket: sockets.append(socket.url))
        page.goto(f"{live.a.url}/graphql")
        page.wait_for_selector(QUERY_EDITOR)

        run_subscription(page, "not-a-token")
        # The server's refusal, at once: GraphiQL's client does not retry a 4403.
        page.wait_for_function(
            "(selector) => document.querySelector(selector)?.CodeMirror.getValue().includes('4403')",
            arg=RESPONSE_EDITOR,
            timeout=10_000,
        )
        assert "Forbidden: the token is not valid" in response(page)

        run_subscription(page, live.token("maya"))
        # Until the subscription is followed, an opening goes unseen: open roles until one shows.
        deadline = time.monotonic() + 60
        shown: dict[str, object] = {}
        opened = 0
        while not shown and time.monotonic() < deadline:
            opened += 1
            title = f"Staff Engineer {opened}"
            open_role(live, "acme", title)
            for _ in range(20):
                page.wait_for_timeout(250)
                if title in response(page):
                    shown = json.loads(response(page))
                    break

    assert shown["data"] == {"opportunityOpened": {"hops": 1, "role": {"title": title}, "contact": {"name": "Ben Ode"}}}
    assert session.problems == ["Socket closed with event 4403 Forbidden: the token is not valid: Not enough segments"]
    assert session.elsewhere() == []
    served = {urlsplit(url).path for url in session.requested}
    assert f"{ASSETS_PATH}/graphql-ws/umd/graphql-ws.min.js" in served
    # Two sockets: the refused credential's, then Maya's; both to the page's own /graphql.
    assert sockets == [live.a.url.replace("http://", "ws://") + "/graphql"] * 2
