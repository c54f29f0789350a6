"""Bearer authentication for every request: resolves the viewer, or answers 401 itself."""

from __future__ import annotations

from neo4j.exceptions import DriverError, Neo4jError
from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from api.auth.jwt_tokens import VerifiedTokens
from api.auth.keys import JwtKeys
from api.auth.viewer import Unauthenticated, authenticate

PUBLIC_PATHS = frozenset({"/healthz", "/readyz"})


def graphql_error(message: str, code: str, status: int, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"errors": [{"message": message, "extensions": {"code": code}}]}, status, headers=headers)


class BearerAuth:
    """Only `Authorization: Bearer` is read: no cookies, so there is no CSRF surface."""

    def __init__(self, app: ASGIApp, keys: JwtKeys) -> None:
        self.app = app
        self.tokens = VerifiedTokens(keys)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in PUBLIC_PATHS:
            await self.app(scope, receive, send)
            return
        header = Headers(scope=scope).get("authorization")
        try:
            state = scope["app"].state
            viewer = await authenticate(header, state.graph, self.tokens, state.subjects)
        except Unauthenticated as error:
            challenge = {"WWW-Authenticate": 'Bearer error="invalid_token"'}
            await graphql_error(str(error), "UNAUTHENTICATED", 401, challenge)(scope, receive, send)
            return
        except (DriverError, Neo4jError) as error:
            # A Neo4j still starting answers with transient errors (DatabaseUnavailable): unavailable too.
            if isinstance(error, Neo4jError) and not error.is_retryable():
                raise
            response = graphql_error("the database is unavailable; try again shortly", "DATABASE_UNAVAILABLE", 503)
            await response(scope, receive, send)
            return
        scope.setdefault("state", {})["viewer"] = viewer
        await self.app(scope, receive, send)
