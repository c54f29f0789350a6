"""A read plan (api.graph.plan) compiled into ONE parameterised Cypher statement.

Each property becomes a map-projection entry and each relation a COLLECT {} subquery (a page
adds a COUNT {} when its total is asked for), nested as deep as the plan goes, so a request's
whole answer comes back in one round trip. Labels, relationship types and orders come from the
fixed literals of api.graph.relations; every value is a parameter. The root's own values (a node's
id, a page's window and filter) are named; variables and the other parameters are numbered in the
order the plan is walked. So the same plan shape gives the same text, which is what Neo4j keys its
plan cache on, and what lets the API keep a text for every read of that shape (api.gql.kept_reads).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, LiteralString

from api.graph import relations
from api.graph.plan import (
    Access,
    CompaniesFilter,
    Entity,
    NodeEntity,
    NodeRead,
    NodesRead,
    Page,
    PageRead,
    PeopleFilter,
    Read,
    Relation,
    RolesFilter,
    SearchRead,
    Selection,
    Viewer,
)
from api.graph.runner import Graph, Row

_STEP = "  "


@dataclass(frozen=True)
class Statement:
    """Cypher text and its parameters."""

    text: LiteralString
    parameters: dict[str, Any]

    async def run(self, graph: Graph) -> list[Row]:
        # The driver's dates are kept: the API's read-models convert the ones they show.
        return await graph.read_for_response(self.text, **self.parameters)


def compile_read(read: Read, viewer: Viewer) -> Statement:
    """The statement answering `read` for `viewer` (the owner in Access.OWNER conditions).

    A root's own values (a node's id; a page's window and filter) are named parameters (`root_values`), so
    reads that differ only in those and in the viewer compile to one text (`again`).
    """
    compiler = _Compiler(viewer)
    match read:
        case NodeRead():
            text = compiler.node(read)
        case NodesRead():
            text = compiler.nodes(read)
        case PageRead():
            text = compiler.page_of(read)
        case SearchRead():
            text = compiler.search(read)
    return Statement(text, compiler.parameters)


def again(statement: Statement, read: NodeRead | PageRead, viewer: Viewer) -> Statement:
    """`statement`, compiled for another read that differs from `read` only in its root's values (`root_values`),
    with `read`'s values and `viewer` as the owner: the same text, whatever those values.

    The text depends on the selection, a node's access, and a page's filter type, direction (from the
    end) and count; a page's other flags only change the values of its window.
    """
    parameters = statement.parameters | root_values(read)
    if "viewer" in parameters:
        parameters["viewer"] = viewer.person_id
    return Statement(statement.text, parameters)


def root_values(read: NodeRead | PageRead) -> dict[str, Any]:
    """The named parameters of a read's root: its id, or its window and filter."""
    match read:
        case NodeRead():
            return {"id": read.id}
        case PageRead():
            return {"skip": read.page.skip, "limit": _limit(read.page), **_filter_values(read.filter)}


def _filter_values(narrow: PeopleFilter | CompaniesFilter | RolesFilter) -> dict[str, Any]:
    match narrow:
        case PeopleFilter():
            return {
                "nameContains": narrow.name_contains,
                "companyId": narrow.company_id,
                "openToWork": narrow.open_to_work,
            }
        case CompaniesFilter():
            return {"nameContains": narrow.name_contains, "hasOpenRoles": narrow.has_open_roles}
        case RolesFilter():
            return {"companyId": narrow.company_id, "status": narrow.status, "titleContains": narrow.title_contains}


