"""Anonymous callers may read only public profile fields; checked once per document, before execution."""

from __future__ import annotations

from collections.abc import Iterator

from graphql import FieldNode, GraphQLError, TypeInfo, TypeInfoVisitor, Visitor, get_named_type, visit
from graphql.language.visitor import SKIP, VisitorAction
from strawberry.extensions import SchemaExtension

from api.gql.context import Context

PUBLIC_FIELDS: dict[str, frozenset[str]] = {
    "Query": frozenset({"viewer", "node", "nodes"}),
    "Node": frozenset({"id"}),
    "Person": frozenset({"id", "name", "headline", "location", "linkedinUrl"}),
    "Company": frozenset({"id", "name", "domain", "industry"}),
    "Role": frozenset({"id", "title", "status", "location", "remote", "postedOn", "skills", "company"}),
}


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
            self.errors.append(
                GraphQLError(
                    f"sign in to read {parent_name}.{name}: anonymous callers see only public profile fields",
                    nodes=[node],
                    extensions={"code": "UNAUTHENTICATED"},
                )
            )
            return SKIP  # one error per refused field, none for what it contains
        return None


class AnonymousAccess(SchemaExtension):
    """Refuses a whole request from an anonymous caller that asks for any non-public field."""

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context.context
        document = self.execution_context.graphql_document
        if isinstance(context, Context) and context.viewer is None and document is not None:
            type_info = TypeInfo(self.execution_context.schema._schema)  # noqa: SLF001 - graphql-core schema
            finder = _PrivateFieldFinder(type_info)
            visit(document, TypeInfoVisitor(type_info, finder))
            if finder.errors:
                # Set before validation runs: Strawberry then skips validation and returns these errors.
                self.execution_context.pre_execution_errors = finder.errors
        yield
