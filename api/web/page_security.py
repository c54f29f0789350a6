"""Browser protections for the HTML pages (/explore, GraphiQL), where people paste bearer tokens.

Scripts run only from this app's own assets and the page's inline script (marked with a fresh
nonce for each response); the page cannot be framed (no clickjacking), sends no Referer, submits
no forms anywhere and talks only to this origin. Inline styles stay allowed: cytoscape and
GraphiQL insert their own <style> elements, and a style cannot run code.
"""

from __future__ import annotations

import secrets


def page_nonce() -> str:
    return secrets.token_urlsafe(18)


def with_nonce(page: str, nonce: str) -> str:
    """`page` with every <script> element marked as allowed by `nonce`."""
    return page.replace("<script", f'<script nonce="{nonce}"')


def page_headers(nonce: str) -> dict[str, str]:
    policy = (
        "default-src 'none'",
        f"script-src 'self' 'nonce-{nonce}'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    )
    return {
        "Content-Security-Policy": "; ".join(policy),
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
    }
