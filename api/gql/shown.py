"""The people and roles a network field's answer shows, as the selection below that field asks for them.

The network searches (api.graph.network) return the rows of the people, roles and companies they show.
Read-models are made from those rows when they hold everything the selection asks for (a person's
positions, say, they do not hold); else one compiled statement (api.graph.compiler) reads all of them,
as a root field would.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, cast

from graphql import FieldNode

from api.gql import entities, reads  # both reach back here through the network fields: names are read at run time
from api.gql.context import Info
from api.gql.planner import Planner, named
from api.graph.plan import Access, Entity, NodeEntity, NodesRead, Property, Selection
from api.graph.rows import NodeRow, NodesResult


def _below(info: Info, plans: Planner, paths: list[tuple[str, ...]]) -> list[FieldNode]:
    """The nodes at these paths below the field being resolved (a network field of Person), through every alias."""
    parent = plans.object_type(str(info.path.typename))
    type_ = named(parent.fields[info.field_name].type)
    field = plans.selections.at(info.path)
    return [node for path in paths for node in plans.nodes_at(type_, field, path)]


def arguments_below(info: Info, name: str) -> list[dict[str, Any]]:
    """The arguments (coerced, defaults applied) of each node of the field `name` right below the one being
    resolved, whatever its alias: what that field will be asked, known before it is resolved."""
    plans = reads.planner(info)
    parent = plans.object_type(str(info.path.typename))
    type_ = named(parent.fields[info.field_name].type)
    nodes = plans.nodes_at(type_, plans.selections.at(info.path), [name])
    return [plans.selections.arguments(type_, node) for node in nodes]


def selects(info: Info, path: tuple[str, ...]) -> bool:
    """Whether the field at `path` below the one being resolved is selected."""
    plans = reads.planner(info)
    return bool(_below(info, plans, [path]))


async def shown(
    info: Info,
    entity: Entity,
    rows: Mapping[str, Mapping[str, object] | None],
    paths: list[tuple[str, ...]],
    *,
    names: bool = False,
) -> dict[str, Any]:
    """The entities a network field's answer shows, by id, as the selection at `paths` below it asks.

    `rows` holds the entities' rows where the field's own statement returned them (None where it
    returned only an id): they make the read-models when they hold all the selection asks for,
    else one statement reads them all. `names`: their names are needed too (for reasons in words).
    """
    if not rows:
        return {}
    plans = reads.planner(info)
    nodes = _below(info, plans, paths)
    if not nodes and not names:
        return {}
    selection = plans.selection(entity, nodes)
    if names and "name" not in {item.name for item in selection.properties}:
        selection = dataclasses.replace(selection, properties=(*selection.properties, Property("name")))
    read = entities.reader(selection)
    if all(row is not None and _holds(row, selection) for row in rows.values()):
        viewer = info.context.viewer
        mine = viewer.person_id if viewer is not None else None
        # Each row holds what the selection reads (checked just above): it reads as the entity's row.
        return {key: read(_visible(cast("NodeRow", row), selection, mine)) for key, row in rows.items()}
    node_entity = cast("NodeEntity", entity)
    [row] = await reads.run(info, NodesRead(((node_entity, tuple(rows)),), ((node_entity, selection),)))
    return {item["id"]: read(item) for item in cast("NodesResult", row)[node_entity]}


def _holds(row: Any, selection: Selection) -> bool:  # noqa: ANN401 - a row of any entity
    """Whether a row another statement returned holds everything `selection` reads (and no privacy rule applies
    but the one `_visible` applies)."""
    if any(
        item.name not in row or (item.access is not Access.ALL and selection.entity != "Person")
        for item in selection.properties
    ):
        return False
    for relation in selection.relations:
        if relation.page is not None or relation.name not in row:
            return False
        value = row[relation.name]
        values = value if isinstance(value, list) else [] if value is None else [value]
        if not all(_holds(item, relation.selection) for item in values):
            return False
    return True


def _visible(row: NodeRow, selection: Selection, mine: str | None) -> NodeRow:
    """A person row with what the viewer (`mine`: their id) may not see blanked out, as a statement blanks it."""
    hidden = {
        item.name: item.hidden
        for item in selection.properties
        if item.access is Access.NONE or (item.access is Access.OWNER and row["id"] != mine)
    }
    return cast("NodeRow", {**row, **hidden}) if hidden else row
