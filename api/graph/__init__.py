"""Graph access: parameterised Cypher in, plain Python values out. Knows nothing of GraphQL."""

from api.graph.runner import Graph, KeyTaken, Row, open_driver

__all__ = ["Graph", "KeyTaken", "Row", "open_driver"]
