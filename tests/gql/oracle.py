"""An independent reference for the entity fields: the SDL, run by graphql-core over a Python copy of the graph.

It reads the whole graph with plain Cypher, then answers Person, Company, Role, Interview and
Position fields, the root lists and `node`/`nodes`/`viewer` from docs/queries.md, docs/security.md
and the schema's descriptions: orders, filters, pages and cursors, privacy. It never imports
api.gql or api.graph, so the code under test and the reference share nothing but the SDL.
(Search is left out: its order is Lucene's score.)
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from graphql import GraphQLError, GraphQLSchema, build_schema, graphql
from neo4j import Driver

SDL = Path(__file__).parents[2] / "schema" / "schema.graphql"
MAX_FIRST = 100

Item = dict[str, Any]


@dataclass(frozen=True)
class Viewer:
    person_id: str | None
    is_admin: bool = False

    def owns(self, person_id: str | None) -> bool:
        return self.is_admin or (self.person_id is not None and self.person_id == person_id)


@dataclass
class Snapshot:
    """Every node's properties by label and id, and every relationship as (type, from id, to id, properties)."""

    nodes: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    links: list[tuple[str, str, str, dict[str, Any]]] = field(default_factory=list)

    @classmethod
    def read(cls, db: Driver) -> Snapshot:
        snapshot = cls()
        nodes, _, _ = db.execute_query(
            "MATCH (n) WHERE n.id IS NOT NULL RETURN labels(n)[0] AS label, properties(n) AS p"
        )
        for record in nodes:
            snapshot.nodes.setdefault(record["label"], {})[record["p"]["id"]] = _plain(record["p"])
        links, _, _ = db.execute_query(
            "MATCH (a)-[r]->(b) RETURN type(r) AS type, coalesce(a.id, a.name) AS a, coalesce(b.id, b.name) AS b, "
            "properties(r) AS p"
        )
        snapshot.links = [(r["type"], r["a"], r["b"], _plain(r["p"])) for r in links]
        return snapshot

    def out(self, kind: str, source: str) -> list[tuple[str, dict[str, Any]]]:
        return [(b, p) for t, a, b, p in self.links if t == kind and a == source]

    def into(self, kind: str, target: str) -> list[tuple[str, dict[str, Any]]]:
        return [(a, p) for t, a, b, p in self.links if t == kind and b == target]


def _plain(properties: dict[str, Any]) -> dict[str, Any]:
    return {key: value.iso_format() if hasattr(value, "iso_format") else value for key, value in properties.items()}


def global_id(type_name: str, key: str) -> str:
    return base64.urlsafe_b64encode(f"{type_name}:{key}".encode()).decode().rstrip("=")


def decode_id(text: str) -> tuple[str, str] | None:
    try:
        decoded = base64.b64decode((text + "=" * (-len(text) % 4)).encode("ascii"), altchars=b"-_", validate=True)
        type_name, sep, key = decoded.decode().partition(":")
    except (binascii.Error, UnicodeError, ValueError):
        return None
    return (type_name, key) if sep and key and type_name in {"Person", "Company", "Role", "Interview"} else None


def _cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode()


def _offset(cursor: str, argument: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor.encode("ascii")).decode()
    except (binascii.Error, UnicodeError, ValueError):
        text = ""
    if not (text.startswith("offset:") and text[7:].isascii() and text[7:].isdigit() and len(text) <= 16):
        raise GraphQLError(f"`{argument}` is not a cursor returned by this API: {cursor!r}")
    return int(text[7:])


