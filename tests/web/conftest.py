"""The real app on a real port, for tests that drive it from outside (a browser, raw sockets)."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn

from api.app import create_app
from api.auth.jwt_tokens import mint
from api.auth.keys import JwtKeys
from api.settings import Neo4jTarget, Settings
from api.web.serving import uvicorn_options
from tests.conftest import free_port

# Start-up applies migrations and plans the network queries ahead: slow on a busy machine.
START_TIMEOUT_S = 120.0


@pytest.fixture
def live_token(settings: Settings) -> str:
    """An admin bearer token the live app accepts."""
    return mint(JwtKeys.from_settings(settings), subject="admin@example.com", admin=True)


@contextlib.contextmanager
def served(target: Neo4jTarget, settings: Settings) -> Iterator[str]:
    """Base URL of the app served as `crosspaths serve` serves it, on 127.0.0.1 in a background thread."""
    port = free_port()
    config = uvicorn.Config(
        create_app(target, settings), host="127.0.0.1", port=port, log_level="warning", **uvicorn_options(settings)
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT_S
    while not server.started:
        assert thread.is_alive(), "uvicorn exited while starting"
        assert time.monotonic() < deadline, f"uvicorn did not start within {START_TIMEOUT_S}s"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=START_TIMEOUT_S)


@pytest.fixture
def live_url(target: Neo4jTarget, settings: Settings) -> Iterator[str]:
    """The app served by uvicorn against the test Neo4j."""
    with served(target, settings) as url:
        yield url
