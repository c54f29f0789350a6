"""uvicorn's and Starlette's internals that crosspaths relies on (see api.seams).

Methods overridden and attributes read without documentation are listed at the end; tests/test_library_seams.py
checks them all.
"""

from __future__ import annotations

# uvicorn takes an HTTP protocol class (`http=`), which api.web.serving subclasses from uvicorn's
# httptools protocol: uvicorn has no option to bound how big a request head may grow under httptools,
# nor how long it may take to arrive. Checked: h11 has the size bound (h11_max_incomplete_event_size)
# but parses several times slower, and has no deadline either.
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

# The type of the shared state uvicorn hands each protocol instance (the subclass's __init__).
from uvicorn.server import ServerState

__all__ = ["HttpToolsProtocol", "ServerState"]

# Methods overridden and attributes read that the libraries do not document (checked by the test):
# - api.web.serving.HeadLimitedHttpTools (HttpToolsProtocol): `__init__(config, server_state, app_state,
#   _loop)`, `connection_made`, `connection_lost`, `on_message_begin`, `on_headers_complete`,
#   `data_received`, `send_400_response`; it reads `url`, `headers`, `transport` and `loop`, and relies on
#   an exception raised from a parser callback reaching send_400_response.
# - api.web.graphiql.BundleFiles (starlette.staticfiles.StaticFiles, public): `lookup_path(path) -> (full
#   path, stat or None)`, to serve only the pages' bundles out of node_modules. Checked: a Route answering
#   with FileResponse serves the same files, but without the 304s StaticFiles gives a browser revalidating
#   its cached bundles.
# - uvicorn.Server's `started` and `should_exit` (api.bench.server, api.bench.network, tests/live_server.py):
#   how a server run in a thread is awaited and stopped; uvicorn documents no other way.
