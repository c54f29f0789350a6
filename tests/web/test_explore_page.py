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
    scripts = re.findall(r'<script [^>]*src="([^"]+)"', page.text)
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


def test_page_runs_only_its_own_scripts_and_cannot_be_framed(api: Api) -> None:
    first, second = (api.as_viewer(None).http.get("/explore") for _ in range(2))
    policy = dict(directive.strip().split(" ", 1) for directive in first.headers["content-security-policy"].split(";"))
    nonce = re.search(r"'nonce-([^']+)'", policy["script-src"])
    assert nonce is not None
    assert policy["script-src"] == f"'self' 'nonce-{nonce[1]}'"  # no CDN, no eval, no injected inline script
    assert policy["default-src"] == "'none'"
    assert policy["connect-src"] == "'self'"  # the token goes to this origin's /graphql only
    assert policy["frame-ancestors"] == "'none'"
    assert first.headers["x-frame-options"] == "DENY"
    assert first.headers["referrer-policy"] == "no-referrer"
    # Every <script> of the page carries this response's nonce, and the next response has another.
    assert first.text.count("<script") == first.text.count(f'<script nonce="{nonce[1]}"') > 0
    assert nonce[1] not in second.text
