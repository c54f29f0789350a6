"""Causal consistency across replicas: a request's Neo4j bookmarks go out in a header and come back in it.

A client that writes and then reads (perhaps through another API replica and another Neo4j
reader) sends the `X-Crosspaths-Bookmark` of its last response; the read then waits until the
database has caught up with that write. The value is opaque to clients and sealed: base64url of a
JSON list, a dot, and an HMAC-SHA256 of that text under a key every replica derives alike.
Neo4j waits for the transaction a bookmark names (db.transaction.bookmark_ready_timeout), so a
hand-made bookmark naming a far-future transaction would hold a connection for that long: only
values this API handed out ever reach Neo4j.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import logging
from dataclasses import dataclass

from neo4j.exceptions import Neo4jError
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.auth.keys import MIN_SECRET_BYTES, AuthConfigError, JwtKeys
from api.gql.error_policy import BAD_BOOKMARK, INVALID_BOOKMARK
from api.settings import Settings
from api.web.auth import graphql_error

HEADER = "x-crosspaths-bookmark"
# A handful of bookmarks (one per database touched) fits easily; anything longer is not ours.
MAX_HEADER_CHARS = 4096
# The seal's key is derived, never the configured secret itself: a MAC made here can never pass
# for a JWT signature made with the same secret, nor the other way round.
_KEY_PURPOSE = b"crosspaths X-Crosspaths-Bookmark seal v1"

logger = logging.getLogger("crosspaths.bookmarks")


class BadBookmarkError(ValueError):
    """The header is not a value this API handed out."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class BookmarkSeal:
    """Seals bookmarks into a header value and opens only values it sealed."""

    key: bytes

    @classmethod
    def from_settings(cls, settings: Settings, keys: JwtKeys) -> BookmarkSeal | None:
        """The seal from CROSSPATHS_BOOKMARK_SECRET, else from the HS256 JWT secret (shared by every replica).

        None when there is neither (only an RS256 public key is configured): the API then hands out
        no bookmarks and ignores the header, and says so once at start-up.
        """
        if settings.bookmark_secret is not None and len(settings.bookmark_secret.encode()) < MIN_SECRET_BYTES:
            msg = f"CROSSPATHS_BOOKMARK_SECRET is too short: it needs at least {MIN_SECRET_BYTES} bytes"
            raise AuthConfigError(msg)
        secret = settings.bookmark_secret or keys.signing_key
        if secret is None:
            logger.warning(
                "X-Crosspaths-Bookmark is off (no read-your-writes across replicas): with only "
                "CROSSPATHS_JWT_PUBLIC_KEY_FILE configured, set CROSSPATHS_BOOKMARK_SECRET (32+ bytes, "
                "the same on every replica) to seal bookmarks"
            )
            return None
        return cls(hmac.new(secret.encode(), _KEY_PURPOSE, hashlib.sha256).digest())

    def _mac(self, payload: str) -> str:
        return _b64(hmac.new(self.key, payload.encode(), hashlib.sha256).digest())

    def encode(self, bookmarks: list[str]) -> str:
        payload = _b64(json.dumps(sorted(bookmarks)).encode())
        return f"{payload}.{self._mac(payload)}"

    def decode(self, value: str) -> list[str]:
        """The bookmarks in a header value made by `encode`; BadBookmarkError for anything else."""
        if len(value) > MAX_HEADER_CHARS:
            raise BadBookmarkError("too long")
        payload, dot, mac = value.partition(".")
        if not dot or not hmac.compare_digest(mac.encode(), self._mac(payload).encode()):
            raise BadBookmarkError("not sealed by this API")
        try:
            decoded = json.loads(_unb64(payload))
        except (binascii.Error, ValueError) as error:
            raise BadBookmarkError("not base64url JSON") from error
        if not isinstance(decoded, list) or not all(isinstance(item, str) and item for item in decoded):
            raise BadBookmarkError("not a list of bookmarks")
        return decoded


class Bookmarks:
    def __init__(self, app: ASGIApp, seal: BookmarkSeal) -> None:
        self.app = app
        self.seal = seal

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = Headers(scope=scope).get(HEADER)
        try:
            initial = self.seal.decode(given) if given else []
        except BadBookmarkError:
            await graphql_error(BAD_BOOKMARK, "BAD_BOOKMARK", 400)(scope, receive, send)
            return
        started = False
        async with scope["app"].state.graph.chained_after(initial) as chain:

            async def send_with_bookmarks(message: Message) -> None:
                nonlocal started
                if message["type"] == "http.response.start":
                    started = True
                    bookmarks = chain.bookmarks()
                    if bookmarks:
                        MutableHeaders(scope=message)[HEADER] = self.seal.encode(bookmarks)
                await send(message)

            try:
                await self.app(scope, receive, send_with_bookmarks)
            except Neo4jError as error:
                # Sealed by us yet unknown to Neo4j (say, from before a restore of the store): refused before
                # GraphQL runs, e.g. by the token lookup; inside GraphQL it becomes a BAD_BOOKMARK error.
                if error.code != INVALID_BOOKMARK or started:
                    raise
                await graphql_error(BAD_BOOKMARK, "BAD_BOOKMARK", 400)(scope, receive, send)
