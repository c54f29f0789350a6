"""Signing in over a WebSocket, and what a refused or mistaken operation gets back: codes, never internals."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import jwt
import pytest

from api.gql.ids import to_global_id
from tests.live.arrange import NETWORK, open_role, opportunity
from tests.live.client import bearer, socket
from tests.live.conftest import Cluster

DELETE_PERSON = """
mutation Delete($id: ID!) { deletePerson(input: {id: $id}) { deletedPersonId userErrors { code } } }
"""
# What a GraphQL error may hold on the wire; a traceback or an exception's repr would be extra keys or text.
ERROR_KEYS = {"message", "locations", "path", "extensions"}


def plain(errors: list[dict[str, Any]]) -> list[str]:
    """The errors' codes, once each error is checked to hold only a message, where and a code."""
    for error in errors:
        assert set(error) <= ERROR_KEYS, error
        assert set(error["extensions"]) == {"code"}, error
        assert "Traceback" not in error["message"], error
        assert 'File "' not in error["message"], error
    return [error["extensions"]["code"] for error in errors]


async def test_a_personal_access_token_in_connection_init_signs_in(live: Cluster) -> None:
    live.db.execute_query(NETWORK)
    token = await live.access_token("maya")
    async with socket(live.a.url) as maya:
        await maya.init(bearer(token))
        await maya.subscribe("1")
        await maya.silent(1.0)
        role_id = open_role(live, "acme", "Staff Engineer")
        assert opportunity(await maya.next_data("1"))["role"]["id"] == role_id


def expired_token(live: Cluster) -> str:
    now = int(time.time())
    claims = {
        "sub": to_global_id("Person", "maya"),
        "iss": live.keys.issuer,
        "aud": live.keys.audience,
        "iat": now - 7200,
        "exp": now - 3600,
    }
    assert live.keys.signing_key is not None
    return jwt.encode(claims, live.keys.signing_key, algorithm=live.keys.algorithm)


# Each case: what connection_init carries (made for the cluster), and what the close reason must say.
REFUSED: dict[str, tuple[Callable[[Cluster], dict[str, Any] | None], str]] = {
    "no payload": (lambda _: None, "sign in"),
    "no Authorization": (lambda _: {"Accept": "application/json"}, "sign in"),
    "not a string": (lambda _: {"Authorization": 42}, "must be a string"),
    "not Bearer": (lambda _: {"authorization": "Basic bWF5YTpwdw=="}, "Bearer <token>"),
    "forged": (lambda _: bearer("eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl"), "not valid"),
    "expired": (lambda live: bearer(expired_token(live)), "expired"),
    "nobody's": (lambda live: bearer(live.token("no-such-person")), "not a person"),
    "unknown access token": (lambda _: bearer("cpat_000000000000_unknown"), "unknown, expired or revoked"),
}


@pytest.mark.parametrize("case", REFUSED)
async def test_a_missing_or_refused_credential_closes_the_socket_with_4403(live: Cluster, case: str) -> None:
    payload, why = REFUSED[case]
    async with socket(live.a.url) as anybody:
        sent = payload(live)
        await anybody.send({"type": "connection_init", **({} if sent is None else {"payload": sent})})
        code, reason = await anybody.closed(within_s=15)
    assert code == 4403
    assert reason is not None
    assert reason.startswith("Forbidden: ")
    assert why in reason


async def test_a_deleted_persons_socket_closes_even_when_another_replica_deleted_them(live: Cluster) -> None:
    live.db.execute_query(NETWORK)
    async with socket(live.a.url) as maya:
        await maya.init(bearer(live.token("maya")))
        await maya.subscribe("1")
        await maya.silent(1.0)
        deleted = live.b.data(live.admin, DELETE_PERSON, {"id": to_global_id("Person", "maya")})
        assert deleted["deletePerson"]["userErrors"] == []
        code, reason = await maya.closed(within_s=15)
    assert code == 4403
    assert reason is not None
    assert "not a person" in reason


async def test_errors_carry_a_code_and_a_message_never_internals(live: Cluster) -> None:
    live.db.execute_query(NETWORK)
    logs = {replica: replica.log.stat().st_size for replica in (live.a, live.b)}
    async with socket(live.a.url) as maya, socket(live.a.url) as admin:
        await maya.init(bearer(live.token("maya")))
        await maya.subscribe("query", "{ viewer { name } }")
        assert plain(await maya.errors("query")) == ["BAD_REQUEST"]
        await maya.subscribe("hops", maxHops=9)
        assert plain(await maya.errors("hops")) == ["BAD_USER_INPUT"]
        await maya.subscribe("field", "subscription { opportunityOpened { nonsense } }")
        assert plain(await maya.errors("field")) == ["GRAPHQL_VALIDATION_FAILED"]
        await maya.subscribe("variable", maxHops="two")
        assert plain(await maya.errors("variable")) == ["BAD_USER_INPUT"]

        await admin.init(bearer(live.admin))  # an admin who is nobody in the graph has no network to follow
        await admin.subscribe("1")
        assert plain(await admin.errors("1")) == ["FORBIDDEN"]

        # A document that is not GraphQL ends the connection, as the protocol asks, with the parser's one line.
        await maya.subscribe("syntax", "subscription {")
        code, reason = await maya.closed(within_s=15)
    assert code == 4400
    assert reason == "Syntax Error: Expected Name, found <EOF>."
    for replica, offset in logs.items():  # nothing went wrong inside either: no traceback logged meanwhile
        logged = replica.log.read_bytes()[offset:].decode()
        assert "Traceback" not in logged, logged[-3000:]


async def test_the_legacy_graphql_ws_protocol_is_refused(live: Cluster) -> None:
    async with socket(live.a.url, protocol="graphql-ws") as legacy:
        code, reason = await legacy.closed(within_s=15)
    assert (code, reason) == (4406, "Subprotocol not acceptable")


async def test_two_subscriptions_on_one_socket_each_answer_their_own_selection(live: Cluster) -> None:
    live.db.execute_query(NETWORK)
    async with socket(live.a.url) as maya:
        await maya.init(bearer(live.token("maya")))
        await maya.subscribe("names", "subscription Names { opportunityOpened { contact { name } } }")
        await maya.subscribe("roles", "subscription Roles { opportunityOpened(maxHops: 1) { hops role { title } } }")
        await maya.silent(1.0)
        open_role(live, "acme", "Staff Engineer")
        messages = [await maya.receive() for _ in range(2)]
    answers = {message["id"]: message["payload"]["data"]["opportunityOpened"] for message in messages}
    assert answers == {
        "names": {"contact": {"name": "Ben Ode"}},
        "roles": {"hops": 1, "role": {"title": "Staff Engineer"}},
    }
