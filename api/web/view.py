"""The GraphQL endpoint: Strawberry's ASGI view with our per-request context and our own GraphiQL page.

On top of Strawberry it follows the GraphQL-over-HTTP spec where Strawberry does not: a mutation over
GET is 405, an unsupported body type 415, `application/graphql-response+json` is served when asked for
(request errors then get a 4xx and no `data`), and every HTTP-level refusal is a GraphQL error body
with an `extensions.code` rather than plain text. Bodies are decoded by orjson: strict UTF-8, bounded nesting.
"""

from __future__ import annotations

import orjson
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult

from api.gql.context import Context
from api.gql.socket import SocketContext
from api.seams.graphql_stack import (
    AsyncHTTPRequestAdapter,
    GraphQLRequestData,
    HTTPException,
    InvalidOperationTypeError,
)
from api.web.graphiql import ide_page
from api.web.http_errors import HTTP_ERROR_CODES
from api.web.media import (
    GRAPHQL_RESPONSE_JSON,
    JSON,
    media_type,
    request_error_status,
    retry_after,
    wants_graphql_response_json,
)
from api.web.request_id import new_request_id
from api.web.sockets import SocketHandler, TextFrames

MULTIPART = "multipart/form-data"
BODY_MEDIA_TYPES = frozenset({JSON, MULTIPART})


# `{ viewer { ... } }` without a token answers `viewer: null`, which looks like a bug to a first curl.
ANONYMOUS_VIEWER_HINT = (
    "viewer is null because this request carried no token: send `Authorization: Bearer <token>` "
    "(the header `crosspaths up` prints, or `crosspaths token --email you@example.com`)"
)


def _media_type(request: Request) -> str:
    return GRAPHQL_RESPONSE_JSON if wants_graphql_response_json(request.headers) else JSON


class GraphQLView(GraphQL[Context, None]):
    # WebSockets: the graphql-transport-ws protocol only (api.web.sockets), for subscriptions only (api.gql.socket).
    graphql_transport_ws_handler_class = SocketHandler
    websocket_adapter_class = TextFrames

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope=scope, receive=receive)
        try:
            refused = await self._refused_body(request) if request.method == "POST" else None
            if refused is not None:
                response = self._refusal(request, *refused)
            else:
                try:
                    response = await self.run(request)
                except HTTPException as error:  # Strawberry's refusals, which it would answer in plain text
                    response = self._refusal(request, error.status_code, error.reason)
            await response(scope, receive, send)
        finally:
            # Uploaded files are closed even when the request was refused before a resolver read them.
            await request.close()

    async def _refused_body(self, request: Request) -> tuple[int, str] | None:
        """(status, reason) when a POST body is refused before Strawberry reads it, else None."""
        # Strawberry takes any type containing "application/json" (application/jsonx, ...) as JSON.
        body_type = media_type(request.headers.get("content-type", ""))
        if body_type not in BODY_MEDIA_TYPES:
            return 415, f"the request body must be {JSON} (or {MULTIPART} for importCsv)"
        if body_type == JSON:
            try:
                decoded = self.decode_json(await request.body())  # Starlette keeps the body for Strawberry
            except ValueError:
                return None  # not JSON at all: Strawberry refuses it itself (400)
            # Strawberry assumes an object or a list here and fails with a 500 on `null`, `1` or `"x"`.
            if not isinstance(decoded, dict | list):
                return 400, "the request body must be a JSON object"
        return None

    @staticmethod
    def _refusal(request: Request, status: int, reason: str) -> Response:
        body = {"errors": [{"message": reason, "extensions": {"code": HTTP_ERROR_CODES.get(status, "BAD_REQUEST")}}]}
        headers = {"Allow": "POST"} if status == 405 else None  # noqa: PLR2004 - HTTP status
        return JSONResponse(body, status, headers=headers, media_type=_media_type(request))

    def encode_json(self, data: object) -> bytes:
        # orjson: several times faster than json.dumps on a page of nested results, same bytes out.
        return orjson.dumps(data)

    def decode_json(self, data: str | bytes) -> object:
        # orjson refuses invalid UTF-8 and nesting deeper than 1,024 with a JSONDecodeError, which
        # Strawberry answers with 400; the standard library raises UnicodeDecodeError or RecursionError (500).
        return orjson.loads(data)

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        state = request.app.state
        if isinstance(request, WebSocket):
            # One context for the connection; api.web.sockets signs it in at connection_init.
            return SocketContext(
                request=None,
                graph=state.graph,
                budget=state.budget,
                production=state.production,
                request_id=new_request_id(),
                feed=state.feed,
                tokens=state.tokens,
                subjects=state.subjects,
            )
        if isinstance(response, Response):
            # process_result sets this request's status and media type on it (it only gets the request).
            request.state.graphql_sub_response = response
        return Context(
            request=request,
            graph=state.graph,
            viewer=getattr(request.state, "viewer", None),  # set by api.web.auth.BearerAuth
            budget=state.budget,
            production=state.production,
            request_id=getattr(request.state, "request_id", None),  # set by api.web.request_id.RequestId
        )

    async def execute_single(  # noqa: PLR0917 - Strawberry's signature
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        sub_response: Response,
        context: Context,
        root_value: None,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        try:
            return await super().execute_single(
                request, request_adapter, sub_response, context, root_value, request_data
            )
        except HTTPException as error:
            if isinstance(error.__cause__, InvalidOperationTypeError) and request_adapter.method == "GET":
                raise HTTPException(405, error.reason) from error  # the spec's answer to a mutation over GET
            raise

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
        body = await super().process_result(request, result)
        sub_response: Response | None = getattr(request.state, "graphql_sub_response", None)
        wait = retry_after(result.errors or [], result.extensions)
        if sub_response is not None and wait is not None:
            # With the 429 of application/graphql-response+json, and on the legacy 200 alike.
            sub_response.headers["Retry-After"] = str(wait)
        if sub_response is not None and wants_graphql_response_json(request.headers):
            sub_response.media_type = GRAPHQL_RESPONSE_JSON
            status = request_error_status(result.errors or []) if result.data is None else None
            if status is not None:
                sub_response.status_code = status
                if status == 401:  # noqa: PLR2004 - HTTP status
                    sub_response.headers["WWW-Authenticate"] = "Bearer"
                body.pop("data", None)  # nothing was executed: the spec asks for no `data` entry at all
        anonymous = getattr(request.state, "viewer", None) is None
        if anonymous and isinstance(result.data, dict) and "viewer" in result.data and result.data["viewer"] is None:
            body["extensions"] = {**(body.get("extensions") or {}), "hint": ANONYMOUS_VIEWER_HINT}
        return body

    def create_response(
        self, response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse], sub_response: Response
    ) -> Response:
        response = super().create_response(response_data, sub_response)
        if sub_response.media_type:
            response.headers["content-type"] = f"{sub_response.media_type}; charset=utf-8"
        return response

    async def render_graphql_ide(self, request: Request) -> Response:
        # Strawberry's page loads React and GraphiQL from a CDN; ours loads the copies this app serves.
        return ide_page(request)
