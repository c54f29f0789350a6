"""/explore without a browser: served to anyone, its drawing library from our own assets, pinned."""

from __future__ import annotations

import json
import re

from api.settings import PROJECT_ROOT
from api.web.graphiql import ASSETS_PATH, EXPLORE_BUNDLES
from tests.conftest import Api

ASSETS = PROJECT_ROOT / "api" / "web" / "assets"


def test_page_loads_anonymously_and_only_our_scripts(api: Api) -> None:
    page = api.as_viewer(None).http.get("/explore")
    assert page.status_code == 200
    assert "text/html" in page.headers["content-type"]
    scripts = re.findall(r'<script src="([^"]+)"', page.text)
    assert scripts == [f"{ASSETS_PATH}/{bundle}" for bundle in EXPLORE_BUNDLES]
    bundle = api.http.get(scripts[0])
    assert bundle.status_code == 200
    assert "javascript" in bundle.headers["content-type"]
    # The page asks for a token and sends it as a bearer header; it never embeds one.
    assert 'type="password"' in page.text
    assert "Authorization: `Bearer ${token}`" in page.text
    assert "sessionStorage" in page.text


def test_cytoscape_is_pinned_and_locked() -> None:
    manifest = json.loads((ASSETS / "package.json").read_text())
    lock = json.loads((ASSETS / "package-lock.json").read_text())
    version = manifest["dependencies"]["cytoscape"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", version), "an exact version, not a range"
    assert lock["packages"]["node_modules/cytoscape"]["version"] == version
