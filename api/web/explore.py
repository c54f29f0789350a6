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

_PAGE = (Path(__file__).parent / "explore.html").read_text()


async def explore_page(request: Request) -> HTMLResponse:
    """The page, or 503 naming the missing bundle and how to install it."""
    missing = missing_bundles(ASSETS_DIR, EXPLORE_BUNDLES)
    if missing:
        names = ", ".join(f"<code>{html.escape(name)}</code>" for name in missing)
        return HTMLResponse(f"<p>/explore needs {names}, which is not installed.</p>{install_advice()}", 503)
    root = request.scope.get("root_path", "")
    page = _PAGE.replace("{{assets}}", html.escape(root + ASSETS_PATH)).replace(
        "{{endpoint}}", html.escape(root + "/graphql")
    )
    return HTMLResponse(page)
