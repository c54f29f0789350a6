"""Query limits, computed from the document and its variables before anything runs.

Depth, aliases, fields and page sizes (`first`, `last`: 1..100, not both), and GitHub's node limit: the
size of every list (a connection's `first` or `last`, the length of a list argument such as `nodes(ids:)`)
multiplied down the tree,
summed over the document. Sizes are the values graphql-core itself will use: the operation's variables
and each field's arguments coerced by graphql-core, defaults applied. Each refusal has a stable code.

A fragment counts wherever it is spread, as if inlined there, yet is walked only once: what it adds
below a spread (levels, aliases, fields, and nodes per item above it) does not depend on the spread,
since its type condition fixes the type it reads. So the walk is linear in the document, and counts
that double with every spread stay exact (Python ints) until a limit refuses them.
"""

from __future__ import annotations

import functools
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    ListValueNode,
    ObjectValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValueNode,
    VariableNode,
    get_argument_values,
    get_named_type,
    get_nullable_type,
    get_variable_values,
    is_list_type,
)

from api.gql.pagination import DEFAULT_FIRST, both_first_and_last, out_of_range

if TYPE_CHECKING:
    from collections.abc import Callable

    from graphql import VariableValues

MAX_DEPTH = 10
MAX_ALIASES = 15
MAX_FIELDS = 1_000
MAX_NODES = 10_000
MAX_FIRST = 100
MAX_TOKENS = 2_000
MAX_DOCUMENT_BYTES = 32_768
COERCION_ERRORS = 50  # as graphql-core's execute stops coercing variables


@dataclass
class QueryShape:
    """What a document asks for: its depth, aliases, fields and worst-case node count, plus any refusals."""

    depth: int = 0
    aliases: int = 0
    fields: int = 0
    nodes: int = 0
    errors: list[GraphQLError] = field(default_factory=list)
    reads: tuple[str, ...] = ()  # the variables the counts read: the same document with the same values measures alike


@dataclass(slots=True)
class _Tally:
    """What a selection adds where it appears: levels of fields, aliases, fields, and nodes per item above it."""

    depth: int = 0
    aliases: int = 0
    fields: int = 0
    nodes: int = 0

    def add(self, sibling: _Tally) -> None:
        self.depth = max(self.depth, sibling.depth)
        self.aliases += sibling.aliases
        self.fields += sibling.fields
        self.nodes += sibling.nodes


def measure(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    fragments: dict[str, FragmentDefinitionNode],
    variables: object,
) -> QueryShape:
    """The shape of `operation` with its (raw, uncoerced) `variables`, and every limit it breaks."""
    shape = QueryShape()
    root = schema.get_root_type(operation.operation)
    if root is not None:
        walk = _Walk(schema, fragments, operation, variables)
        tally = walk.run(root)
        shape.depth, shape.aliases, shape.fields, shape.nodes = tally.depth, tally.aliases, tally.fields, tally.nodes
        shape.errors.extend(walk.errors())
        shape.reads = tuple(sorted({name for names in walk.coerced for name in names}))
    if shape.depth > MAX_DEPTH:
        shape.errors.append(_error(f"query depth {shape.depth} exceeds the limit of {MAX_DEPTH}", "QUERY_TOO_DEEP"))
    if shape.aliases > MAX_ALIASES:
        msg = f"{shape.aliases} aliases exceed the limit of {MAX_ALIASES} (fragments included)"
        shape.errors.append(_error(msg, "TOO_MANY_ALIASES"))
    if shape.fields > MAX_FIELDS:
        msg = (
            f"this query selects {shape.fields} fields once its fragments are inlined where they are spread, "
            f"over the limit of {MAX_FIELDS}"
        )
        shape.errors.append(_error(msg, "TOO_MANY_FIELDS"))
    if shape.nodes > MAX_NODES:
        msg = (
            f"this query could return {shape.nodes} nodes, over the limit of {MAX_NODES}; "
            "ask for smaller pages (`first` or `last`) in nested connections"
        )
        shape.errors.append(_error(msg, "MAX_NODE_LIMIT_EXCEEDED"))
    return shape


