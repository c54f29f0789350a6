"""/explore in headless Chromium on the demo data: Maya's opportunities drawn, a contact's reasons on click."""

from __future__ import annotations

import json
import urllib.request
from typing import Any

import pytest
from neo4j import Driver

from api.auth.jwt_tokens import mint
from api.auth.keys import JwtKeys
from api.gql.ids import to_global_id
from api.settings import PROJECT_ROOT, Neo4jTarget, Settings
from tests.demo import DEMO_USER, load_demo
from tests.web.browser import chromium_page

pytestmark = pytest.mark.browser

SCREENSHOT = PROJECT_ROOT / "test-artifacts" / "explore.png"
PASTE_SCREENSHOT = PROJECT_ROOT / "test-artifacts" / "explore-paste.png"
# What the page asks for, so the test knows which nodes must be drawn.
OPPORTUNITIES = """query Expected {
  viewer { id opportunities(maxHops: 2, first: 50) { edges { node {
    role { id company { id } } contact { id } reasons
    paths { steps { from { id } to { id } kind } }
  } } } }
}"""


def maya_token(db: Driver, settings: Settings) -> str:
    records, _, _ = db.execute_query("MATCH (p:Person {email: $email}) RETURN p.id AS id", email=DEMO_USER)
    assert len(records) == 1, "the demo data has Maya Chen"
    subject = to_global_id("Person", records[0]["id"])
    return mint(JwtKeys.from_settings(settings), subject=subject, email=DEMO_USER)


def expected_drawing(live_url: str, token: str) -> tuple[str, set[str], set[str], dict[str, Any]]:
    """The viewer's id, node ids, link kinds, and an opportunity (its contact's reasons) from the API itself."""
    request = urllib.request.Request(  # noqa: S310 - the live app on 127.0.0.1
        f"{live_url}/graphql",
        data=json.dumps({"query": OPPORTUNITIES}).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - the live app on 127.0.0.1
        body = json.load(response)
    assert body.get("errors") is None, body["errors"]
    viewer = body["data"]["viewer"]
    found = [edge["node"] for edge in viewer["opportunities"]["edges"]]
    assert found, "Maya has opportunities within 2 hops in the demo data"
    nodes = {viewer["id"]}
    kinds: set[str] = set()
    for opportunity in found:
        nodes |= {opportunity["contact"]["id"], opportunity["role"]["id"], opportunity["role"]["company"]["id"]}
        for path in opportunity["paths"]:
            for step in path["steps"]:
                nodes |= {step["from"]["id"], step["to"]["id"]}
                kinds.add(step["kind"])
    return viewer["id"], nodes, kinds, found[0]


@pytest.fixture
def live_url(planned_live_url: str) -> str:
    """Both tests draw opportunities: the app plans the network statements at start-up, as served."""
    return planned_live_url


def test_explore_draws_the_viewers_opportunities(
    live_url: str, db: Driver, target: Neo4jTarget, settings: Settings
) -> None:
    load_demo(target)
    token = maya_token(db, settings)
    viewer, nodes, kinds, first = expected_drawing(live_url, token)
    with chromium_page(SCREENSHOT) as session:
        page = session.page
        page.goto(f"{live_url}/explore")
        page.fill("#token", token)
        page.click("button[type=submit]")
        page.wait_for_function(
            "() => window.exploreState.status !== 'loading' && window.exploreState.status !== 'idle'"
        )
        status = page.text_content("#status")
        assert page.evaluate("() => window.exploreState.status") == "ready", status
        drawn = set(page.evaluate("() => cy.nodes().map((node) => node.id())"))
        drawn_kinds = set(page.evaluate("() => cy.edges().map((edge) => edge.data('kind'))"))
        viewer_at = page.evaluate("() => cy.nodes('.viewer').map((node) => node.id())")
        stored = page.evaluate("() => sessionStorage.getItem('crosspaths.token')")

        # A real click on the first opportunity's contact, where cytoscape drew it.
        contact = first["contact"]["id"]
        box = page.locator("#cy").bounding_box()
        assert box is not None
        spot = page.evaluate("(id) => cy.getElementById(id).renderedPosition()", contact)
        page.mouse.click(box["x"] + spot["x"], box["y"] + spot["y"])
        page.wait_for_selector("#details ul.reasons li")
        shown = page.locator("#details ul.reasons li").all_text_contents()

    assert drawn == nodes
    assert drawn_kinds == kinds | {"leads", "at"}
    assert viewer_at == [viewer]
    assert stored == token
    assert set(first["reasons"]) <= set(shown)
    assert first["reasons"], "every opportunity says why"
    assert session.problems == []
    assert session.elsewhere() == []


def test_explore_takes_the_header_as_printed_or_the_bare_token(
    live_url: str, db: Driver, target: Neo4jTarget, settings: Settings
) -> None:
    load_demo(target)
    token = maya_token(db, settings)
    pasted = [
        f'{{"Authorization": "Bearer {token}"}}',  # the line `crosspaths up` prints, as printed
        f"Authorization: Bearer {token}",  # a curl header
        f"Bearer {token}",
        f"  {token}\n",
    ]
    seen = []
    with chromium_page(PASTE_SCREENSHOT) as session:
        page = session.page
        page.goto(f"{live_url}/explore")
        for text in [*pasted, '{"Authorization": ']:
            page.click("#forget")
            page.fill("#token", text)
            page.click("button[type=submit]")
            page.wait_for_function("() => ['ready', 'error'].includes(window.exploreState.status)")
            seen.append(
                (
                    page.evaluate("() => window.exploreState.status"),
                    page.evaluate("() => sessionStorage.getItem('crosspaths.token')"),
                    page.text_content("#status"),
                )
            )

    assert [(status, stored) for status, stored, _ in seen[:-1]] == [("ready", token)] * len(pasted)
    assert all(text is not None and text.startswith("Maya Chen: ") for _, _, text in seen[:-1])
    # Broken JSON is named as such, and nothing is sent or kept.
    assert seen[-1] == (
        "error",
        None,
        "That looks like JSON but is not valid: paste the whole header line, or the token alone.",
    )
    assert session.elsewhere() == []