def _page(
    items: list[Item],
    field_name: str,
    *,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
) -> Item:
    """The Relay spec's pagination algorithm over positions in the list (a cursor is a position, docs/queries.md):
    the positions after `after` and before `before`, then the first `first` of them or the last `last`.
    """
    if first is not None and last is not None:
        raise GraphQLError(
            f"`first` and `last` on `{field_name}` cannot be used together: "
            "page forwards with `first` and `after`, or backwards with `last` and `before`"
        )
    if first is None and last is None:
        first = 20
    for name, size in (("first", first), ("last", last)):
        if size is not None and not 1 <= size <= MAX_FIRST:
            raise GraphQLError(f"`{name}` on `{field_name}` must be between 1 and {MAX_FIRST}, got {size}")
    start = floor = 0 if after is None else _offset(after, "after") + 1
    stop = bounded = len(items) if before is None else _offset(before, "before")
    if first is not None:
        stop = max(start, min(stop, start + first))
    if last is not None:
        start = max(start, stop - last)
    page = items[start:stop]
    edges = [{"cursor": _cursor(start + index), "node": item} for index, item in enumerate(page)]
    if last is None:
        # More positions in the range than `first` (and items there); before `after`, any item at all.
        has_next = stop < bounded and stop < len(items)
        has_previous = start > 0
    else:
        # The spec: more positions in the range than `last`; after `before`, the item there and on.
        has_next = before is not None and len(items) > bounded
        has_previous = start > floor
    return {
        "totalCount": len(items),
        "edges": edges,
        "pageInfo": {
            "hasNextPage": has_next,
            "hasPreviousPage": has_previous,
            "startCursor": edges[0]["cursor"] if edges else None,
            "endCursor": edges[-1]["cursor"] if edges else None,
        },
    }


def _newest_first(day: str | None) -> tuple[bool, int]:
    """A sort key: dated first, the latest first."""
    return (day is None, 0 if day is None else -date.fromisoformat(day).toordinal())


