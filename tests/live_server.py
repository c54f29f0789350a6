"""The real app on a real port, for tests that drive it from outside (a browser, raw sockets, curl, scripts).

A pytest plugin of tests/conftest.py, so its fixtures serve every folder's tests.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator

import httpx2
import pytest
import uvicorn

from api.app import create_app
from api.auth.jwt_tokens import mint
from api.auth.keys import JwtKeys
from api.settings import Neo4jTarget, Settings
from api.web.serving import uvicorn_options
from tests.conftest import free_port

# Start-up applies migrations and plans the network queries ahead: on a machine shared by several
# test sessions it has taken minutes. Ready is usually a second away; the limit only ends a hung start.
START_TIMEOUT_S = 600.0


@pytest.fixture
def live_url(target: Neo4jTarget, settings: Settings) -> Iterator[str]:
    """The app served by uvicorn on a free port against the test Neo4j, once it answers /readyz.

    It does not plan the network statements ahead: a test that asks none would wait for nothing.
    """
    with served(target, settings, plan=False) as url:
        yield url


@pytest.fixture
def planned_live_url(target: Neo4jTarget, settings: Settings) -> Iterator[str]:
    """As `live_url`, with the network statements planned at start-up as `crosspaths serve` plans them,
    so that a test's network requests do not plan them on their own clock."""
    with served(target, settings) as url:
        yield url


@pytest.fixture
def live_token(settings: Settings) -> str:
    """An admin bearer token the live app accepts."""
    return mint(JwtKeys.from_settings(settings), subject="admin@example.com", admin=True)


@contextlib.contextmanager
def served(target: Neo4jTarget, settings: Settings, *, plan: bool = True) -> Iterator[str]:
    """Base URL of the app served as `crosspaths serve` serves it, on 127.0.0.1 in a background thread.

    `plan=False`: without planning the network statements at start-up (api.app.create_app), for
    tests that ask for none. Yields once the app answers /readyz (its lifespan is done and Neo4j
    answers), and stops it after.
    """
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    config = uvicorn.Config(
        create_app(target, settings, plan=plan),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        **uvicorn_options(settings),
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    try:
        _wait_until_ready(server, thread, url)
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout=START_TIMEOUT_S)


def _wait_until_ready(server: uvicorn.Server, thread: threading.Thread, url: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while not (server.started and _ready(url)):
        assert thread.is_alive(), "uvicorn exited while starting (its log says why)"
        assert time.monotonic() < deadline, f"the app did not answer /readyz within {START_TIMEOUT_S:g}s"
        time.sleep(0.05)


def _ready(url: str) -> bool:
    try:
        return httpx2.get(f"{url}/readyz", timeout=10).status_code == 200
    except httpx2.HTTPError:
        return False
