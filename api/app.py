"""The app factory: Starlette routes, with one async Neo4j driver per process in the lifespan."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from datetime import timedelta

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.routing import Mount, Route, WebSocketRoute
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL

from api.auth.jwt_tokens import VerifiedTokens
from api.auth.keys import JwtKeys
from api.auth.subjects import SubjectCache
from api.gql.budget import CostBudget
from api.gql.schema import build_schema
from api.graph import Graph, interview_value, network, open_driver
from api.graph.migrations import apply as apply_migrations
from api.graph.replanning import Replanner
from api.live.feed import OpeningsFeed
from api.live.limits import LiveLimits
from api.observe.access import AccessLog
from api.observe.metrics import metrics
from api.runtime import settle_heap
from api.settings import Neo4jTarget, Settings
from api.web.auth import BearerAuth
from api.web.bookmarks import Bookmarks, BookmarkSeal
from api.web.explore import explore_page
from api.web.graphiql import ASSETS_PATH, assets_app
from api.web.health import healthz, readyz
from api.web.http_errors import http_error
from api.web.limits import BodyLimit, RequestTimeout
from api.web.request_id import RequestId
from api.web.view import GraphQLView


def create_app(
    target: Neo4jTarget, settings: Settings | None = None, *, migrate: bool = True, plan: bool = True
) -> Starlette:
    """The crosspaths ASGI app talking to the Neo4j at `target`.

    `plan=False` skips planning the network statements at start-up (seconds each on a cold JVM); the
    first request that asks for one plans it instead. Only for apps that never answer a network field
    (tests of auth, routing, limits); everything served plans ahead.
    """
    settings = settings or Settings.from_env()
    live = LiveLimits.from_settings(settings)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with open_driver(target, retry_s=settings.neo4j_retry_s) as driver:
            graph = Graph(driver, target.database, timeout_s=settings.query_timeout_s)
            app.state.graph = graph
            app.state.budget = CostBudget(settings.rate_limit_per_minute)
            app.state.production = settings.production
            if migrate:
                await apply_migrations(graph)
            planned = interview_value.planned_statements()
            if plan:
                await network.plan_ahead(graph, planned)
            app.state.replanner = replanner = Replanner(graph, planned, gap_s=settings.replan_gap_s)
            # Its searches run on the replica's time, not a client's: they may take as long as planning one.
            searches = Graph(driver, target.database, timeout_s=max(settings.query_timeout_s, 60.0))
            app.state.feed = feed = OpeningsFeed(searches, live)
            settle_heap()  # everything the app keeps for its lifetime exists now
            try:
                yield
            finally:
                await feed.close()
                await replanner.close()

    graphql = GraphQLView(
        build_schema(production=settings.production),
        graphql_ide=None if settings.production else "graphiql",
        multipart_uploads_enabled=True,  # for importCsv only: api.gql.guard refuses uploads elsewhere
        allow_queries_via_get=True,
        # Subscriptions over graphql-transport-ws only; the legacy graphql-ws protocol and HTTP streams stay off.
        subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
        connection_init_wait_timeout=timedelta(seconds=live.init_s),
        max_subscriptions_per_connection=None,  # api.web.sockets counts them, with an error code
    )
    routes = [
        Route("/graphql", graphql, methods=["GET", "POST"]),
        WebSocketRoute("/graphql", graphql),
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        Route("/metrics", metrics),
        Route("/explore", explore_page),
        Mount(ASSETS_PATH, app=assets_app(), name="graphiql-assets"),
    ]
    keys = JwtKeys.from_settings(settings)  # refuses unsafe secrets before serving anything
    seal = BookmarkSeal.from_settings(settings, keys)
    middleware = [
        Middleware(RequestId),
        Middleware(AccessLog),
        *([Middleware(Bookmarks, seal=seal)] if seal is not None else []),
        Middleware(RequestTimeout, seconds=settings.request_timeout_s),
        Middleware(BodyLimit, json_bytes=settings.max_body_bytes, upload_bytes=settings.max_upload_bytes),
        Middleware(BearerAuth, keys=keys),
    ]
    app = Starlette(
        routes=routes, lifespan=lifespan, middleware=middleware, exception_handlers={HTTPException: http_error}
    )
    app.state.subjects = SubjectCache(settings.viewer_cache_s)
    app.state.tokens = VerifiedTokens(keys)  # for WebSockets; BearerAuth keeps its own for HTTP
    return app


def app_from_env() -> Starlette:
    """The app as each worker of `crosspaths serve --workers N` builds it; NEO4J_URI names the database.

    The serve command applied the migrations before starting the workers.
    """
    settings = Settings.from_env()
    if not settings.neo4j_uri:
        msg = "NEO4J_URI must be set for a worker process"
        raise RuntimeError(msg)
    target = Neo4jTarget(settings.neo4j_uri, settings.neo4j_user, settings.neo4j_password, settings.neo4j_database)
    return create_app(target, settings, migrate=False)
