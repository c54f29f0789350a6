"""A cheaper way through the plain parts of a response: fields that only read an attribute skip the machinery.

graphql-core and Strawberry spend about 10 µs on every field they complete: a ResolveInfo, the
argument check, Strawberry's resolver wrapper, two awaitable checks, the completion dispatch and,
per object, collecting its sub-selection. Most of a big answer only reads attributes: an
opportunity's `hops`, its `paths`, each path's `steps`, each step's `kind` and `on`. For those
Strawberry's own resolver is `getattr(source, python_name)` and graphql-core's completion is
`coerce_output_value` for a scalar or enum, the sub-selection for an object, item by item for a list.

LeanExecutionContext does just that for "plain" fields: a Strawberry field with no resolver of our
own, no field extensions and no arguments, whose type is a scalar, an enum, an object type (not an
interface or union) or a list of those, where every field selected below is plain too. Anything
else (a resolver, @defer, an interface) goes the normal way. So does anything unusual on the short
way (a null where the type forbids one, a value the type cannot represent, an exception): the normal
way then answers it again from the start of that object and reports it as it always did; reading
attributes twice changes nothing. What it bought is in docs/benchmarks.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any, cast

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    Undefined,
    is_leaf_type,
)

from api.gql.lean_plans import field_key, operation_plans
from api.seams.graphql_stack import StrawberryGraphQLCoreExecutionContext, plain_attribute, strawberry_enum

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from graphql import GraphQLLeafType, GraphQLOutputType
    from graphql.pyutils import AwaitableOrValue, Path

    from api.seams.graphql_stack import DeferUsage, DeliveryGroupMap, FieldDetailsList, GroupedFieldSet

    Complete = Callable[[object], object]  # a value -> its completed form; raises _Unusual to go the normal way
    _Read = tuple[str, Complete]  # a plain field: the attribute it reads, and how its value completes
    Field = tuple[str, str, Complete]  # a selected plain field: its response key, then as _Read

_PLAIN = "crosspaths-plain"  # a field's attribute name when it is plain (else None), kept in its own extensions


class _Unusual(Exception):  # noqa: N818 - a signal to take the normal way, not an error
    pass


def _plain_attribute(field: GraphQLField) -> str | None:
    """The attribute a field reads when it only reads one (decided once per field, kept with it)."""
    if not field.extensions:
        return None  # graphql-core's own fields (introspection) are left alone
    try:
        attribute: str | None = field.extensions[_PLAIN]
    except KeyError:
        attribute = field.extensions[_PLAIN] = plain_attribute(field)
    return attribute


def _leaf(type_: GraphQLLeafType, *, nullable: bool) -> Complete:
    coerce = type_.coerce_output_value  # what graphql-core's complete_leaf_value calls

    def complete(value: object) -> object:
        if value is None:
            if nullable:
                return None
            raise _Unusual  # the normal way reports the null, with its path
        coerced = coerce(value)
        if coerced is None or coerced is Undefined:
            raise _Unusual
        return coerced

    if not isinstance(type_, GraphQLEnumType) or (wrapped := strawberry_enum(type_)) is None:
        return complete
    # Strawberry's enum coercion reads each of the type's values in turn; look the member up instead
    # (by id: members live for good, and Enum hashes in Python). Anything else goes the usual way.
    members: list[Enum] = list(wrapped)
    names: dict[int, str] = {}
    for name, item in type_.values.items():
        for member in members:
            if member.value == item.value:
                names.setdefault(id(member), name)  # the first name that matches, as Strawberry answers

    def complete_enum(value: object) -> object:
        name = names.get(id(value))
        return name if name is not None else complete(value)

    return complete_enum


def _list(item: Complete, *, nullable: bool) -> Complete:
    def complete(value: object) -> object:
        if value is None:
            if nullable:
                return None
            raise _Unusual
        if not isinstance(value, list | tuple):
            raise _Unusual
        return [item(each) for each in value]

    return complete


# `__typename` read as a field like any other: every object has a __class__, and the answer ignores it.
_TYPENAME = "__class__"


def _typename(name: str) -> Complete:
    def answer(_value: object) -> object:
        return name

    return answer


@dataclass(frozen=True, slots=True)
class _Object:
    """How to answer a selection on an object type: the type's own check, then each field."""

    type_: GraphQLObjectType
    fields: tuple[Field, ...]

    def fields_of(self, value: object) -> dict[str, object]:
        """Each selected field of `value` (its type already checked)."""
        return {name: complete(getattr(value, attribute)) for name, attribute, complete in self.fields}

    def completion(self, *, nullable: bool) -> Complete:
        """value -> its answer, after the type's own check (one call per object: a page has hundreds)."""
        fields, is_type_of = self.fields, self.type_.is_type_of

        def complete(value: object) -> object:
            if value is None:
                if nullable:
                    return None
                raise _Unusual
            # Strawberry's is_type_of never reads the info; one of ours that would fails, and goes the normal way.
            if is_type_of is not None and is_type_of(value, None) is not True:  # type: ignore[arg-type]
                raise _Unusual
            return {name: answer(getattr(value, attribute)) for name, attribute, answer in fields}

        return complete


class LeanExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution context, with the short way through plain fields (see the module)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # noqa: ANN401 - graphql-core's own signature
        super().__init__(*args, **kwargs)
        # Strawberry always hands over a middleware manager; it wraps resolvers only when it has middleware.
        manager = self.middleware_manager
        self._lean = manager is None or not manager.middlewares
        # By identity of graphql-core's field groups and selections, which it keeps alive for the
        # whole operation: their answers (None: not plain), found once per operation.
        self._fields: dict[int, _Read | None] = {}
        self._objects: dict[int, _Object | None] = {}
        # Fields' answers kept across requests, by where the fields stand in the document's text.
        fragments = [details.definition for details in self.fragments.values()]
        self._kept = operation_plans(self.schema, self.operation, fragments) if self._lean else None

    def _object(self, type_: GraphQLObjectType, grouped_field_set: GroupedFieldSet) -> _Object | None:
        key = id(grouped_field_set)
        if key not in self._objects:
            fields = [(name, self._field(type_, details)) for name, details in grouped_field_set.items()]
            plain = [(name, *read) for name, read in fields if read is not None]
            self._objects[key] = _Object(type_, tuple(plain)) if len(plain) == len(fields) else None
        return self._objects[key]

    def _field(self, parent_type: GraphQLObjectType, field_details_list: FieldDetailsList) -> _Read | None:
        key = id(field_details_list)
        if key not in self._fields:
            self._fields[key] = self._kept_plan(parent_type, field_details_list)
        return self._fields[key]

    def _kept_plan(self, parent_type: GraphQLObjectType, field_details_list: FieldDetailsList) -> _Read | None:
        """The field's plan as an earlier request of the same operation made it, else made now (and kept)."""
        kept = self._kept
        key = None if kept is None else field_key(parent_type, field_details_list)
        if kept is None or key is None:
            return self._plan(parent_type, field_details_list)
        if key in kept.plans:
            return cast("_Read | None", kept.plans[key])
        plan = self._plan(parent_type, field_details_list)
        kept.keep(key, plan)
        return plan

    def _plan(self, parent_type: GraphQLObjectType, field_details_list: FieldDetailsList) -> _Read | None:
        """(attribute, completion) for a plain field, else None."""
        node = field_details_list[0].node
        if node.name.value == "__typename":  # clients such as Apollo ask for it on every object
            return _TYPENAME, _typename(parent_type.name)
        field = None if node.arguments else self.schema.get_field(parent_type, node.name.value)
        attribute = None if field is None else _plain_attribute(field)
        if field is None or attribute is None:
            return None
        complete = self._completion(field.type, field_details_list)
        return None if complete is None else (attribute, complete)

    def _completion(self, type_: GraphQLOutputType, field_details_list: FieldDetailsList) -> Complete | None:
        """value -> completed value for `type_`, or None when that type is not plain."""
        nullable = not isinstance(type_, GraphQLNonNull)
        named = type_.of_type if isinstance(type_, GraphQLNonNull) else type_
        if is_leaf_type(named):
            return _leaf(named, nullable=nullable)
        if isinstance(named, GraphQLList):
            item = self._completion(named.of_type, field_details_list)
            return None if item is None else _list(item, nullable=nullable)
        if isinstance(named, GraphQLObjectType):
            grouped_field_set, new_defer_usages, _ = self.collect_subfields(named, field_details_list)
            selection = None if new_defer_usages else self._object(named, grouped_field_set)
            return None if selection is None else selection.completion(nullable=nullable)
        return None  # an interface or a union: its type is resolved the normal way

    def execute_collected_subfields(  # noqa: PLR0917 - graphql-core's own signature
        self,
        parent_type: GraphQLObjectType,
        source_value: object,
        path: Path,
        grouped_field_set: GroupedFieldSet,
        new_defer_usages: Sequence[DeferUsage],
        delivery_group_map: DeliveryGroupMap | None,
    ) -> AwaitableOrValue[dict[str, Any]]:
        if self._lean and not new_defer_usages and delivery_group_map is None:
            selection = self._object(parent_type, grouped_field_set)
            if selection is not None:
                try:
                    return selection.fields_of(source_value)
                except Exception:  # noqa: BLE001, S110 - the normal way below reports it, with its path
                    pass
        return super().execute_collected_subfields(
            parent_type, source_value, path, grouped_field_set, new_defer_usages, delivery_group_map
        )

    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: object,
        field_details_list: FieldDetailsList,
        path: Path,
        position_context: DeliveryGroupMap | None,
    ) -> AwaitableOrValue[Any]:
        if self._lean:
            read = self._field(parent_type, field_details_list)
            if read is not None:
                attribute, complete = read
                try:
                    return complete(getattr(source, attribute))
                except Exception:  # noqa: BLE001, S110 - the normal way below reports it, with its path
                    pass
        return super().execute_field(parent_type, source, field_details_list, path, position_context)
