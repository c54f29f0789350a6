"""crosspaths: a GraphQL API over a Neo4j graph of a professional network."""

__version__ = "0.1.0"
