"""The GraphQL endpoint: Strawberry's ASGI view with our per-request context and our own GraphiQL page."""

from __future__ import annotations

from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from api.gql.context import Context
from api.web.graphiql import ide_page


class GraphQLView(GraphQL[Context, None]):
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope=scope, receive=receive)
        try:
            try:
                response = await self.run(request)
            except HTTPException as error:
                response = PlainTextResponse(error.reason, status_code=error.status_code)
            await response(scope, receive, send)
        finally:
            # Uploaded files are closed even when the request was refused before a resolver read them.
            await request.close()

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        del response
        graph = request.app.state.graph
        viewer = getattr(request.state, "viewer", None)  # set by api.web.auth.BearerAuth
        return Context(
            request=request if isinstance(request, Request) else None,
            graph=graph,
            viewer=viewer,
            budget=request.app.state.budget,
            production=request.app.state.production,
            request_id=getattr(request.state, "request_id", None),  # set by api.web.request_id.RequestId
        )

    async def render_graphql_ide(self, request: Request) -> Response:
        # Strawberry's page loads React and GraphiQL from a CDN; ours loads the copies this app serves.
        return ide_page(request)
