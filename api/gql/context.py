"""What every resolver gets: the graph, this request's loaders and who is asking."""

from __future__ import annotations

from dataclasses import dataclass, field

from graphql import DocumentNode, GraphQLSchema
from starlette.requests import Request
from strawberry.types import Info as StrawberryInfo

from api.auth.viewer import Viewer
from api.gql.budget import CostBudget
from api.gql.loaders import Loaders
from api.gql.prefetch import Prefetches
from api.graph import Graph


@dataclass(frozen=True)
class Document:
    """The request's parsed document and the schema it was validated against (api.gql.document keeps it)."""

    schema: GraphQLSchema
    node: DocumentNode


@dataclass
class Context:
    request: Request | None
    graph: Graph
    viewer: Viewer | None = None
    budget: CostBudget | None = None
    production: bool = False
    request_id: str | None = None
    document: Document | None = None
    loaders: Loaders = field(init=False)
    prefetches: Prefetches = field(init=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.graph)
        self.prefetches = Prefetches()

    @property
    def caller(self) -> str:
        """Whose budget a request spends: the viewer's, else the client address's."""
        if self.viewer is not None:
            return f"person:{self.viewer.person_id}" if self.viewer.person_id else "admin"
        client = self.request.client if self.request is not None else None
        return f"ip:{client.host}" if client else "ip:unknown"

    def is_self_or_admin(self, person_id: str) -> bool:
        """Privacy rule: a person's private data is for them and for admins only."""
        if self.viewer is None:
            return False
        return self.viewer.is_admin or self.viewer.person_id == person_id


Info = StrawberryInfo[Context, None]
