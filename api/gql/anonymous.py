"""Anonymous callers may read only public profile fields; checked once per distinct document, before execution.

Whether a document asks for a non-public field depends on its text and the schema alone, so the
answer is worked out once per distinct document, on a worker thread, and kept with the document
(api.gql.documents): a client that sends the same document again costs no walk of it.
"""

from __future__ import annotations

from graphql import (
    BREAK,
    SKIP,
    DocumentNode,
    FieldNode,
    GraphQLError,
    GraphQLSchema,
    TypeInfo,
    TypeInfoVisitor,
    Visitor,
    VisitorAction,
    get_named_type,
    visit,
)
from strawberry.types import ExecutionContext

from api.gql.context import Context
from api.gql.documents import document_errors
from api.seams.graphql_stack import graphql_core_schema

PUBLIC_FIELDS: dict[str, frozenset[str]] = {
    "Query": frozenset({"viewer", "node", "nodes"}),
    "Node": frozenset({"id"}),
    "Person": frozenset({"id", "name", "headline", "location", "linkedinUrl"}),
    "Company": frozenset({"id", "name", "domain", "industry"}),
    "Role": frozenset({"id", "title", "status", "location", "remote", "postedOn", "skills", "company"}),
}
# Refused fields named at most, as graphql-core's validation stops at 100 errors: each error works out
# its line and column from the start of the text, so thousands of them would cost seconds.
MAX_REFUSALS = 100


class _PrivateFieldFinder(Visitor):
    def __init__(self, type_info: TypeInfo) -> None:
        super().__init__()
        self.type_info = type_info
        self.errors: list[GraphQLError] = []

    def enter_field(self, node: FieldNode, *_args: object) -> VisitorAction:
        parent = self.type_info.get_parent_type()
        name = node.name.value
        if parent is None or name.startswith("__"):
            return None
        parent_name = get_named_type(parent).name
        if parent_name.startswith("__"):
            return None  # introspection, so GraphiQL works before a token is pasted
        if name not in PUBLIC_FIELDS.get(parent_name, frozenset()):
            if len(self.errors) == MAX_REFUSALS:
                msg = f"more fields need sign-in; only the first {MAX_REFUSALS} are named"
                self.errors.append(GraphQLError(msg, extensions={"code": "UNAUTHENTICATED"}))
                return BREAK
            self.errors.append(
                GraphQLError(
                    f"sign in to read {parent_name}.{name}: anonymous callers see only public profile fields",
                    nodes=[node],
                    extensions={"code": "UNAUTHENTICATED"},
                )
            )
            return SKIP  # one error per refused field, none for what it contains
        return None


def private_fields(schema: GraphQLSchema, document: DocumentNode) -> list[GraphQLError]:
    """One error for each field of `document` (up to MAX_REFUSALS) that an anonymous caller may not read."""
    type_info = TypeInfo(schema)
    finder = _PrivateFieldFinder(type_info)
    visit(document, TypeInfoVisitor(type_info, finder))
    return finder.errors


async def refuse_private_fields(execution: ExecutionContext) -> None:
    """Refuses a whole request from an anonymous caller that asks for any non-public field."""
    context = execution.context
    document = execution.graphql_document
    anonymous = isinstance(context, Context) and context.viewer is None
    if anonymous and document is not None and execution.pre_execution_errors is None:
        schema = graphql_core_schema(execution.schema)
        key = (private_fields, schema)
        errors = await document_errors(execution, key, lambda: private_fields(schema, document))
        if errors:
            execution.pre_execution_errors = list(errors)