def _error(message: str, code: str, nodes: list[FieldNode] | None = None) -> GraphQLError:
    return GraphQLError(message, nodes=nodes, extensions={"code": code})


Path = tuple[str, ...]


@dataclass
class _Walk:
    """One pass over the operation and each fragment it reaches, each fragment once, in dependency order."""

    schema: GraphQLSchema
    fragments: dict[str, FragmentDefinitionNode]
    operation: OperationDefinitionNode
    variables: object  # as sent, not coerced yet
    # By definition (None: the operation): what each fragment adds, the spreads and the page size refusals
    # found in it, each with its path from the start of the definition and its message for a full path.
    tallies: dict[str, _Tally] = field(default_factory=dict)
    spreads: dict[str | None, list[tuple[str, Path]]] = field(default_factory=dict)
    refusals: dict[str | None, list[tuple[Path, FieldNode, Callable[[str], str]]]] = field(default_factory=dict)
    coerced: dict[tuple[str, ...], VariableValues | None] = field(default_factory=dict)
    _definition: str | None = None

    def run(self, root: GraphQLObjectType) -> _Tally:
        for name in self._dependency_order(self.operation.selection_set) if self.fragments else ():
            self._definition = name
            fragment = self.fragments[name]
            condition = self.schema.get_type(fragment.type_condition.name.value)
            self.tallies[name] = self._selections(fragment.selection_set, condition, ())
        self._definition = None
        return self._selections(self.operation.selection_set, root, ())

    def errors(self) -> Iterator[GraphQLError]:
        """The page size refusals, each naming its field by a path from the operation (through the first spread
        found).
        """
        if not self.refusals:
            return
        prefixes: dict[str | None, Path] = {None: ()}
        queue: deque[str | None] = deque([None])
        while queue:
            definition = queue.popleft()
            for name, path in self.spreads.get(definition, ()):
                if name in self.tallies and name not in prefixes:
                    prefixes[name] = prefixes[definition] + path
                    queue.append(name)
        for definition, prefix in prefixes.items():
            for path, node, message in self.refusals.get(definition, ()):
                yield _error(message(".".join(prefix + path)), "BAD_USER_INPUT", [node])

    def _dependency_order(self, start: SelectionSetNode) -> list[str]:
        """The fragments reachable from `start`, each after those it spreads; a spread closing a cycle is left
        out (standard validation reports the cycle). Without recursion, so a long chain cannot exhaust the stack.
        """
        order: list[str] = []
        placed: set[str] = set()
        on_path: set[str] = set()
        stack: list[tuple[str | None, Iterator[str]]] = [(None, _spread_names(start))]
        while stack:
            current, spreads = stack[-1]
            for name in spreads:
                if name in self.fragments and name not in placed and name not in on_path:
                    on_path.add(name)
                    stack.append((name, _spread_names(self.fragments[name].selection_set)))
                    break
            else:
                stack.pop()
                if current is not None:
                    on_path.discard(current)
                    placed.add(current)
                    order.append(current)
        return order

    def _selections(self, selection_set: SelectionSetNode, parent: GraphQLNamedType | None, path: Path) -> _Tally:
        tally = _Tally()
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                tally.add(self._field(selection, parent, path))
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner = self.schema.get_type(condition.name.value) if condition is not None else parent
                tally.add(self._selections(selection.selection_set, inner, path))
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                self.spreads.setdefault(self._definition, []).append((name, path))
                if name in self.tallies:  # unknown or cyclic spreads: standard validation reports them
                    tally.add(self.tallies[name])
        return tally

    def _field(self, node: FieldNode, parent: GraphQLNamedType | None, path: Path) -> _Tally:
        name = node.name.value
        alias = node.alias
        if name.startswith("__"):  # introspection is bounded by the schema itself
            return _Tally(aliases=int(alias is not None), fields=1)
        definition = parent.fields.get(name) if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType) else None
        tally = _Tally(depth=1, aliases=int(alias is not None), fields=1)
        if definition is None:
            return tally  # unknown fields are reported by standard validation
        if node.selection_set is None and not definition.args:
            return tally
        field_path = (*path, alias.value if alias else name)
        if node.selection_set is not None:
            below = self._selections(node.selection_set, get_named_type(definition.type), field_path)
            tally.depth += below.depth
            tally.aliases += below.aliases
            tally.fields += below.fields
            tally.nodes = below.nodes
        size = self._size(definition, node, field_path) if definition.args else None
        if size is not None:
            tally.nodes = size + size * tally.nodes
        return tally

    def _coerce(self, node: FieldNode) -> VariableValues | None:
        """The variables in `node`'s arguments as graphql-core will coerce them; None when they do not coerce.

        Only those: no count depends on the others, and a large input object that does not coerce is slow
        for graphql-core to report (each of its first 50 errors prints the whole value).
        """
        names = tuple(sorted(set(variable_names(argument.value for argument in node.arguments or ()))))
        if names not in self.coerced:
            definitions = [d for d in self.operation.variable_definitions or () if d.variable.name.value in names]
            values = self.variables if self.variables is not None else {}
            coerced = (
                get_variable_values(self.schema, definitions, values, max_errors=COERCION_ERRORS)
                if isinstance(values, dict)
                else None
            )
            self.coerced[names] = None if isinstance(coerced, list) else coerced
        return self.coerced[names]

    def _size(self, definition: GraphQLField, node: FieldNode, path: Path) -> int | None:
        """How many items the field answers per parent: its `first` or `last`, else the length of its list
        argument when it answers a list (`nodes(ids:)`); None when it answers one value.
        """
        lists = (
            []
            if "first" in definition.args or not is_list_type(get_nullable_type(definition.type))
            else [name for name, argument in definition.args.items() if is_list_type(get_nullable_type(argument.type))]
        )
        if "first" not in definition.args and not lists:
            return None
        variables = self._coerce(node)
        if variables is None:
            return 0  # the variables do not coerce: graphql-core refuses the operation and runs nothing
        try:
            arguments = get_argument_values(definition, node, variables)
        except GraphQLError:
            return 0  # graphql-core reports this field and runs nothing below it
        if "first" not in definition.args:
            return max((len(arguments[name]) for name in lists if isinstance(arguments.get(name), list)), default=0)
        return self._page_size(definition, arguments, node, path)

    def _page_size(self, definition: GraphQLField, arguments: dict[str, Any], node: FieldNode, path: Path) -> int:
        """A paged field's `first` or `last` (refused outside 1..100, or both given), else its default size."""
        first, last = arguments.get("first"), arguments.get("last")
        if any(
            value is not None and (not isinstance(value, int) or isinstance(value, bool)) for value in (first, last)
        ):
            return 0  # a variable of another type, which standard validation refuses
        refusals = self.refusals.setdefault(self._definition, [])
        if first is not None and last is not None:
            refusals.append((path, node, both_first_and_last))
            return 0  # refused: nothing runs
        argument, size = ("last", last) if last is not None else ("first", first)
        if size is None:
            default = definition.args["first"].default_value
            # A connection's `first` has no declared default, so that `last` alone pages backwards.
            size = default if isinstance(default, int) else (DEFAULT_FIRST if "last" in definition.args else MAX_FIRST)
        if not 1 <= size <= MAX_FIRST:
            refusals.append((path, node, functools.partial(out_of_range, argument, size=size)))
            size = MAX_FIRST
        return size


def variable_names(values: Iterable[ValueNode]) -> Iterator[str]:
    """The names of the variables in these values, lists and input objects included (a name may repeat)."""
    pending = list(values)
    while pending:
        value = pending.pop()
        if isinstance(value, VariableNode):
            yield value.name.value
        elif isinstance(value, ListValueNode):
            pending.extend(value.values)
        elif isinstance(value, ObjectValueNode):
            pending.extend(item.value for item in value.fields)


def _spread_names(selection_set: SelectionSetNode) -> Iterator[str]:
    """The names of the fragments spread anywhere in `selection_set`, not through other fragments."""
    pending = [selection_set]
    while pending:
        for selection in pending.pop().selections:
            if isinstance(selection, FragmentSpreadNode):
                yield selection.name.value
            elif isinstance(selection, FieldNode | InlineFragmentNode) and selection.selection_set is not None:
                pending.append(selection.selection_set)
