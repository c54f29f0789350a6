"""The app factory: Starlette routes, with one async Neo4j driver per process in the lifespan."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.routing import Mount, Route

from api.gql.schema import schema
from api.graph import Graph, open_driver
from api.graph.migrations import apply as apply_migrations
from api.settings import Neo4jTarget, Settings
from api.web.graphiql import ASSETS_PATH, assets_app
from api.web.health import healthz, readyz
from api.web.view import GraphQLView


def create_app(target: Neo4jTarget, settings: Settings | None = None, *, migrate: bool = True) -> Starlette:
    """The crosspaths ASGI app talking to the Neo4j at `target`."""
    settings = settings or Settings.from_env()

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with open_driver(target) as driver:
            graph = Graph(driver, target.database, timeout_s=settings.query_timeout_s)
            app.state.graph = graph
            if migrate:
                await apply_migrations(graph)
            yield

    graphql = GraphQLView(schema, graphql_ide="graphiql", multipart_uploads_enabled=False)
    routes = [
        Route("/graphql", graphql, methods=["GET", "POST"]),
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        Mount(ASSETS_PATH, app=assets_app(), name="graphiql-assets"),
    ]
    return Starlette(routes=routes, lifespan=lifespan)
