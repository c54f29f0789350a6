"""The reads: a field's selection planned, read in ONE statement, returned as read-models.

Each root function is what a root resolver does: plan what is selected below it (api.gql.planner),
compile and run the plan (api.graph.compiler), and turn the rows into read-models
(api.gql.entities). Nothing below a root field queries the graph again, except the network fields
of Person (api.gql.network, api.gql.shown).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, cast

from graphql import FieldNode

from api.gql import entities  # entities reaches back here through its network fields: names are read at run time
from api.gql.context import Info
from api.gql.errors import bad_argument
from api.gql.ids import from_global_id, local_id
from api.gql.kept_reads import KeptRead, kept_read
from api.gql.pagination import MAX_FIRST, Connection
from api.gql.planner import Planner, connection_window, named
from api.gql.privacy import interview_access
from api.gql.selection import Selections
from api.graph import search as full_text
from api.graph.compiler import compile_read
from api.graph.plan import (
    Access,
    CompaniesFilter,
    NodeEntity,
    NodeRead,
    NodesRead,
    PageRead,
    PeopleFilter,
    Read,
    RolesFilter,
    SearchRead,
    Selection,
    Viewer,
)
from api.graph.rows import NodeResult, NodesResult, PageResult, SearchResult
from api.graph.runner import Row

if TYPE_CHECKING:
    from api.gql.entities import Company, Interview, Person, Role

Model: TypeAlias = "Person | Company | Role | Interview"
MAX_NODES = 100
# Each word becomes a prefix clause per indexed property (5 of them); Lucene refuses more than 1024
# clauses with an internal error, so a long query is refused up front with a clear one.
MAX_SEARCH_LENGTH = 200


def planner(info: Info) -> Planner:
    document = info.context.document
    assert document is not None  # noqa: S101 - api.gql.context.keep_document sets it before execution
    selections = Selections.of(document.schema, document.node, info.operation, info.variable_values)
    return Planner(selections, info.context.viewer)


def _field(plans: Planner, info: Info) -> list[FieldNode]:
    """The nodes of the root field being resolved."""
    return plans.selections.root(str(info.path.key))


def _owner(info: Info) -> Viewer:
    """The viewer as the statements see it: the owner in their Access.OWNER conditions."""
    viewer = info.context.viewer
    return Viewer(viewer.person_id if viewer is not None else None)


async def run(info: Info, read: Read) -> list[Row]:
    return await compile_read(read, _owner(info)).run(info.context.graph)


def _planned(info: Info, read: NodeRead | PageRead, *, count: bool = False, more: bool = False) -> KeptRead:
    """`read`'s plan, to be kept for the requests that send the same document (api.gql.kept_reads)."""
    selection = read.selection
    return KeptRead(selection, entities.reader(selection), compile_read(read, _owner(info)), count=count, more=more)


def filter_id(global_id: str | None, field: str) -> str | None:
    """The local id of the company a filter names (None when not given); a clear error when it names none."""
    if global_id is None:
        return None
    found = local_id(global_id, "Company")
    if found is None:
        raise bad_argument(f"`{field}` is not the ID of a Company: {global_id!r}")
    return found


async def node(info: Info, global_id: str) -> Model | None:
    decoded = from_global_id(global_id)
    if decoded is None:
        return None
    entity, key = cast("tuple[NodeEntity, str]", decoded)
    access = interview_access(info.context.viewer) if entity == "Interview" else Access.ALL
    if access is Access.NONE:
        return None

    def plan() -> KeptRead:
        plans = planner(info)
        return _planned(info, NodeRead(key, plans.selection(entity, _field(plans, info)), access))

    kept = kept_read(info, ("node", entity), plan)
    statement = kept.statement_for(NodeRead(key, kept.selection, access), _owner(info))
    rows = await statement.run(info.context.graph)
    found: Model | None = kept.reader(cast("NodeResult", rows[0])["node"]) if rows else None
    return found


