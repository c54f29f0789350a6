"""Planning the network statements for a test's world before its requests need them (see conftest.py)."""

from __future__ import annotations

from api.graph import Graph, network
from api.graph.links import Viewpoint


async def plan_for(graph: Graph, person: str, other: str) -> None:
    """Have Neo4j plan every network statement for the world just loaded, under the planning timeout.

    A GraphQL request that asks for several network fields of a new world would otherwise pay for
    planning each of them within the app's whole-request timeout.
    """
    for viewer in (Viewpoint(person), Viewpoint(None, admin=True)):
        await network.opportunities(graph, person, max_hops=2, viewer=viewer)
        await network.paths_to(graph, person, other, max_hops=3, first=3, viewer=viewer)
        await network.degree(graph, person, other, viewer=viewer)
        await network.encounters(graph, person, skip=0, limit=20, viewer=viewer)
        await network.suggestions(graph, person, limit=10, viewer=viewer)
        await network.interview_stats(graph, person, viewer=viewer)
