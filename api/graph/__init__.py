"""Graph access: parameterised Cypher in, plain Python values out. Knows nothing of GraphQL."""

from api.graph.runner import Graph, Row, open_driver

__all__ = ["Graph", "Row", "open_driver"]
