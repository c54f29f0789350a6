class LocalNeo4jError(RuntimeError):
    """The local Neo4j could not be fetched, started or stopped; the message says why."""
