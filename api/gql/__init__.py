"""The GraphQL layer: types, resolvers, loaders. Builds no Cypher; calls api.graph."""
