"""A local Neo4j Community server run from Neo4j's own jars on Maven Central."""

from api.localdb.errors import LocalNeo4jError
from api.localdb.launcher import LocalNeo4j

__all__ = ["LocalNeo4j", "LocalNeo4jError"]
