"""Root fields' reads planned once for every request that sends the same document: selection, reader and text.

Clients send the same few documents over and over, and planning a root field's read (the selection below
it, the function turning its rows into read-models, the compiled Cypher) cost a small request more than
its guard and its validation together (docs/benchmarks.md). What that plan holds depends on the schema, the
document's text, the operation, the field's response key, what the field reads (a node's type; a page's
direction), the class of viewer (api.gql.privacy.viewer_class), and the values of the variables it reads:
its sub-fields' arguments, @include and @skip below it, and a directive on a root field (which decides
which nodes under one response key are planned). So a plan is kept by exactly those, the variables being
all of the operation's but those only in root fields' own arguments, by their coerced values as JSON (so
`1`, `1.0` and `true` differ); never by the identity of an object a request brought. The root's own
values (a node's id, a page's window and filter) and the viewer stay parameters of the kept text
(api.graph.compiler.again): one plan serves every id and every person.

Bounds: the last READS_KEPT plans and at most BYTES_KEPT, the least recently used going first. A plan
is counted as its document's text (shared with the kept document, api.gql.documents, while that is
kept), its statement's text, and ELEMENT_BYTES for each selection, property and relation it holds
(tests/gql/test_kept_reads.py holds the bound). One bigger than a tenth of the bytes is planned for
each request instead, as is one whose variables take more than VARIABLES_BYTES as JSON or do not
encode (an upload). Which variables an operation's plans may read is kept by the operation,
at most OPERATIONS_KEPT operations and VARIABLE_NAMES_BYTES, counted the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from graphql import FieldNode, FragmentDefinitionNode, FragmentSpreadNode, InlineFragmentNode, SelectionSetNode

from api.gql.limits import variable_names
from api.gql.privacy import viewer_class
from api.gql.variables_key import values_key
from api.graph.compiler import Statement, again
from api.lru import BoundedLru

if TYPE_CHECKING:
    from api.gql.context import Info
    from api.graph.plan import NodeRead, PageRead, Selection, Viewer

READS_KEPT = 256
BYTES_KEPT = 16 * 2**20
ELEMENT_BYTES = 1024  # what a kept plan holds for each selection, property and relation, besides its texts
VARIABLES_BYTES = 1024
OPERATIONS_KEPT = 256
VARIABLE_NAMES_BYTES = 8 * 2**20


@dataclass(frozen=True)
class KeptRead:
    """A root field's read as planned: what it selects, how its rows become read-models, its statement.

    `count` and `more` say whether a root page's total and next page are selected.
    """

    selection: Selection
    reader: Callable[[Any], Any]
    statement: Statement
    count: bool = False
    more: bool = False

    def statement_for(self, read: NodeRead | PageRead, viewer: Viewer) -> Statement:
        """The statement for `read` (of this selection, its values maybe others) asked by `viewer`."""
        return again(self.statement, read, viewer)


class OperationKey(NamedTuple):
    schema: object
    text: str  # the document's
    start: int  # where the operation starts in the text


class ReadKey(NamedTuple):
    operation: OperationKey
    field: str  # the response key
    reads: Hashable
    viewer: str  # api.gql.privacy.viewer_class
    variables: str  # the values of those a plan may read (_variables_read), as JSON


_VARIABLES = BoundedLru[OperationKey, tuple[str, ...]](max_entries=OPERATIONS_KEPT, max_bytes=VARIABLE_NAMES_BYTES)
_KEPT = BoundedLru[ReadKey, KeptRead](max_entries=READS_KEPT, max_bytes=BYTES_KEPT)


def kept_read(info: Info, reads: Hashable, plan: Callable[[], KeptRead]) -> KeptRead:
    """The read kept for the root field being resolved, where it `reads` (a node's type, ...); else `plan()`, kept.

    `plan` must plan from the request's document, variables and viewer only, besides `reads` and the
    root's own values, which the kept statement takes again (KeptRead.statement_for).
    """
    key = _key(info, reads)
    kept = None if key is None else _KEPT.get(key)
    if kept is None:
        kept = plan()
        if key is not None:
            _KEPT.put(key, kept, size=len(key.operation.text) + len(key.variables) + _size(kept))
    return kept


def _key(info: Info, reads: Hashable) -> ReadKey | None:
    document = info.context.document
    operation = info.operation
    if document is None or operation.loc is None:
        return None  # a document built in code has no text to be known by
    kept = OperationKey(document.schema, operation.loc.source.body, operation.loc.start)
    names = _VARIABLES.get(kept)
    if names is None:
        fragments = {d.name.value: d for d in document.node.definitions if isinstance(d, FragmentDefinitionNode)}
        names = _variables_read(operation.selection_set, fragments)
        _VARIABLES.put(kept, names, size=len(kept.text) + sum(len(name) + 64 for name in names))
    encoded = values_key(info.variable_values, names, VARIABLES_BYTES)
    if encoded is None:
        return None
    return ReadKey(kept, str(info.path.key), reads, viewer_class(info.context.viewer), encoded)


def _variables_read(root: SelectionSetNode, fragments: dict[str, FragmentDefinitionNode]) -> tuple[str, ...]:
    """The variables a root field's plan may read: all of the operation's but those only in root fields' own
    arguments (the root's values, which the kept statement takes again). A directive on a root field counts: it
    decides which of the nodes under one response key are planned.
    """
    names: set[str] = set()
    spread: set[tuple[str, bool]] = set()
    pending: list[tuple[SelectionSetNode, bool]] = [(root, True)]  # a selection set, and whether it is the root's
    while pending:
        selection_set, at_root = pending.pop()
        for selection in selection_set.selections:
            for directive in selection.directives or ():
                names.update(variable_names(argument.value for argument in directive.arguments or ()))
            if isinstance(selection, FieldNode):
                if not at_root:
                    names.update(variable_names(argument.value for argument in selection.arguments or ()))
                if selection.selection_set is not None:
                    pending.append((selection.selection_set, False))
            elif isinstance(selection, InlineFragmentNode):
                pending.append((selection.selection_set, at_root))
            elif isinstance(selection, FragmentSpreadNode):
                fragment = fragments.get(selection.name.value)
                if fragment is not None and (fragment.name.value, at_root) not in spread:
                    spread.add((fragment.name.value, at_root))
                    pending.append((fragment.selection_set, at_root))
    return tuple(sorted(names))


def _size(kept: KeptRead) -> int:
    """What a kept read is counted as, its document's text aside (see the module)."""
    return len(kept.statement.text) + ELEMENT_BYTES * _elements(kept.selection)


def _elements(selection: Selection) -> int:
    pending, count = [selection], 0
    while pending:
        current = pending.pop()
        count += 1 + len(current.properties) + len(current.relations)
        pending.extend(relation.selection for relation in current.relations)
    return count
