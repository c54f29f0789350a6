"""The browser bundles GraphiQL and /explore load, as paths under api/web/assets/node_modules.

Plain constants with no imports: the wheel's build hook (hatch_build.py) reads this file to copy
exactly these files into the wheel, before any dependency of the package is installed.
"""

# GraphiQL's UMD bundles and stylesheets (pinned in assets/package-lock.json).
GRAPHIQL = (
    "react/umd/react.production.min.js",
    "react-dom/umd/react-dom.production.min.js",
    "graphiql/graphiql.min.js",
    "graphiql/graphiql.min.css",
    "@graphiql/plugin-explorer/dist/index.umd.js",
    "@graphiql/plugin-explorer/dist/style.css",
    # The graphql-transport-ws client GraphiQL's subscriptions use (api/web/graphiql.html).
    "graphql-ws/umd/graphql-ws.min.js",
)
# /explore's graph drawing (api/web/explore.py).
EXPLORE = ("cytoscape/dist/cytoscape.min.js",)
# The MIT notices shipped beside the bundles (cytoscape's is inside its bundle): in the wheel, never served.
LICENSES = ("react/LICENSE", "react-dom/LICENSE", "graphiql/LICENSE", "graphql-ws/LICENSE.md")
