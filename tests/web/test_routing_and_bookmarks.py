"""A `neo4j://` routing URI against the real server, and bookmarks carried between requests in a header."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from neo4j import Driver
from neo4j.exceptions import Neo4jError
from starlette.testclient import TestClient

from api.app import create_app
from api.auth.jwt_tokens import mint
from api.auth.keys import AuthConfigError, JwtKeys
from api.graph import Graph, open_driver
from api.settings import Neo4jTarget, Settings
from api.web.bookmarks import HEADER, BookmarkSeal
from seeds.folder import folder_sheets
from seeds.importer import import_sheets

CREATE = 'mutation { createPerson(input: {name: "Rita Routed"}) { person { id name } userErrors { message } } }'
FIND = '{ people(filter: {nameContains: "Routed"}) { edges { node { name } } } }'


def routing(target: Neo4jTarget) -> Neo4jTarget:
    scheme, rest = target.uri.split("://", 1)
    assert scheme == "bolt", f"the test server speaks Bolt directly: {target.uri}"
    return replace(target, uri=f"neo4j://{rest}")


@pytest.fixture
def routed(target: Neo4jTarget, settings: Settings, db: Driver) -> Iterator[TestClient]:
    """The app talking to the test server through the routing scheme, with an admin token."""
    del db  # requested for its per-test clean graph
    admin = mint(JwtKeys.from_settings(settings), subject="admin@example.com", email="admin@example.com", admin=True)
    with TestClient(create_app(routing(target), settings, plan=False)) as http:
        http.headers["Authorization"] = f"Bearer {admin}"
        yield http


@pytest.fixture
def seal(settings: Settings) -> BookmarkSeal:
    """The app's own seal (derived from the session's JWT secret, as every replica derives it)."""
    made = BookmarkSeal.from_settings(settings, JwtKeys.from_settings(settings))
    assert made is not None
    return made


def post(http: TestClient, query: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, Any], str | None]:
    response = http.post("/graphql", json={"query": query}, headers=headers or {})
    return response.status_code, response.json(), response.headers.get(HEADER)


def test_routing_uri_serves_writes_and_reads(routed: TestClient) -> None:
    assert type(routed.app.state.graph.driver).__name__ == "AsyncNeo4jDriver"  # type: ignore[attr-defined]
    status, body, _ = post(routed, CREATE)
    assert status == 200
    assert body["data"]["createPerson"]["person"]["name"] == "Rita Routed"
    status, body, _ = post(routed, FIND)
    assert body["data"] == {"people": {"edges": [{"node": {"name": "Rita Routed"}}]}}


async def test_reads_are_routed_as_reads(target: Neo4jTarget, db: Driver) -> None:
    del db
    async with open_driver(routing(target)) as driver:
        graph = Graph(driver, target.database)
        # A server in a read transaction refuses writes: proof that `read` asks for a reader.
        with pytest.raises(Neo4jError, match=r"(?i)read"):
            await graph.read("CREATE (:Probe {id: 'x'}) RETURN 1 AS one")
        assert await graph.write("CREATE (:Probe {id: 'x'}) RETURN 1 AS one") == [{"one": 1}]
        assert await graph.read("MATCH (p:Probe) RETURN count(p) AS n") == [{"n": 1}]


async def test_a_chained_write_is_learned_by_the_whole_process(target: Neo4jTarget, db: Driver) -> None:
    del db
    async with open_driver(routing(target)) as driver:
        graph = Graph(driver, target.database)
        async with graph.chained_after([]) as chain:
            await graph.write("CREATE (:Probe {id: 'chained'})")
        made = chain.bookmarks()
        assert made
        # Later requests on this replica, header or not, wait for it: the driver's own bookmarks now hold it.
        assert set(made) <= set(await driver.execute_query_bookmark_manager.get_bookmarks())
        async with graph.chained_after([]) as idle:
            pass
        assert idle.bookmarks() is None, "a block without queries hands out nothing"


async def test_a_later_write_in_a_chain_replaces_the_earlier_ones_bookmark(target: Neo4jTarget, db: Driver) -> None:
    """As with the driver's own manager: what a result replaced is dropped, so the header does not grow per write."""
    async with open_driver(routing(target)) as driver:
        graph = Graph(driver, target.database)
        async with graph.chained_after([]) as chain:
            await graph.write("CREATE (:Probe {id: 'first'})")
            after_first = chain.bookmarks()
            await graph.write("CREATE (:Probe {id: 'second'})")
            after_second = chain.bookmarks()
        assert after_first is not None
        assert after_second is not None
        assert after_first != after_second
        assert len(after_second) == len(after_first) == 1, "one database, one bookmark"
    # A read on a fresh driver (another replica), handed only that bookmark, sees both writes.
    async with open_driver(routing(target)) as fresh:
        later = Graph(fresh, target.database)
        async with later.chained_after(after_second):
            rows = await later.read("MATCH (p:Probe) RETURN p.id AS id ORDER BY id")
    assert [row["id"] for row in rows] == ["first", "second"]
    del db


async def test_an_import_in_one_transaction_is_in_the_causal_chain(
    target: Neo4jTarget, db: Driver, tmp_path: Path
) -> None:
    del db
    people = tmp_path / "people.csv"
    people.write_text("name,email\nAna Lima,ana@mail.example\n", encoding="utf-8")
    async with open_driver(routing(target)) as driver:
        graph = Graph(driver, target.database)
        async with graph.chained_after([]) as chain:
            [report] = await import_sheets(graph, folder_sheets(tmp_path))
        assert report.written
        made = chain.bookmarks()
        assert made, "the import's commit moved the database on, and the request's bookmark says so"
        assert set(made) <= set(await driver.execute_query_bookmark_manager.get_bookmarks())


