"""Which Neo4j to use, in the same order everywhere (CLI, server, tests).

1. `NEO4J_URI` (+ `NEO4J_USER`, `NEO4J_PASSWORD`, `NEO4J_DATABASE`) when set;
2. else a testcontainers Neo4j when a Docker engine answers;
3. else the local launcher (Neo4j's Community jars run with the local JDK).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from api.localdb import LocalNeo4j
from api.settings import Neo4jTarget, Settings

if TYPE_CHECKING:
    from pathlib import Path

NEO4J_IMAGE = "neo4j:5.26"


def docker_available() -> bool:
    """True when testcontainers is installed and a Docker engine answers."""
    try:
        import docker  # noqa: PLC0415 - optional extra, only needed with a Docker engine
    except ImportError:
        return False
    try:
        docker.from_env(timeout=3).ping()
    except Exception:  # noqa: BLE001 - any failure to reach the engine means "no Docker"
        return False
    return True


@contextlib.contextmanager
def neo4j_target(
    settings: Settings,
    *,
    port: int | None = None,
    data_dir: Path | None = None,
    keep_running: bool = True,
    extra_config: Mapping[str, str] | None = None,
) -> Iterator[Neo4jTarget]:
    """Yield a reachable Neo4j, starting one when none is configured.

    A local server started here keeps running afterwards when `keep_running` is true
    (`crosspaths db stop` ends it); a container always ends with the block. `extra_config` adds to or
    overrides the local server's settings (api.localdb.launcher.server_config), and only a local one's.
    """
    if settings.neo4j_uri:
        yield Neo4jTarget(settings.neo4j_uri, settings.neo4j_user, settings.neo4j_password, settings.neo4j_database)
        return
    if docker_available():
        with _container() as target:
            yield target
        return
    local = LocalNeo4j(
        port=port or settings.local_port,
        data_dir=data_dir or settings.data_dir,
        cache_dir=settings.cache_dir,
        page_cache=settings.local_page_cache,
        extra_config=extra_config or {},
    )
    was_running = local.pid() is not None
    local.start()
    try:
        yield Neo4jTarget(local.uri, database=settings.neo4j_database)
    finally:
        if not keep_running and not was_running:
            local.stop()


@contextlib.contextmanager
def _container() -> Iterator[Neo4jTarget]:
    from testcontainers.neo4j import Neo4jContainer  # noqa: PLC0415 - optional extra

    with Neo4jContainer(NEO4J_IMAGE) as container:
        yield Neo4jTarget(container.get_connection_url(), "neo4j", container.password)