async def nodes(info: Info, global_ids: list[str]) -> list[Model | None]:
    if len(global_ids) > MAX_NODES:
        raise bad_argument(f"`nodes` takes at most {MAX_NODES} ids, got {len(global_ids)}")
    asked: dict[NodeEntity, dict[str, None]] = {}  # by type, each id once, in order
    for decoded in map(from_global_id, global_ids):
        if decoded is not None:
            entity, key = cast("tuple[NodeEntity, str]", decoded)
            asked.setdefault(entity, {})[key] = None
    access = interview_access(info.context.viewer)
    if access is Access.NONE:
        asked.pop("Interview", None)
    if not asked:
        return [None] * len(global_ids)
    plans = planner(info)
    field = _field(plans, info)
    selections = {entity: plans.selection(entity, field) for entity in asked}
    read = NodesRead(
        tuple((entity, tuple(keys)) for entity, keys in asked.items()),
        tuple(selections.items()),
        interview_access=access,
    )
    [row] = await run(info, read)
    result = cast("NodesResult", row)
    found: dict[tuple[str, str], Model] = {}
    for entity, selection in selections.items():
        read_model = entities.reader(selection)
        found.update(((entity, item["id"]), read_model(item)) for item in result[entity])
    return [found.get(decoded) if decoded is not None else None for decoded in map(from_global_id, global_ids)]


async def viewer(info: Info) -> Person | None:
    viewer = info.context.viewer
    if viewer is None or viewer.person_id is None:
        return None
    person = viewer.person_id

    def plan() -> KeptRead:
        plans = planner(info)
        return _planned(info, NodeRead(person, plans.selection("Person", _field(plans, info))))

    kept = kept_read(info, ("viewer",), plan)
    selection = kept.selection
    if not selection.properties and not selection.relations:
        # Only the id and network fields (`viewer { opportunities }`): authentication found the person,
        # so there is nothing to read here, and each network field sends its own search.
        return cast("Person", kept.reader({"id": person}))
    rows = await kept.statement_for(NodeRead(person, selection), _owner(info)).run(info.context.graph)
    return cast("Person", kept.reader(cast("NodeResult", rows[0])["node"])) if rows else None


async def page(
    info: Info,
    entity: Literal["Person", "Company", "Role"],
    narrow: PeopleFilter | CompaniesFilter | RolesFilter,
    arguments: Mapping[str, Any],
) -> Connection[Any]:
    """A root list (people, companies, roles): one page of it, with whatever each item selects.

    `arguments` are the field's Relay arguments (first, after, last, before) by name.
    """
    window = connection_window(info.field_name, arguments)

    def plan() -> KeptRead:
        plans = planner(info)
        connection = plans.connection(
            plans.object_type(f"{entity}Connection"), _field(plans, info), info.field_name, arguments
        )
        read = PageRead(narrow, connection.page, plans.selection(entity, connection.nodes))
        return _planned(info, read, count=connection.count, more=connection.more)

    # A page's text depends on its selection, its filter's type and whether it is read from the end
    # (api.graph.compiler.again); the window's values and the filter's are parameters.
    kept = kept_read(info, (info.field_name, window.from_end), plan)
    read = PageRead(narrow, window.page(count=kept.count, more=kept.more), kept.selection)
    [row] = await kept.statement_for(read, _owner(info)).run(info.context.graph)
    result = cast("PageResult", row)
    return window.connection([kept.reader(item) for item in result["items"]], total=result.get("total"))


async def search(info: Info, text: str, first: int | None) -> list[Person | Company | Role]:
    first = 10 if first is None else first
    if not 1 <= first <= MAX_FIRST:
        raise bad_argument(f"`first` on `search` must be between 1 and {MAX_FIRST}, got {first}")
    if len(text) > MAX_SEARCH_LENGTH:
        raise bad_argument(f"`query` on `search` must be at most {MAX_SEARCH_LENGTH} characters, got {len(text)}")
    query = full_text.lucene_query(text)
    if query is None:
        return []
    plans = planner(info)
    field = _field(plans, info)
    selections: tuple[tuple[Literal["Person", "Company", "Role"], Selection], ...] = tuple(
        (entity, plans.selection(entity, field)) for entity in ("Person", "Company", "Role")
    )
    [row] = await run(info, SearchRead(query, first, selections))
    readers = {entity: entities.reader(selection) for entity, selection in selections}
    return [readers[hit["type"]](hit["node"]) for hit in cast("SearchResult", row)["hits"]]


async def payload(info: Info, field: str, entity: NodeEntity, key: str | None) -> Any:  # noqa: ANN401 - a Model
    """What a mutation's payload shows of the node it wrote: read after the write, as `field` below it selects.

    The mutation has already decided the caller may see it; private fields stay private.
    """
    if key is None:
        return None
    plans = planner(info)
    payload_type = named(plans.selections.schema.mutation_type.fields[info.field_name].type)  # type: ignore[union-attr]
    nodes = plans.nodes_at(payload_type, _field(plans, info), [field])
    if not nodes:
        return None
    selection = plans.selection(entity, nodes)
    rows = await run(info, NodeRead(key, selection))
    return entities.reader(selection)(cast("NodeResult", rows[0])["node"]) if rows else None