@dataclass
class _Compiler:
    viewer: Viewer
    parameters: dict[str, Any] = field(default_factory=dict)
    _names: int = 0
    _params: int = 0

    def name(self, prefix: LiteralString) -> LiteralString:
        """A fresh variable name."""
        self._names += 1
        return f"{prefix}{self._names - 1}"

    def param(self, value: object) -> LiteralString:
        """A fresh parameter holding `value`."""
        name = f"p{self._params}"
        self._params += 1
        self.parameters[name] = value
        return "$" + name

    def fill(self, template: LiteralString, **names: LiteralString) -> LiteralString:
        """`template` with these names, and a fresh one for `{inner}` when it has one."""
        inner = self.name("x") if "{inner}" in template else ""
        return template.format(**names, inner=inner)

    def owned(self, entity: Entity, node: LiteralString, access: Access) -> LiteralString:
        """The condition under which `node` may show a value with this access."""
        if access is Access.NONE:
            return "false"
        self.parameters["viewer"] = self.viewer.person_id
        return relations.OWNED[entity].format(node=node)

    # --- roots ----------------------------------------------------------------------------------------------------

    def node(self, read: NodeRead) -> LiteralString:
        node = self.name("n")
        entity = _node_entity(read.selection)
        self.parameters |= root_values(read)
        lines = [f"MATCH ({node}:{relations.LABELS[entity]} {{id: $id}})"]
        if read.access is not Access.ALL:
            lines.append("WHERE " + self.owned(entity, node, read.access))
        lines.append(f"RETURN {self.projection(read.selection, node, '')} AS node")
        return "\n".join(lines) + "\n"

    def nodes(self, read: NodesRead) -> LiteralString:
        selections = dict(read.selections)
        blocks, columns = [], []
        for entity, ids in read.ids:
            node = self.name("n")
            label = relations.LABELS[entity]
            lines = [f"UNWIND {self.param(list(ids))} AS id", f"MATCH ({node}:{label} {{id: id}})"]
            if entity == "Interview" and read.interview_access is not Access.ALL:
                lines.append("WHERE " + self.owned(entity, node, read.interview_access))
            lines.append(f"RETURN collect({self.projection(selections[entity], node, _STEP)}) AS {label}")
            blocks.append(_call(lines))
            columns.append(label)
        return "".join(blocks) + "RETURN " + ", ".join(columns) + "\n"

    def page_of(self, read: PageRead) -> LiteralString:
        entity = _node_entity(read.selection)
        where, order = _FILTERS[type(read.filter)]
        self.parameters |= root_values(read)
        label = relations.LABELS[entity]
        node = self.name("n")
        window = "SKIP $skip LIMIT $limit"
        condition = "WHERE " + self.fill(where, node=node).replace("\n", "\n" + _STEP)
        items = f"collect({self.projection(read.selection, node, _STEP)})"
        text = _call(
            [
                f"MATCH ({node}:{label})",
                condition,
                f"WITH {node} ORDER BY {_ordered(order, read.page).format(node=node)} {window}",
                f"RETURN {_in_list_order(items, read.page)} AS items",
            ]
        )
        if not read.page.count:
            return text + "RETURN items\n"
        node = self.name("n")
        counted = [
            f"MATCH ({node}:{label})",
            "WHERE " + self.fill(where, node=node).replace("\n", "\n" + _STEP),
            f"RETURN count({node}) AS total",
        ]
        return text + _call(counted) + "RETURN items, total\n"

    def search(self, read: SearchRead) -> LiteralString:
        node = self.name("n")
        self.parameters |= {"query": read.query, "limit": read.limit}
        cases = [
            f"WHEN {node}:{relations.LABELS[entity]} THEN {{type: '{relations.LABELS[entity]}', "
            f"node: {self.projection(selection, node, _STEP * 2)}}}"
            for entity, selection in read.selections
        ]
        hits = "\n".join(_STEP + case for case in cases)
        return relations.SEARCH.format(node=node) + f"\nRETURN collect(CASE\n{hits}\nEND) AS hits\n"

    # --- what is read of one entity -------------------------------------------------------------------------------

    def projection(
        self, selection: Selection, node: LiteralString, indent: LiteralString, edge: LiteralString = ""
    ) -> LiteralString:
        """A map of what `selection` reads of `node` (for a position: of the relationship `edge` to company `node`)."""
        entity = selection.entity
        scalars: list[LiteralString] = [] if entity == "Position" else [".id"]
        for item in selection.properties:
            computed = relations.COMPUTED.get((entity, item.name))
            value = "" if computed is None else self.fill(computed, node=node, edge=edge)
            if item.access is not Access.ALL:
                stored = value or f"{node}.{item.name}"
                hidden = "" if item.hidden is None else f" ELSE {str(item.hidden).lower()}"
                value = f"CASE WHEN {self.owned(entity, node, item.access)} THEN {stored}{hidden} END"
            scalars.append(f"{item.name}: {value}" if value else f".{item.name}")
        inner = indent + _STEP
        related = [
            f"{relation.name}: {self.related(entity, relation, node, inner)}"
            for relation in selection.relations
            if relation.page is None
        ]
        pages = [f"{name}: {self.page(entity, relation, node, inner + _STEP)}" for name, relation in selection.pages()]
        if pages:
            related.append("pages: {\n" + inner + _STEP + f",\n{inner}{_STEP}".join(pages) + f"\n{inner}}}")
        head = "" if entity == "Position" else node + " "
        if not related:
            return head + "{" + ", ".join(scalars) + "}"
        lines = ([", ".join(scalars)] if scalars else []) + related
        return head + "{\n" + inner + f",\n{inner}".join(lines) + f"\n{indent}}}"

    def related(
        self, parent_entity: Entity, relation: Relation, parent: LiteralString, indent: LiteralString
    ) -> LiteralString:
        """A one-to-one relation (an entity or null) or a list relation, as a COLLECT subquery."""
        if parent_entity == "Position":  # the company: bound by the link that found the position
            return self.projection(relation.selection, parent, indent)
        link = relations.LINKS[parent_entity, relation.name]
        if link.order is None:  # at most one
            match, node, edge = self.match(link, parent)
            body = [*match, f"RETURN {self.projection(relation.selection, node, indent + _STEP, edge)} LIMIT 1"]
            return _collect(body, indent) + "[0]"
        match, node, edge = self.match(link, parent)
        body = [
            *match,
            self.ordered(link, node, edge),
            f"RETURN {self.projection(relation.selection, node, indent + _STEP, edge)}",
        ]
        return _collect(body, indent)

    def page(
        self, parent_entity: Entity, relation: Relation, parent: LiteralString, indent: LiteralString
    ) -> LiteralString:
        """{items, total?}: a page of a list relation, with its length when counted."""
        page = relation.page
        assert page is not None  # noqa: S101 - only paged relations come here
        link = relations.LINKS[parent_entity, relation.name]
        flag = self.param(relation.current) if link.where is not None and "{flag}" in link.where else ""
        match, node, edge = self.match(link, parent, flag)
        window = f" SKIP {self.param(page.skip)} LIMIT {self.param(_limit(page))}"
        inner = indent + _STEP
        projection = self.projection(relation.selection, node, inner + _STEP, edge)
        items = _collect([*match, self.ordered(link, node, edge, page) + window, f"RETURN {projection}"], inner)
        entries: list[LiteralString] = [f"items: {_in_list_order(items, page)}"]
        if page.count:
            match, node, _ = self.match(link, parent, flag)
            counted = [*match, f"RETURN DISTINCT {node}"] if link.distinct else match
            entries.append("total: " + _subquery("COUNT", counted, inner))
        value = "{\n" + inner + f",\n{inner}".join(entries) + f"\n{indent}}}"
        if relation.access is Access.ALL:
            return value
        empty = "{items: []" + (", total: 0}" if page.count else "}")
        return f"CASE WHEN {self.owned(parent_entity, parent, relation.access)} THEN {value} ELSE {empty} END"

    def match(
        self, link: relations.Link, parent: LiteralString, flag: LiteralString = ""
    ) -> tuple[list[LiteralString], LiteralString, LiteralString]:
        """MATCH (and WHERE) lines of a link from `parent`, with the variables they bind: node, edge.

        `flag` is the parameter a link's condition may read (employees: `current`).
        """
        node, edge = self.name("n"), self.name("r") if "{edge}" in link.pattern else ""
        inner = self.name("x") if "{inner}" in link.pattern + (link.where or "") else ""
        names = {"parent": parent, "node": node, "edge": edge, "inner": inner}
        lines = ["MATCH " + link.pattern.format(**names)]
        if link.where is not None:
            lines.append("WHERE " + link.where.format(**names, flag=flag))
        return lines, node, edge

    @staticmethod
    def ordered(
        link: relations.Link, node: LiteralString, edge: LiteralString, page: Page | None = None
    ) -> LiteralString:
        carried = f"{edge}, {node}" if edge else node
        order = _ordered(link.order or "", page).format(node=node, edge=edge)
        return f"WITH {'DISTINCT ' if link.distinct else ''}{carried} ORDER BY {order}"


