"""Hands each request's parsed document to its context, where root resolvers plan their reads from it."""

from __future__ import annotations

from collections.abc import Iterator

from strawberry.extensions import SchemaExtension

from api.gql.context import Context, Document


class KeepDocument(SchemaExtension):
    def on_execute(self) -> Iterator[None]:
        execution = self.execution_context
        context, document = execution.context, execution.graphql_document
        if isinstance(context, Context) and document is not None:
            schema = execution.schema._schema  # noqa: SLF001 - graphql-core's schema: Strawberry has no public accessor
            context.document = Document(schema, document)
        yield