@dataclass
class Oracle:
    snapshot: Snapshot
    viewer: Viewer

    def label(self, label: str) -> dict[str, dict[str, Any]]:
        return self.snapshot.nodes.get(label, {})

    # --- entities ---------------------------------------------------------------------------------------------------

    def person(self, key: str) -> Item:
        p = self.label("Person")[key]
        owner = self.viewer.owns(key)
        return {
            "__typename": "Person",
            "id": global_id("Person", key),
            "name": p.get("name"),
            "headline": p.get("headline"),
            "location": p.get("location"),
            "linkedinUrl": p.get("linkedinUrl"),
            "openToWork": bool(p.get("openToWork")),
            "email": p.get("email") if owner else None,
            "sharesEncounters": bool(p.get("sharesEncounters")) and owner,
            "currentPositions": lambda _info: [
                self.position(c, w) for c, w in self.positions(key) if "endedOn" not in w
            ],
            "positions": lambda _info, **page: _page(
                [self.position(c, w) for c, w in self.positions(key, current_first=True)], "positions", **page
            ),
            "connections": lambda _info, **page: _page(
                [self.person(k) for k in self._by_name(self._known(key))], "connections", **page
            ),
            "interviews": lambda _info, **page: _page(
                [self.interview(k) for k in self._interviews(key)] if owner else [], "interviews", **page
            ),
            "interviewsToConfirm": lambda _info, **page: _page(
                [self.interview(k) for k in self._to_confirm(key)] if owner else [], "interviewsToConfirm", **page
            ),
        }

    def positions(self, key: str, *, current_first: bool = False) -> list[tuple[str, dict[str, Any]]]:
        companies = self.label("Company")

        def order(position: tuple[str, dict[str, Any]]) -> tuple[Any, ...]:
            company, w = position
            ended = (w.get("endedOn") is not None, *_newest_first(w.get("endedOn"))) if current_first else ()
            return (*ended, *_newest_first(w.get("startedOn")), companies[company].get("name"), company)

        found = [(c, w) for c, w in self.snapshot.out("WORKS_AT", key) if c in companies]
        if not current_first:
            found = [(c, w) for c, w in found if w.get("endedOn") is None]
        return sorted(found, key=order)

    def position(self, company: str, w: dict[str, Any]) -> Item:
        return {
            "title": w.get("title"),
            "startedOn": w.get("startedOn"),
            "endedOn": w.get("endedOn"),
            "company": self.company(company),
        }

    def _known(self, key: str) -> set[str]:
        return {b for b, _ in self.snapshot.out("KNOWS", key)} | {a for a, _ in self.snapshot.into("KNOWS", key)} - {
            key
        }

    def _by_name(self, keys: set[str] | list[str]) -> list[str]:
        people = self.label("Person")
        return sorted(keys, key=lambda k: (people[k].get("name"), k))

    def _interviews(self, key: str) -> list[str]:
        """Interviews taken as the candidate, or sat on as an interviewer who confirmed (no mark = confirmed)."""
        taken = {i for i, _ in self.snapshot.out("CANDIDATE_IN", key)} | {
            i for i, part in self.snapshot.out("INTERVIEWER_IN", key) if part.get("confirmed") is not False
        }
        return self._newest(taken)

    def _to_confirm(self, key: str) -> list[str]:
        return self._newest(
            {i for i, part in self.snapshot.out("INTERVIEWER_IN", key) if part.get("confirmed") is False}
        )

    def _newest(self, keys: set[str]) -> list[str]:
        interviews = self.label("Interview")
        return sorted(keys, key=lambda i: (_newest_first(interviews[i]["date"]), i))

    def company(self, key: str) -> Item:
        c = self.label("Company")[key]
        return {
            "__typename": "Company",
            "id": global_id("Company", key),
            "name": c.get("name"),
            "domain": c.get("domain"),
            "industry": c.get("industry"),
            "employees": lambda _info, current, **page: _page(
                [self.person(k) for k in self._employees(key, current)], "employees", **page
            ),
            "openRoles": lambda _info, **page: _page(
                [self.role(r) for r in self._roles(lambda r: r.get("status") == "OPEN", company=key)],
                "openRoles",
                **page,
            ),
        }

    def _employees(self, key: str, current: bool | None) -> list[str]:
        ever = {p for p, _ in self.snapshot.into("WORKS_AT", key)}
        now = {p for p, w in self.snapshot.into("WORKS_AT", key) if w.get("endedOn") is None}
        chosen = ever if current is None else (now if current else ever - now)
        return self._by_name(chosen)

    def _roles(self, keep: Callable[[dict[str, Any]], bool], company: str | None = None) -> list[str]:
        roles = self.label("Role")
        found = [
            r
            for r, props in roles.items()
            if keep(props) and (company is None or any(c == company for c, _ in self.snapshot.out("AT", r)))
        ]
        return sorted(found, key=lambda r: (*_newest_first(roles[r].get("postedOn")), roles[r].get("title"), r))

    def role(self, key: str) -> Item:
        r = self.label("Role")[key]
        return {
            "__typename": "Role",
            "id": global_id("Role", key),
            "title": r.get("title"),
            "status": r.get("status"),
            "location": r.get("location"),
            "remote": r.get("remote"),
            "postedOn": r.get("postedOn"),
            "skills": sorted(s for s, _ in self.snapshot.out("REQUIRES", key)),
            "company": self._one(self.company, [c for c, _ in self.snapshot.out("AT", key)]),
            "hiringManager": self._one(self.person, [p for p, _ in self.snapshot.into("HIRES_FOR", key)]),
            "recruiters": self._people([p for p, _ in self.snapshot.into("RECRUITS_FOR", key)]),
        }

    def interview(self, key: str) -> Item:
        i = self.label("Interview")[key]
        candidate = self._candidate(key)
        return {
            "__typename": "Interview",
            "id": global_id("Interview", key),
            "date": i.get("date"),
            "stage": i.get("stage"),
            "outcome": i.get("outcome"),
            "practice": bool(i.get("practice")),
            "notes": i.get("notes") if self.viewer.owns(candidate) else None,
            "company": self._one(self.company, [c for c, _ in self.snapshot.out("WITH", key)]),
            "role": self._one(self.role, [r for r, _ in self.snapshot.out("FOR", key)]),
            "candidate": self._one(self.person, [] if candidate is None else [candidate]),
            "interviewers": self._people([p for p, _ in self.snapshot.into("INTERVIEWER_IN", key)]),
        }

    def _candidate(self, interview: str) -> str | None:
        return next((p for p, _ in self.snapshot.into("CANDIDATE_IN", interview)), None)

    @staticmethod
    def _one(project: Callable[[str], Item], keys: list[str]) -> Callable[[object], Item | None]:
        """A to-one field: the node its relationship leads to (the first of `keys`) as `project` shows it, or null."""
        return lambda _info: project(keys[0]) if keys else None

    def _people(self, keys: list[str]) -> Callable[[object], list[Item]]:
        """A field listing these people, by name."""
        return lambda _info: [self.person(p) for p in self._by_name(keys)]

    # --- the root ---------------------------------------------------------------------------------------------------

    def node(self, text: str) -> Item | None:
        decoded = decode_id(text)
        if decoded is None or decoded[1] not in self.label(decoded[0]):
            return None
        type_name, key = decoded
        if type_name == "Interview" and not self.viewer.owns(self._candidate(key)):
            return None
        make: dict[str, Callable[[str], Item]] = {
            "Person": self.person,
            "Company": self.company,
            "Role": self.role,
            "Interview": self.interview,
        }
        return make[type_name](key)

    def root(self) -> Item:
        people, companies = self.label("Person"), self.label("Company")

        def people_page(_info: object, filter: Item | None, **page: Any) -> Item:
            narrow = filter or {}
            company = narrow.get("companyId")
            company_key = None if company is None else (decode_id(company) or ("", ""))[1]
            keep = [
                k
                for k, p in people.items()
                if (narrow.get("nameContains") is None or narrow["nameContains"].lower() in p["name"].lower())
                and (narrow.get("openToWork") is None or bool(p.get("openToWork")) == narrow["openToWork"])
                and (company_key is None or k in self._employees(company_key, current=True))
            ]
            return _page([self.person(k) for k in self._by_name(keep)], "people", **page)

        def companies_page(_info: object, filter: Item | None, **page: Any) -> Item:
            narrow = filter or {}
            keep = [
                k
                for k, c in companies.items()
                if (narrow.get("nameContains") is None or narrow["nameContains"].lower() in c["name"].lower())
                and (
                    narrow.get("hasOpenRoles") is None
                    or bool(self._roles(lambda r: r.get("status") == "OPEN", company=k)) == narrow["hasOpenRoles"]
                )
            ]
            return _page(
                [self.company(k) for k in sorted(keep, key=lambda k: (companies[k]["name"], k))],
                "companies",
                **page,
            )

        def roles_page(_info: object, filter: Item | None, **page: Any) -> Item:
            narrow = filter or {}
            company = narrow.get("companyId")
            keep = self._roles(
                lambda r: (
                    (narrow.get("status") is None or r.get("status") == narrow["status"])
                    and (narrow.get("titleContains") is None or narrow["titleContains"].lower() in r["title"].lower())
                ),
                company=None if company is None else (decode_id(company) or ("", ""))[1],
            )
            return _page([self.role(k) for k in keep], "roles", **page)

        return {
            "node": lambda _info, **args: self.node(args["id"]),
            "nodes": lambda _info, ids: [self.node(text) for text in ids],
            "viewer": lambda _info: self.person(self.viewer.person_id) if self.viewer.person_id in people else None,
            "people": people_page,
            "companies": companies_page,
            "roles": roles_page,
        }


def schema() -> GraphQLSchema:
    built = build_schema(SDL.read_text(encoding="utf-8"))
    for name in ("Node", "SearchResult"):
        built.get_type(name).resolve_type = lambda value, _info, _type: value["__typename"]  # type: ignore[union-attr]
    return built


async def answer(snapshot: Snapshot, viewer: Viewer, document: str, variables: dict[str, Any]) -> dict[str, Any]:
    """The oracle's whole answer: data, and the messages of its errors."""
    oracle = Oracle(snapshot, viewer)
    result = await graphql(schema(), document, root_value=oracle.root(), variable_values=variables)
    return {"data": result.data, "errors": [error.message for error in result.errors or []]}
