"""The GraphiQL page: our own assets only, a default query that runs, install help when assets are missing."""

from __future__ import annotations

import re
from pathlib import Path

from neo4j import Driver
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.testclient import TestClient

from api.web.graphiql import ASSETS_DIR, ASSETS_PATH, BUNDLES, DEFAULT_QUERY, ide_page, install_advice
from tests.conftest import Api

BROWSER = {"Accept": "text/html"}
CONTENT_TYPES = {".js": "javascript", ".css": "text/css"}


def test_page_loads_every_bundle_from_the_app(api: Api) -> None:
    page = api.http.get("/graphql", headers=BROWSER)

    assert page.status_code == 200
    linked = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sorted(linked) == sorted(["data:,", *(f"{ASSETS_PATH}/{bundle}" for bundle in BUNDLES)])
    for url in linked[1:]:
        asset = api.http.get(url)
        assert asset.status_code == 200, url
        assert CONTENT_TYPES[Path(url).suffix] in asset.headers["content-type"]


def test_page_runs_only_its_own_scripts_and_cannot_be_framed(api: Api) -> None:
    page = api.http.get("/graphql", headers=BROWSER)
    policy = page.headers["content-security-policy"]
    nonce = re.search(r"script-src 'self' 'nonce-([^']+)';", policy)
    assert nonce is not None
    assert "frame-ancestors 'none'" in policy
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["referrer-policy"] == "no-referrer"
    assert page.text.count("<script") == page.text.count(f'<script nonce="{nonce[1]}"')


def test_default_query_answers_from_the_graph(api: Api, db: Driver) -> None:
    db.execute_query(
        """
        CREATE (ada:Person {id: 'p-ada', name: 'Ada Lovelace', headline: 'Analyst', openToWork: true})
        CREATE (bab:Person {id: 'p-bab', name: 'Charles Babbage', headline: 'Inventor', openToWork: false})
        CREATE (engine:Company {id: 'c-engine', name: 'Analytical Engines', nameKey: 'analytical engines'})
        CREATE (ada)-[:KNOWS {since: date('1833-06-05'), source: 'api'}]->(bab)
        CREATE (bab)-[:WORKS_AT {key: '1830-01-01|founder', title: 'Founder', startedOn: date('1830-01-01')}]->(engine)
        CREATE (:Role {id: 'r-1', title: 'Programmer', status: 'OPEN', location: 'London', remote: true,
                       postedOn: date('1843-01-01')})-[:AT]->(engine)
        CREATE (:Role {id: 'r-2', title: 'Clerk', status: 'FILLED', postedOn: date('1843-01-01')})-[:AT]->(engine)
        """
    )

    as_ada = api.as_viewer(api.token_for("p-ada"))
    assert as_ada.data(DEFAULT_QUERY) == {
        "viewer": {
            "name": "Ada Lovelace",
            "opportunities": {
                "totalCount": 1,
                "edges": [
                    {
                        "node": {
                            "hops": 1,
                            "role": {"title": "Programmer", "company": {"name": "Analytical Engines"}},
                            "contact": {"name": "Charles Babbage", "headline": "Inventor"},
                            "reasons": [
                                "You know Charles Babbage (connected on 1833-06-05)",
                                "Charles works at Analytical Engines",
                                "Opened after you met",
                            ],
                        }
                    }
                ],
            },
        }
    }


def test_missing_assets_page_says_how_to_install_them(tmp_path: Path) -> None:
    def graphiql(request: Request) -> Response:
        return ide_page(request, assets_dir=tmp_path)

    with TestClient(Starlette(routes=[Route("/graphql", graphiql)])) as http:
        page = http.get("/graphql", headers=BROWSER)

    assert page.status_code == 503
    assert "npm ci --prefix api/web/assets" in page.text
    assert "scripts/setup" in page.text
    assert "<code>graphiql/graphiql.min.js</code>" in page.text


def test_only_the_bundles_are_served_from_node_modules(api: Api) -> None:
    assert (ASSETS_DIR / "graphiql" / "package.json").is_file()

    assert api.http.get(f"{ASSETS_PATH}/graphiql/package.json").status_code == 404
    assert api.http.get(f"{ASSETS_PATH}/graphiql/graphiql.min.js.map").status_code == 404


def test_an_installed_package_without_bundles_says_how_to_get_them() -> None:
    # A pip user has no scripts/setup and no api/web/assets folder to run npm in.
    advice = install_advice(source_checkout=False)
    assert "scripts/setup" not in advice
    assert "npm ci --prefix" not in advice
    assert "pip install --force-reinstall crosspaths-*.whl" in advice
    assert "npm on PATH" in advice
