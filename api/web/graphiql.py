"""GraphiQL served by the app itself: the page and the npm-installed bundles it loads, never a CDN."""

from __future__ import annotations

import html
import json
import os
from pathlib import Path, PurePath

from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.staticfiles import StaticFiles

from api.settings import SOURCE_CHECKOUT
from api.web import bundles
from api.web.page_security import page_headers, page_nonce, with_nonce

HERE = Path(__file__).parent
ASSETS_DIR = HERE / "assets" / "node_modules"
ASSETS_PATH = "/graphiql/assets"
# The files the pages load, relative to ASSETS_DIR (pinned in assets/package-lock.json; listed in api/web/bundles.py).
BUNDLES = bundles.GRAPHIQL
EXPLORE_BUNDLES = bundles.EXPLORE
DEFAULT_QUERY = (HERE / "default_query.graphql").read_text()
_PAGE = (HERE / "graphiql.html").read_text()
_MISSING_PAGE = (HERE / "graphiql_missing.html").read_text()


def missing_bundles(assets_dir: Path = ASSETS_DIR, wanted: tuple[str, ...] = BUNDLES) -> list[str]:
    """The bundles in `wanted` (GraphiQL's by default) that are not installed under `assets_dir`."""
    return [bundle for bundle in wanted if not (assets_dir / bundle).is_file()]


def install_advice(*, source_checkout: bool = SOURCE_CHECKOUT) -> str:
    """How to get the missing bundles, as HTML: a clone installs them itself, an installed package needs a rebuild."""
    if source_checkout:
        return (
            "<p>Install them with either command, from the repository root, then reload this page:</p>"
            "<pre>scripts/setup\nnpm ci --prefix api/web/assets</pre>"
        )
    return (
        "<p>This installed crosspaths package was built without them. A wheel built with npm on PATH carries "
        "them: reinstall crosspaths from such a wheel, or from its source (the build runs <code>npm ci</code> "
        "itself), then restart the server:</p>"
        "<pre>pip install --force-reinstall crosspaths-*.whl</pre>"
    )


class BundleFiles(StaticFiles):
    """The pages' bundles, read-only; the rest of node_modules (sources, maps, manifests) stays unserved."""

    def lookup_path(self, path: str) -> tuple[str, os.stat_result | None]:
        if PurePath(path).as_posix() not in (*BUNDLES, *EXPLORE_BUNDLES):
            return "", None
        return super().lookup_path(path)


def assets_app() -> BundleFiles:
    """The static-files app for ASSETS_PATH; check_dir is off so the app starts before `npm ci` has run."""
    return BundleFiles(directory=ASSETS_DIR, check_dir=False)


def ide_page(request: Request, assets_dir: Path = ASSETS_DIR) -> HTMLResponse:
    """GraphiQL with our default query, or a page saying how to install the bundles when they are missing."""
    root = request.scope.get("root_path", "")
    missing = missing_bundles(assets_dir)
    if missing:
        items = "".join(f"<li><code>{html.escape(bundle)}</code></li>" for bundle in missing)
        page = (
            _MISSING_PAGE.replace("{{missing}}", items)
            .replace("{{advice}}", install_advice())
            .replace("{{endpoint}}", html.escape(request.url.path))
        )
        return HTMLResponse(page, status_code=503, headers=page_headers(page_nonce()))
    # "<" escaped so that no query text can close the <script> element it sits in.
    query_json = json.dumps(DEFAULT_QUERY).replace("<", "\\u003c")
    nonce = page_nonce()  # on the template's own <script> elements, before anything is filled in
    page = with_nonce(_PAGE, nonce).replace("{{assets}}", html.escape(root + ASSETS_PATH))
    return HTMLResponse(page.replace("{{default_query}}", query_json), headers=page_headers(nonce))