# Each root list's filter (its parameters: _filter_values) and order.
_FILTERS: dict[type, tuple[LiteralString, LiteralString]] = {
    PeopleFilter: (relations.PEOPLE_FILTER, relations.BY_NAME),
    CompaniesFilter: (relations.COMPANIES_FILTER, relations.BY_NAME),
    RolesFilter: (relations.ROLES_FILTER, relations.NEWEST_ROLES),
}


def _node_entity(selection: Selection) -> NodeEntity:
    entity = selection.entity
    assert entity != "Position"  # noqa: S101 - positions are read through a person only
    return entity


def _limit(page: Page) -> int:
    """One more than the page when only "is there more?" tells whether a next page exists."""
    return page.size + 1 if page.more and not page.count else page.size


def _ordered(order: LiteralString, page: Page | None) -> LiteralString:
    """The list's order, or its reverse for a page read from the end (the index serves either way)."""
    return relations.reversed_order(order) if page is not None and page.from_end else order


def _in_list_order(items: LiteralString, page: Page) -> LiteralString:
    """The page's items in the list's order: a page from the end was read backwards."""
    return f"reverse({items})" if page.from_end else items


def _call(lines: list[LiteralString]) -> LiteralString:
    return "CALL () {\n" + "".join(_STEP + line + "\n" for line in lines) + "}\n"


def _collect(lines: list[LiteralString], indent: LiteralString) -> LiteralString:
    return _subquery("COLLECT", lines, indent)


def _subquery(kind: LiteralString, lines: list[LiteralString], indent: LiteralString) -> LiteralString:
    inner = indent + _STEP
    return kind + " {\n" + "".join(inner + line + "\n" for line in lines) + indent + "}"
