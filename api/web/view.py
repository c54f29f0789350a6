"""The GraphQL endpoint: Strawberry's ASGI view with our per-request context."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from api.gql.context import Context


class GraphQLView(GraphQL[Context, None]):
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
