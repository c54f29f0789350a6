"""Each distinct document parsed and validated once, off the event loop, and kept within a bound of bytes.

Clients send the same few documents over and over, so the last DOCUMENTS_KEPT are kept, by their text,
with what the checks that depend on nothing else found in them: validation's errors and the anonymous
access refusals (api.gql.anonymous). What one costs to keep is bounded by the limits: graphql-core's
AST points into the whole text and token stream (for error locations), so a document within MAX_TOKENS
and MAX_DOCUMENT_BYTES holds at most about 1 MiB; each check's answer is at most ~100 errors (graphql-core
stops validating there, api.gql.anonymous likewise), about 1 KiB each. A longer text is refused unread:
comments are not tokens, yet they take time to parse and bytes to keep.

A document not kept yet is parsed and checked on a worker thread, so that a costly one does not hold
up the event loop, which serves everyone else. Validation can be very costly: OverlappingFieldsCanBeMerged
compares every pair of same-named fields. graphql-core meters those comparisons and stops past a
budget; ours is far below its default, yet thousands of times what any query in this repository spends.

Strawberry's ParserCache and ValidationCache do not fit: ParserCache raises parse errors from its hook,
where they escape our error codes; ValidationCache validates on the event loop, also validates
documents our own checks refused, and hashes the whole document tree on every request to find a result.
Strawberry's own parse step never runs, so the token limit (MaxTokensLimiter's parse option) is
passed to our parse call.
"""

from __future__ import annotations

import asyncio
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from graphql import (
    DocumentNode,
    GraphQLError,
    NameNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    parse,
)
from strawberry.types import ExecutionContext

from api.gql.limits import MAX_DOCUMENT_BYTES, MAX_TOKENS
from api.seams.graphql_stack import graphql_core_schema, limit_field_comparisons, validate_document

DOCUMENTS_KEPT = 64  # at most ~64 MiB (see the module)
COMPARISONS_BUDGET = 10_000  # graphql-core's default, 500,000, lets one small document keep a core busy for seconds

limit_field_comparisons(COMPARISONS_BUDGET)


@dataclass
class _Known:
    """A document parsed from one text, and what each check found in it.

    `errors` is keyed by the check and whatever else its answer depends on (the schema, the rules):
    validation's results and the anonymous-access refusals (api.gql.anonymous).
    """

    document: DocumentNode
    errors: dict[tuple[object, ...], list[GraphQLError]] = field(default_factory=dict)


class _Kept:
    """The last `size` documents by their text; the least recently used goes first."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[str, _Known] = OrderedDict()
        self._lock = threading.Lock()  # one process may run apps on several threads' event loops

    def get(self, key: str) -> _Known | None:
        with self._lock:
            known = self._entries.get(key)
            if known is not None:
                self._entries.move_to_end(key)
            return known

    def keep(self, key: str, known: _Known) -> None:
        with self._lock:
            self._entries[key] = known
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)


_KEPT = _Kept(DOCUMENTS_KEPT)


async def parse_known(execution: ExecutionContext) -> None:
    """The request's document: the one kept for its text, else parsed on a worker thread (and kept)."""
    query = execution.query
    if not query or execution.graphql_document is not None:
        return
    known = _KEPT.get(query)
    if known is None:
        size = len(query.encode())
        if size > MAX_DOCUMENT_BYTES:
            msg = f"the document is {size} bytes, over the limit of {MAX_DOCUMENT_BYTES} (comments included)"
            _refuse(execution, GraphQLError(msg, extensions={"code": "DOCUMENT_TOO_LARGE"}))
            return
        try:
            document = await asyncio.to_thread(parse, query, max_tokens=MAX_TOKENS)
        except GraphQLError as error:
            _refuse(execution, error)  # coded GRAPHQL_PARSE_FAILED or TOO_MANY_TOKENS
            return
        known = _Known(document)
        _KEPT.keep(query, known)
    execution.graphql_document = known.document


async def validate_known(execution: ExecutionContext) -> None:
    """Standard validation (Strawberry's rules), once per distinct document; runs after the checks that may
    refuse a request outright, so that a refused request is not validated.
    """
    document = execution.graphql_document
    if execution.pre_execution_errors is None and document is not None:
        schema = graphql_core_schema(execution.schema)
        rules = tuple(execution.validation_rules)
        errors = await document_errors(
            execution, (validate_document, schema, *rules), lambda: validate_document(schema, document, rules)
        )
        execution.pre_execution_errors = list(errors)


async def document_errors(
    execution: ExecutionContext, key: tuple[object, ...], check: Callable[[], list[GraphQLError]]
) -> list[GraphQLError]:
    """What `check` finds in the request's document: worked out on a worker thread, once per distinct document.

    `key` names the check and everything else its answer depends on; the answer is kept with the
    document (when the document is kept) and shared by every request that sends the same text, so the
    caller must not change the list.
    """
    query = execution.query
    known = _KEPT.get(query) if query else None
    if known is not None and known.document is not execution.graphql_document:
        known = None  # not the document this request runs (Strawberry was handed a parsed one)
    errors = None if known is None else known.errors.get(key)
    if errors is None:
        errors = await asyncio.to_thread(check)
        if known is not None:
            known.errors[key] = errors
    return errors


def _refuse(execution: ExecutionContext, error: GraphQLError) -> None:
    """Refuses the request's document with `error`, without Strawberry parsing it (again).

    Strawberry answers pre-execution errors once it has a document to take the operation type from:
    a stand-in with nothing to run, under the request's operation name, lets this refusal take the
    way of every other one (error codes, metrics, HTTP status).
    """
    name = execution.operation_name
    execution.graphql_document = DocumentNode(
        definitions=(
            OperationDefinitionNode(
                operation=OperationType.QUERY,
                name=None if name is None else NameNode(value=name),
                selection_set=SelectionSetNode(selections=()),
            ),
        )
    )
    execution.pre_execution_errors = [error]
