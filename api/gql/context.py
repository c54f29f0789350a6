"""What every resolver gets: the graph, who is asking, and the request's document.

The document is handed over before execution (`keep_document`, one of api.gql.steps): resolvers plan
their reads from its fragments, which graphql-core's own resolve info has but Strawberry keeps
private. One document per context: the app serves one operation per request (Strawberry's batching
is off).
"""

from __future__ import annotations

from dataclasses import dataclass

from graphql import DocumentNode, GraphQLSchema
from starlette.requests import Request
from strawberry.types import ExecutionContext
from strawberry.types import Info as StrawberryInfo

from api.auth.viewer import Viewer
from api.gql.budget import CostBudget
from api.graph import Graph
from api.seams.graphql_stack import graphql_core_schema


@dataclass(frozen=True)
class Document:
    """The request's parsed document and the schema it was validated against."""

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

    @property
    def caller(self) -> str:
        """Whose budget a request spends: the viewer's, else the client address's."""
        if self.viewer is not None:
            return f"person:{self.viewer.person_id}" if self.viewer.person_id else "admin"
        client = self.request.client if self.request is not None else None
        return f"ip:{client.host}" if client else "ip:unknown"


Info = StrawberryInfo[Context, None]


def keep_document(execution: ExecutionContext) -> None:
    """Hands the request's parsed document to its Context, before execution."""
    context, document = execution.context, execution.graphql_document
    if isinstance(context, Context) and document is not None:
        context.document = Document(graphql_core_schema(execution.schema), document)
