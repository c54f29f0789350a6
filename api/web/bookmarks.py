"""Causal consistency across replicas: a request's Neo4j bookmarks go out in a header and come back in it.

A client that writes and then reads (perhaps through another API replica and another Neo4j
reader) sends the `X-Crosspaths-Bookmark` of its last response; the read then waits until the
database has caught up with that write. The value is opaque to clients: base64url of a JSON list.
"""

from __future__ import annotations

import base64
import binascii
import json

from neo4j.exceptions import Neo4jError
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.gql.error_policy import BAD_BOOKMARK, INVALID_BOOKMARK
from api.web.auth import graphql_error

HEADER = "x-crosspaths-bookmark"
# A handful of bookmarks (one per database touched) fits easily; anything longer is not ours.
MAX_HEADER_CHARS = 4096


class BadBookmarkError(ValueError):
    """The header is not a value this API handed out."""


def encode(bookmarks: list[str]) -> str:
    return base64.urlsafe_b64encode(json.dumps(sorted(bookmarks)).encode()).decode().rstrip("=")


def decode(value: str) -> list[str]:
    """The bookmarks in a header value made by `encode`; BadBookmarkError for anything else."""
    if len(value) > MAX_HEADER_CHARS:
        raise BadBookmarkError("too long")
    try:
        decoded = json.loads(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)))
    except (binascii.Error, ValueError) as error:
        raise BadBookmarkError("not base64url JSON") from error
    if not isinstance(decoded, list) or not all(isinstance(item, str) and item for item in decoded):
        raise BadBookmarkError("not a list of bookmarks")
    return decoded


class Bookmarks:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = Headers(scope=scope).get(HEADER)
        try:
            initial = decode(given) if given else []
        except BadBookmarkError:
            await graphql_error(BAD_BOOKMARK, "BAD_BOOKMARK", 400)(scope, receive, send)
            return
        started = False
        async with scope["app"].state.graph.chained_after(initial) as chain:

            async def send_with_bookmarks(message: Message) -> None:
                nonlocal started
                if message["type"] == "http.response.start":
                    started = True
                    bookmarks = await chain.bookmarks()
                    if bookmarks:
                        MutableHeaders(scope=message)[HEADER] = encode(bookmarks)
                await send(message)

            try:
                await self.app(scope, receive, send_with_bookmarks)
            except Neo4jError as error:
                # Well-formed yet unknown to Neo4j (forged, or from another database): refused before
                # GraphQL runs, e.g. by the token lookup; inside GraphQL it becomes a BAD_BOOKMARK error.
                if error.code != INVALID_BOOKMARK or started:
                    raise
                await graphql_error(BAD_BOOKMARK, "BAD_BOOKMARK", 400)(scope, receive, send)
