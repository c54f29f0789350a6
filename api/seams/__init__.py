"""Where crosspaths relies on a library's internals: the only place that imports them.

crosspaths uses the public extension points of its libraries: Strawberry's SchemaExtension hooks, the
documented hooks of `strawberry.asgi.GraphQL` (get_context, process_result, encode_json, decode_json,
render_graphql_ide), `strawberry.Schema(execution_context_class=...)`, graphql-core's public exports,
Starlette's and uvicorn's documented classes. A few things those cannot do; each is named here, with
why it is needed and which public way was checked, and every other module takes it from here:

- `api.seams.graphql_stack`: Strawberry, graphql-core and cross-web (Strawberry's own HTTP layer);
  they move together, as each Strawberry release pins the other two's ranges.
- `api.seams.http_server`: uvicorn's httptools protocol and Starlette's static files.
- `api.seams.neo4j_driver`: the Neo4j driver's notification log records.

One module per layer rather than one for all: the graph layer never imports GraphQL or the HTTP server,
and the GraphQL layer does not load the HTTP server's protocol; a single module would make each of them
import all three. This package itself imports nothing.

Besides imports, a seam can be a method we override or an attribute we read that the library does not
document; those are listed in the module of their library, next to the imports.

tests/test_library_seams.py holds the rule: it checks every shape named here against the installed
libraries (names, overridden methods' parameters, attributes read), and that no other module imports
a library's internals or reads a private attribute. pyproject.toml bounds each library named here to
the series the test last passed with; requirements.lock pins the exact versions.

Upgrading one of these libraries: raise its bound in pyproject.toml, run `scripts/lock --upgrade-package
NAME`, then `.venv/bin/python -m pytest tests/test_library_seams.py` (it names what moved and where),
adapt the seam module it points to, and run the full suite before merging.
"""
