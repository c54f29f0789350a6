"""/explore: the viewer's opportunities drawn as a graph (cytoscape.js from our own assets, never a CDN).

The page loads without a token; it asks for one, keeps it in sessionStorage and calls /graphql
with it, so it sees exactly what the API lets that token see.
"""

from __future__ import annotations

import html
from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse

from api.web.graphiql import ASSETS_DIR, ASSETS_PATH, EXPLORE_BUNDLES, install_advice, missing_bundles
from api.web.page_security import page_headers, page_nonce, with_nonce

_PAGE = (Path(__file__).parent / "explore.html").read_text()


async def explore_page(request: Request) -> HTMLResponse:
    """The page, or 503 naming the missing bundle and how to install it."""
    missing = missing_bundles(ASSETS_DIR, EXPLORE_BUNDLES)
    if missing:
        names = ", ".join(f"<code>{html.escape(name)}</code>" for name in missing)
        page = f"<p>/explore needs {names}, which is not installed.</p>{install_advice()}"
        return HTMLResponse(page, 503, headers=page_headers(page_nonce()))
    root = request.scope.get("root_path", "")
    nonce = page_nonce()  # on the template's own <script> elements, before anything is filled in
    page = with_nonce(_PAGE, nonce).replace("{{assets}}", html.escape(root + ASSETS_PATH))
    page = page.replace("{{endpoint}}", html.escape(root + "/graphql"))
    return HTMLResponse(page, headers=page_headers(nonce))
