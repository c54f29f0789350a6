"""The GraphQL layer: types as read-models, root resolvers that plan reads, limits and privacy. Builds no Cypher."""
