"""The lean executor's plans (api.gql.execution), kept across requests by their document's text.

Clients send the same few documents over and over, and planning the plain fields of an operation
cost ~100 µs of a small request (docs/benchmarks.md). What a field's plan holds depends on the
schema, the field's parent type and the nodes merged under its response key (with everything they
select, fragments included); and through @include, @skip and @defer, on the request's variables.
So an operation's plans are kept by its schema, its document's text and its name, and each field's
plan by its parent type and where its nodes start in that text: never by the identity of an object
a request brought. An operation whose directives read a variable keeps nothing, nor does one whose
document has no locations (Strawberry can be handed a document built in code).

Bounds: the last PLANS_KEPT operations, the least recently used going first; in each, fields whose
keys hold at most POSITIONS_PER_OPERATION node positions in all (so at most that many fields; the
rest are planned for each request). A plan holds its key and closures over the schema's types, at
most PLAN_BYTES (tests/gql/test_execution.py holds the bound), so the kept plans take at most
16 MiB; the texts, shared with the kept documents (api.gql.documents) while those keep them, at most
PLANS_KEPT times MAX_DOCUMENT_BYTES. A small request's operation keeps a few dozen plans.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import TYPE_CHECKING

from graphql import FieldNode, InlineFragmentNode, ListValueNode, ObjectValueNode, VariableNode

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from graphql import (
        DirectiveNode,
        FragmentDefinitionNode,
        GraphQLObjectType,
        GraphQLSchema,
        OperationDefinitionNode,
        SelectionSetNode,
        ValueNode,
    )

    from api.seams.graphql_stack import FieldDetailsList

PLANS_KEPT = 64
POSITIONS_PER_OPERATION = 256
PLAN_BYTES = 1024  # what one kept plan holds at most (~740 bytes measured), the bound's unit

FieldKey = tuple[str, tuple[int, ...]]  # a field's parent type, and where each of its nodes starts in the text


class OperationPlans:
    """The plans kept for one operation, by field key (a plan may be None: the field is not plain)."""

    def __init__(self, positions: int) -> None:
        self.plans: dict[FieldKey, object] = {}
        self._left = positions
        self._lock = threading.Lock()

    def keep(self, key: FieldKey, plan: object) -> None:
        """Keeps `plan` for every later request, while the operation's budget of positions lasts."""
        with self._lock:
            if len(key[1]) <= self._left:
                self._left -= len(key[1])
                self.plans[key] = plan


_KEPT: OrderedDict[tuple[GraphQLSchema, str, str | None], OperationPlans] = OrderedDict()
_LOCK = threading.Lock()  # one process may run apps on several threads' event loops (tests, the benchmarks)


def operation_plans(
    schema: GraphQLSchema, operation: OperationDefinitionNode, fragments: Iterable[FragmentDefinitionNode]
) -> OperationPlans | None:
    """What is kept for this operation, or None when its plans may not outlive the request."""
    if operation.loc is None:
        return None
    key = (schema, operation.loc.source.body, operation.name.value if operation.name else None)
    with _LOCK:
        kept = _KEPT.get(key)
        if kept is not None:
            _KEPT.move_to_end(key)
            return kept
    # Once per operation kept: a walk of the operation and the document's fragments.
    variable = any(_reads_variables(directive) for directive in _directives(operation, fragments))
    kept = OperationPlans(0 if variable else POSITIONS_PER_OPERATION)
    with _LOCK:
        _KEPT[key] = kept
        while len(_KEPT) > PLANS_KEPT:
            _KEPT.popitem(last=False)
    return kept


def field_key(parent_type: GraphQLObjectType, field_details_list: FieldDetailsList) -> FieldKey | None:
    """The key a field's plan is kept by; None for a field deferred (@defer) or read through a fragment's own
    variables (graphql-core's experimental fragment arguments): those are planned for each request."""
    positions = []
    for details in field_details_list:
        loc = details.node.loc
        if loc is None or details.defer_usage is not None or details.fragment_variable_values is not None:
            return None
        positions.append(loc.start)
    return parent_type.name, tuple(positions)


def _directives(
    operation: OperationDefinitionNode, fragments: Iterable[FragmentDefinitionNode]
) -> Iterator[DirectiveNode]:
    """Every directive on a selection of the operation or of any fragment."""
    pending: list[SelectionSetNode] = [operation.selection_set, *(fragment.selection_set for fragment in fragments)]
    while pending:
        for selection in pending.pop().selections:
            yield from selection.directives or ()
            if isinstance(selection, FieldNode | InlineFragmentNode) and selection.selection_set is not None:
                pending.append(selection.selection_set)


def _reads_variables(directive: DirectiveNode) -> bool:
    pending: list[ValueNode] = [argument.value for argument in directive.arguments or ()]
    while pending:
        value = pending.pop()
        if isinstance(value, VariableNode):
            return True
        if isinstance(value, ListValueNode):
            pending.extend(value.values)
        elif isinstance(value, ObjectValueNode):
            pending.extend(item.value for item in value.fields)
    return False
