"""HTTP-level refusals (unknown path, wrong method) as GraphQL error bodies with an `extensions.code`."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from api.web.auth import graphql_error

HTTP_ERROR_CODES = {
    400: "BAD_REQUEST",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    415: "UNSUPPORTED_MEDIA_TYPE",
}


async def http_error(request: Request, error: Exception) -> Response:
    """Starlette's routing refusals (404, 405 with its `Allow`), answered like every other error."""
    if not isinstance(error, HTTPException):  # registered for HTTPException only
        raise error
    status = error.status_code
    headers = dict(error.headers or {})
    if status == 404:  # noqa: PLR2004 - HTTP status
        message = f"nothing at {request.url.path}; the GraphQL endpoint is /graphql"
    elif status == 405:  # noqa: PLR2004 - HTTP status
        message = f"{request.method} is not allowed on {request.url.path}; allowed: {headers.get('Allow')}"
    else:
        message = error.detail
    return graphql_error(message, HTTP_ERROR_CODES.get(status, "BAD_REQUEST"), status, headers or None)
