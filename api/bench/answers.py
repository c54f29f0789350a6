"""Every system's answer reduced to one plain form: lists in answer order, local ids, ISO dates.

crosspaths answers with global ids and its own GraphQL shape, the peer with stored ids and
@neo4j/graphql's shapes (relationship properties on connection edges), the floor with records.
Two answers are the same when their forms are equal; `difference` says where they are not.
Fields only crosspaths can answer (`reasons`, a step's `context`) are left out of the form.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from neo4j.time import Date

from api.gql.ids import from_global_id

if TYPE_CHECKING:
    from collections.abc import Callable

Json = dict[str, Any]
Records = list[dict[str, Any]]


def _local(global_id: str) -> str:
    decoded = from_global_id(global_id)
    return decoded[1] if decoded else global_id


def _day(value: object) -> str | None:
    """A date as the API writes it (the floor's records hold neo4j.time.Date)."""
    if value is None:
        return None
    return value.iso_format() if isinstance(value, Date) else str(value)


def _positions(rows: list[Json]) -> list[object]:
    return [[row["title"], _day(row["startedOn"]), row["company"]["id"], row["company"]["name"]] for row in rows]


def _peer_positions(connection: Json) -> list[object]:
    return [
        [edge["properties"]["title"], edge["properties"]["startedOn"], edge["node"]["id"], edge["node"]["name"]]
        for edge in connection["edges"]
    ]


def _global_positions(rows: list[Json]) -> list[object]:
    return _positions([row | {"company": row["company"] | {"id": _local(row["company"]["id"])}} for row in rows])


# --- Q1: people(first: 100) with current positions ----------------------------------------------------------


def people_page(body: Json) -> object:
    nodes = [edge["node"] for edge in body["data"]["people"]["edges"]]
    return [[_local(n["id"]), n["name"], _global_positions(n["currentPositions"])] for n in nodes]


def people_page_peer(body: Json) -> object:
    return [[n["id"], n["name"], _peer_positions(n["worksAtConnection"])] for n in body["data"]["people"]]


def people_page_floor(records: Records) -> object:
    people = [record["person"] for record in records]
    return [[p["id"], p["name"], _positions(p["currentPositions"])] for p in people]


# --- Q2: a person's connections and their current companies -------------------------------------------------


def _companies(ids: list[tuple[str, str]]) -> list[object]:
    return [list(pair) for pair in ids]


def connections(body: Json) -> object:
    person = body["data"]["node"]
    others = [edge["node"] for edge in person["connections"]["edges"]]
    return [
        _local(person["id"]),
        person["name"],
        [
            [
                _local(o["id"]),
                o["name"],
                _companies([(_local(p["company"]["id"]), p["company"]["name"]) for p in o["currentPositions"]]),
            ]
            for o in others
        ],
    ]


def connections_peer(body: Json) -> object:
    (person,) = body["data"]["people"]
    return [
        person["id"],
        person["name"],
        [
            [
                o["id"],
                o["name"],
                _companies([(e["node"]["id"], e["node"]["name"]) for e in o["worksAtConnection"]["edges"]]),
            ]
            for o in person["knows"]
        ],
    ]


def connections_floor(records: Records) -> object:
    (record,) = records
    person = record["person"]
    return [
        person["id"],
        person["name"],
        [
            [
                o["id"],
                o["name"],
                _companies([(p["company"]["id"], p["company"]["name"]) for p in o["currentPositions"]]),
            ]
            for o in person["connections"]
        ],
    ]


# --- profile ------------------------------------------------------------------------------------------------


def _profile(p: Json, ident: str, positions: list[object]) -> object:
    return [ident, p["name"], p["headline"], p["location"], p["openToWork"], positions]


def profile(body: Json) -> object:
    p = body["data"]["node"]
    return _profile(p, _local(p["id"]), _global_positions(p["currentPositions"]))


def profile_peer(body: Json) -> object:
    (p,) = body["data"]["people"]
    return _profile(p, p["id"], _peer_positions(p["worksAtConnection"]))


def profile_floor(records: Records) -> object:
    (record,) = records
    p = record["person"]
    return _profile(p, p["id"], _positions(p["currentPositions"]))


# --- a company's open roles ---------------------------------------------------------------------------------


def _roles(ident: str, name: str, total: int, roles: list[Json], local: bool) -> object:
    rows = [[_local(r["id"]) if local else r["id"], r["title"], _day(r["postedOn"])] for r in roles]
    return [ident, name, total, rows]


def open_roles(body: Json) -> object:
    c = body["data"]["node"]
    page = c["openRoles"]
    return _roles(_local(c["id"]), c["name"], page["totalCount"], [e["node"] for e in page["edges"]], local=True)


def open_roles_peer(body: Json) -> object:
    (c,) = body["data"]["companies"]
    page = c["rolesConnection"]
    return _roles(c["id"], c["name"], page["totalCount"], [e["node"] for e in page["edges"]], local=False)


def open_roles_floor(records: Records) -> object:
    (record,) = records
    c = record["company"]
    return _roles(c["id"], c["name"], c["totalCount"], c["roles"], local=False)


# --- search -------------------------------------------------------------------------------------------------


def _hit(hit: Json, ident: str) -> list[object]:
    return [hit["__typename"], ident, hit.get("name") or hit.get("title")]


def search(body: Json) -> object:
    return [_hit(hit, _local(hit["id"])) for hit in body["data"]["search"]]


def search_peer(body: Json) -> object:
    return [_hit(hit, hit["id"]) for hit in body["data"]["search"]]


def search_floor(records: Records) -> object:
    return [[r["type"], r["id"], r["name"]] for r in records]


# --- the headline: opportunities ----------------------------------------------------------------------------


def _opportunity(node: Json, local: bool) -> list[object]:
    ident = _local if local else str
    return [
        node["hops"],
        round(float(node["score"]), 9),
        ident(node["role"]["id"]),
        node["role"]["title"],
        node["role"]["company"]["name"],
        ident(node["contact"]["id"]),
        node["contact"]["name"],
        [[[s["kind"], _day(s["on"]), ident(s["to"]["id"])] for s in path["steps"]] for path in node["paths"]],
    ]


def opportunities(body: Json) -> object:
    page = body["data"]["viewer"]["opportunities"]
    return [page["totalCount"], [_opportunity(e["node"], local=True) for e in page["edges"]]]


def opportunities_peer(body: Json) -> object:
    page = body["data"]["opportunities"] or {"totalCount": 0, "edges": []}
    return [page["totalCount"], [_opportunity(e["node"], local=False) for e in page["edges"]]]


def opportunities_floor(records: Records) -> object:
    if not records:
        return [0, []]
    row = records[0]
    names = {p["id"]: p for p in row["people"]}
    nodes = [
        {
            "hops": o["hops"],
            "score": o["score"],
            "role": {"id": o["role"]["id"], "title": o["role"]["title"], "company": {"name": o["company"]["name"]}},
            "contact": o["contact"],
            "paths": [{"steps": [s | {"to": names[s["toId"]]} for s in steps]} for steps in o["paths"]],
        }
        for o in row["page"]
    ]
    return [row["total"], [_opportunity(n, local=False) for n in nodes]]


# --- pathsTo ------------------------------------------------------------------------------------------------


def _path(path: Json, ident: Callable[[str], str]) -> list[object]:
    steps = [[s["kind"], _day(s["on"]), ident(s["from"]["id"]), ident(s["to"]["id"])] for s in path["steps"]]
    return [path["hops"], steps]


def paths(body: Json) -> object:
    return [_path(p, _local) for p in body["data"]["viewer"]["pathsTo"]]


def paths_peer(body: Json) -> object:
    return [_path(p, str) for p in body["data"]["pathsTo"]]


def paths_floor(records: Records) -> object:
    found = records[0]["paths"] if records else []
    return [[p["hops"], [[s["kind"], _day(s["on"]), s["fromId"], s["toId"]] for s in p["steps"]]] for p in found]


def difference(ours: object, reference: object, at: str = "") -> str | None:
    """Where two forms first differ (a path into them), or None when they are equal."""
    if isinstance(ours, list) and isinstance(reference, list):
        for i, (a, b) in enumerate(zip(ours, reference, strict=False)):
            found = difference(a, b, f"{at}[{i}]")
            if found:
                return found
        return None if len(ours) == len(reference) else f"{at}: {len(ours)} items, expected {len(reference)}"
    return None if ours == reference else f"{at}: {ours!r}, expected {reference!r}"
