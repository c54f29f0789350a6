"""The query guard's measure of a document kept for every request that sends the same text and values.

Clients send the same few documents over and over, and the guard's walk (api.gql.limits.measure)
cost a small request ~40 µs (docs/benchmarks.md). A measure depends on the schema, the document's
text, which of its operations runs, and the values of the variables its counts read (`first` in a
nested connection, say; QueryShape.reads), as the client sent them. So it is kept by exactly those,
the values as exact JSON (api.gql.variables_key), never by the identity of an object a request
brought; which variables a document's counts read is kept by the document. Only a measure that
refuses nothing is kept: a refusal is worked out again, with its own error locations, each time.

Bounds: at most SHAPES_KEPT measures and DOCUMENTS_KEPT documents' variable names, each counted as its
document's text (shared with the kept document, api.gql.documents), its key's values and SHAPE_BYTES,
at most BYTES_KEPT for each (tests/gql/test_kept_shapes.py holds the bound).
"""

from __future__ import annotations

from typing import NamedTuple

from graphql import FragmentDefinitionNode, GraphQLSchema, OperationDefinitionNode

from api.gql.limits import QueryShape, measure
from api.gql.variables_key import values_key
from api.lru import BoundedLru

SHAPES_KEPT = 1024
DOCUMENTS_KEPT = 256
BYTES_KEPT = 8 * 2**20
SHAPE_BYTES = 768  # a kept measure with its key and slot, the texts aside (~560 measured)
VARIABLES_BYTES = 1024


class DocumentKey(NamedTuple):
    schema: GraphQLSchema
    text: str
    operation: int  # where the operation starts in the text


_READS = BoundedLru[DocumentKey, tuple[str, ...]](max_entries=DOCUMENTS_KEPT, max_bytes=BYTES_KEPT)
_SHAPES = BoundedLru[tuple[DocumentKey, str], QueryShape](max_entries=SHAPES_KEPT, max_bytes=BYTES_KEPT)


def kept_measure(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    fragments: dict[str, FragmentDefinitionNode],
    variables: object,
) -> QueryShape:
    """`measure(schema, operation, fragments, variables)`, kept when it refuses nothing; the caller must not change
    the shape."""
    if operation.loc is None or not isinstance(variables, dict | None):
        return measure(schema, operation, fragments, variables)  # no text to know it by; values that do not coerce
    document = DocumentKey(schema, operation.loc.source.body, operation.loc.start)
    values = variables or {}
    reads = _READS.get(document)
    key = None if reads is None else values_key(values, reads, VARIABLES_BYTES)
    kept = None if key is None else _SHAPES.get((document, key))
    if kept is not None:
        return kept
    shape = measure(schema, operation, fragments, variables)
    if shape.errors:
        return shape
    text = len(document.text)
    _READS.put(document, shape.reads, size=text + SHAPE_BYTES + sum(map(len, shape.reads)))
    key = values_key(values, shape.reads, VARIABLES_BYTES)
    if key is not None:
        _SHAPES.put((document, key), shape, size=text + SHAPE_BYTES + len(key))
    return shape
