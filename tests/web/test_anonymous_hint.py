"""A first curl without a token gets `viewer: null`, and a hint saying why; a signed-in caller gets no hint."""

from __future__ import annotations

from api.web.view import ANONYMOUS_VIEWER_HINT
from tests.conftest import Api


def test_anonymous_viewer_null_comes_with_a_hint(api: Api) -> None:
    body = api.as_viewer(None).post("{ viewer { name } }")
    assert body["data"] == {"viewer": None}
    assert body["extensions"]["hint"] == ANONYMOUS_VIEWER_HINT
    assert "Authorization: Bearer" in ANONYMOUS_VIEWER_HINT


def test_no_hint_for_a_caller_with_a_token_or_a_query_without_viewer(api: Api) -> None:
    as_admin = api.post("{ viewer { name } }")  # an admin token that names no person: viewer is null too
    anonymous_node = api.as_viewer(None).post('{ node(id: "UGVyc29uOm5vYm9keQ==") { id } }')
    assert "hint" not in (as_admin.get("extensions") or {})
    assert "hint" not in (anonymous_node.get("extensions") or {})