def test_a_write_hands_out_a_bookmark_that_a_later_read_accepts(routed: TestClient, seal: BookmarkSeal) -> None:
    _, _, before = post(routed, FIND)
    _, body, after_write = post(routed, CREATE)
    assert body["data"]["createPerson"]["userErrors"] == []
    assert after_write is not None
    assert after_write != before, "a write moves the database on: its bookmark is new"
    assert seal.decode(after_write), "the header carries at least one bookmark"

    status, body, after_read = post(routed, FIND, {HEADER: after_write})
    assert status == 200
    assert body["data"] == {"people": {"edges": [{"node": {"name": "Rita Routed"}}]}}
    # A read moves nothing on: the client keeps the bookmark it has, or gets an equally valid newer one.
    assert after_read is None or seal.decode(after_read)


def test_the_bookmark_is_passed_to_neo4j(routed: TestClient, seal: BookmarkSeal) -> None:
    # A sealed header holding a bookmark Neo4j never issued (say, from before a restore): Neo4j refuses it.
    status, body, _ = post(routed, FIND, {HEADER: seal.encode(["FB:not-a-real-bookmark"])})
    assert status == 400
    assert body["errors"][0]["extensions"]["code"] == "BAD_BOOKMARK"


def test_an_unknown_bookmark_inside_graphql_is_bad_bookmark(routed: TestClient, seal: BookmarkSeal) -> None:
    # Anonymous: no token lookup runs before GraphQL, so the first query to meet the bookmark is a resolver's.
    del routed.headers["Authorization"]
    public = '{ node(id: "UGVyc29uOm5vYm9keQ==") { id } }'
    status, body, _ = post(routed, public, {HEADER: seal.encode(["FB:not-a-real-bookmark"])})
    assert status == 200
    assert [error["extensions"]["code"] for error in body["errors"]] == ["BAD_BOOKMARK"]


@pytest.mark.parametrize(
    "value",
    [
        "%%%",
        base64.urlsafe_b64encode(b'{"a": 1}').decode(),
        base64.urlsafe_b64encode(json.dumps([1]).encode()).decode(),
        "A" * 5000,
    ],
)
def test_a_header_we_did_not_issue_is_a_clean_400(routed: TestClient, value: str) -> None:
    status, body, _ = post(routed, FIND, {HEADER: value})
    assert status == 400
    assert body["errors"][0]["extensions"]["code"] == "BAD_BOOKMARK"


def far_future(bookmark: str) -> str:
    """A Neo4j 5 bookmark of the same database, edited to name a transaction id far ahead of any real one.

    Its bytes (after "FB:") are a one-entry PackStream list: the database's 16-byte id, then the
    transaction id and an empty list; the id becomes 2**60 - 1.
    """
    text = bookmark.removeprefix("FB:")
    raw = base64.b64decode(text + "=" * (-len(text) % 4))
    edited = raw[:19] + b"\xcb" + (2**60 - 1).to_bytes(8, "big") + b"\x90"
    return "FB:" + base64.b64encode(edited).decode().rstrip("=")


def test_a_forged_bookmark_is_refused_at_once(routed: TestClient, seal: BookmarkSeal) -> None:
    _, _, genuine = post(routed, CREATE)
    assert genuine is not None
    bookmark = seal.decode(genuine)[0]
    # What an attacker can make: the format was plain base64url JSON, so a hand-edited one naming a future
    # transaction made Neo4j wait for it (db.transaction.bookmark_ready_timeout, 30 s) on a held connection.
    unsealed = base64.urlsafe_b64encode(json.dumps([far_future(bookmark)]).encode()).decode().rstrip("=")
    edited = unsealed + "." + genuine.partition(".")[2]  # the genuine seal on other contents
    for forged in (unsealed, edited):
        started = time.monotonic()
        status, body, _ = post(routed, FIND, {HEADER: forged})
        assert time.monotonic() - started < 1.0, "refused before any database work"
        assert status == 400
        assert body["errors"][0]["extensions"]["code"] == "BAD_BOOKMARK"


def test_only_the_same_secret_opens_a_bookmark(settings: Settings, seal: BookmarkSeal) -> None:
    sealed = seal.encode(["FB:a"])
    assert seal.decode(sealed) == ["FB:a"]
    other = BookmarkSeal.from_settings(replace(settings, bookmark_secret="x" * 32), JwtKeys.from_settings(settings))
    assert other is not None
    with pytest.raises(ValueError, match="not sealed by this API"):
        other.decode(sealed)


def test_a_short_bookmark_secret_stops_the_server(settings: Settings) -> None:
    with pytest.raises(AuthConfigError, match="CROSSPATHS_BOOKMARK_SECRET is too short"):
        BookmarkSeal.from_settings(replace(settings, bookmark_secret="x" * 5), JwtKeys.from_settings(settings))


def test_with_only_a_public_key_and_no_bookmark_secret_bookmarks_are_off(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    rs256_only = JwtKeys("RS256", "-----BEGIN PUBLIC KEY-----", settings.jwt_issuer, settings.jwt_audience)
    assert BookmarkSeal.from_settings(settings, rs256_only) is None
    assert "CROSSPATHS_BOOKMARK_SECRET" in caplog.text, "said once, at start-up"


def test_requests_without_neo4j_work_get_no_bookmark(routed: TestClient) -> None:
    response = routed.get("/healthz")
    assert response.status_code == 200
    assert HEADER not in response.headers
