"""GraphQL over HTTP response rules: which media type a client accepts, the status of a request error,
and when a throttled client may retry."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from graphql import GraphQLError
from starlette.datastructures import Headers

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
JSON = "application/json"

# A request error (nothing executed) refused for who is asking or how often, rather than for its text.
REQUEST_ERROR_STATUS = {"UNAUTHENTICATED": 401, "THROTTLED": 429}


def media_type(content_type: str) -> str:
    """A Content-Type value's media type, without its parameters.

    Compared as sent, not lower-cased: Strawberry's own body parsing, which runs after the view's check,
    takes the type as sent too, so both agree on every body the view lets through.
    """
    return content_type.partition(";")[0].strip()


def _weights(accept: str) -> dict[str, float]:
    weights: dict[str, float] = {}
    for item in accept.split(","):
        media, *params = (part.strip() for part in item.split(";"))
        weight = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if media:
            weights[media.lower()] = max(weight, weights.get(media.lower(), 0.0))
    return weights


def wants_graphql_response_json(headers: Headers) -> bool:
    """The client asked for application/graphql-response+json at least as strongly as for application/json.

    Without that media type in Accept the legacy application/json rules apply (always 200),
    as the spec asks of servers that still serve clients from before the new type.
    """
    weights = _weights(headers.get("accept", ""))
    preferred = weights.get(GRAPHQL_RESPONSE_JSON, 0.0)
    return preferred > 0 and preferred >= weights.get(JSON, 0.0)


def request_error_status(errors: list[GraphQLError]) -> int | None:
    """4xx when nothing was executed (parse, validation, variables, limits, auth); None for a field error.

    Errors raised while executing carry the path of their field; request errors have none.
    """
    if not errors or any(error.path is not None for error in errors):
        return None
    codes = {(error.extensions or {}).get("code") for error in errors}
    statuses = {REQUEST_ERROR_STATUS.get(code, 400) if isinstance(code, str) else 400 for code in codes}
    return statuses.pop() if len(statuses) == 1 else 400


def retry_after(errors: list[GraphQLError], extensions: Mapping[str, Any] | None) -> int | None:
    """Whole seconds until the budget can pay for a THROTTLED query, from the cost it reported; else None.

    api.gql.guard reports the query's cost and the caller's budget in `extensions.cost`; the points
    shown are rounded down, so the wait is never too short.
    """
    if not any((error.extensions or {}).get("code") == "THROTTLED" for error in errors):
        return None
    cost = (extensions or {}).get("cost") or {}
    status = cost.get("throttleStatus") or {}
    try:
        missing = float(cost["requestedQueryCost"]) - float(status["currentlyAvailable"])
        return max(1, math.ceil(missing / float(status["restoreRate"])))
    except (KeyError, TypeError, ZeroDivisionError):
        return 60  # a full refill of any budget
