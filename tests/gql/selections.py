"""Random selections over the entity types, for property tests: aliases, arguments, fragments, directives.

Drawn with hypothesis, written as GraphQL text: every field of Person, Company, Role, Interview and
Position, connections with `first`, `after`, `last`, `before` and `current`, the same field under several aliases
with other arguments, inline fragments and @include/@skip with literal conditions.
"""

from __future__ import annotations

import base64

from hypothesis import strategies as st

SCALARS = {
    "Person": [
        "id",
        "name",
        "headline",
        "location",
        "linkedinUrl",
        "openToWork",
        "email",
        "sharesEncounters",
        "__typename",
    ],
    "Company": ["id", "name", "domain", "industry", "__typename"],
    "Role": ["id", "title", "status", "location", "remote", "postedOn", "skills"],
    "Interview": ["id", "date", "stage", "outcome", "practice", "notes"],
    "Position": ["title", "startedOn", "endedOn"],
}
# field -> (type of what it returns, whether it is a connection)
RELATIONS = {
    "Person": {
        "currentPositions": ("Position", False),
        "positions": ("Position", True),
        "connections": ("Person", True),
        "interviews": ("Interview", True),
        "interviewsToConfirm": ("Interview", True),
    },
    "Company": {"employees": ("Person", True), "openRoles": ("Role", True)},
    "Role": {"company": ("Company", False), "hiringManager": ("Person", False), "recruiters": ("Person", False)},
    "Interview": {
        "company": ("Company", False),
        "role": ("Role", False),
        "candidate": ("Person", False),
        "interviewers": ("Person", False),
    },
    "Position": {"company": ("Company", False)},
}


def cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode()


@st.composite
def directive(draw: st.DrawFn) -> str:
    return draw(st.sampled_from(["", "", "", "@include(if: true)", "@include(if: false)", "@skip(if: true)"]))


@st.composite
def page_arguments(draw: st.DrawFn, *, current: bool) -> str:
    """Forwards (`first`, `after`) or backwards (`last`, `before`), each part or not, sometimes between two cursors."""
    parts = []
    size = draw(st.sampled_from(["first", "first", "last", ""]))
    if size:
        parts.append(f"{size}: {draw(st.integers(1, 4))}")
    if draw(st.booleans()):
        parts.append(f'after: "{cursor(draw(st.integers(0, 3)))}"')
    if draw(st.integers(0, 2)) == 0 if size == "first" else draw(st.booleans()):
        parts.append(f'before: "{cursor(draw(st.integers(0, 6)))}"')
    if current and draw(st.booleans()):
        parts.append(f"current: {draw(st.sampled_from(['true', 'false', 'null']))}")
    return f"({', '.join(parts)})" if parts else ""


@st.composite
def connection(draw: st.DrawFn, node_type: str, depth: int) -> str:
    parts = []
    if draw(st.booleans()):
        parts.append("totalCount")
    if draw(st.booleans()):
        info = draw(
            st.lists(
                st.sampled_from(["hasNextPage", "hasPreviousPage", "startCursor", "endCursor"]), min_size=1, unique=True
            )
        )
        parts.append("pageInfo { " + " ".join(info) + " }")
    for index in range(draw(st.integers(1, 2))):
        alias = f"e{index}: " if index else ""
        edge = ["cursor"] if draw(st.booleans()) else []
        edge.append("node { " + draw(selection(node_type, depth)) + " }")
        parts.append(alias + "edges { " + " ".join(edge) + " }")
    return " ".join(parts)


@st.composite
def selection(draw: st.DrawFn, type_name: str, depth: int) -> str:
    """A selection set's content on an object of `type_name`, nesting relations at most `depth` deep."""
    parts = [
        f"{name} {draw(directive())}"
        for name in draw(st.lists(st.sampled_from(SCALARS[type_name]), min_size=1, max_size=4, unique=True))
    ]
    if depth > 0:
        relations = RELATIONS[type_name]
        for index, name in enumerate(draw(st.lists(st.sampled_from(sorted(relations)), max_size=2))):
            target, paged = relations[name]
            alias = f"r{depth}_{index}: "
            if paged:
                arguments = draw(page_arguments(current=name == "employees"))
                body = draw(connection(target, depth - 1))
            else:
                arguments, body = "", draw(selection(target, depth - 1))
            parts.append(f"{alias}{name}{arguments} {draw(directive())} {{ {body} }}")
    if draw(st.booleans()):
        parts.append(f"... on {type_name} {draw(directive())} {{ {draw(selection(type_name, 0))} }}")
    return " ".join(parts)
