"""The people and roles rows name: each found in the import or in the graph, else the row is reported.

People are named by email or LinkedIn URL, roles by title; a row naming nobody is invalid, and its
error names the missing key. Keys are looked up a column at a time, each distinct one once, and
remembered (seeds.checked.Known).
"""

from __future__ import annotations

import itertools

from api.graph import Graph
from seeds import statements
from seeds.checked import Checked, Known, Pending
from seeds.formats import RefKind
from seeds.report import RowError
from seeds.sheets import Sheet


async def resolve(graph: Graph, pending: Pending, item: Checked, known: Known) -> None:
    """Report references that match nothing in this import or in the graph."""
    await look_up(graph, pending, unknown(item.sheet, pending, known), item, known)


def unknown(sheet: Sheet, pending: Pending, known: Known) -> set[tuple[RefKind, str]]:
    """The references of `pending` this import does not know yet: each distinct one once.

    `known` is asked here, once per distinct reference, rather than for every row as it is read:
    the same answer, since no file refers to the kind of key it defines (people define people,
    roles define roles; neither refers to its own kind), so nothing a file adds to `known` could
    have changed the answer for a row of that file.
    """
    unknown: set[tuple[RefKind, str]] = set()
    for ref in sheet.references:  # a column at a time: no call, no object per row
        keys = [row[ref.field] for _, row in pending]
        distinct = set(itertools.chain.from_iterable(keys)) if ref.many else set(keys)
        unknown |= {(ref.kind, key) for key in distinct if key is not None and not known.has(ref.kind, key)}
    return unknown


async def look_up(
    graph: Graph,
    pending: Pending,
    wanted: set[tuple[RefKind, str]],
    item: Checked,
    known: Known,
) -> None:
    """Report the rows of `pending` naming a reference of `wanted` that is not in the graph either."""
    people = [key for kind, key in wanted if kind == "person"]
    roles = [key for kind, key in wanted if kind == "role"]
    missing: set[tuple[RefKind, str]] = set()
    if people:
        urls = [key for key in people if statements.is_url_ref(key)]
        emails = [key for key in people if not statements.is_url_ref(key)]
        rows = await graph.read(statements.MISSING_PEOPLE, emails=emails, urls=urls)
        missing |= {("person", row["ref"]) for row in rows}
    if roles:
        rows = await graph.read(statements.MISSING_ROLES, keys=roles)
        missing |= {("role", row["ref"]) for row in rows}
    if missing:
        _report_missing(item, pending, missing)
    # Found in the graph: remember them so later rows do not ask again.
    for kind, key in wanted - missing:
        known.add(kind, key)


async def verify(graph: Graph, checked: list[Checked], known: Known, *, written: bool) -> None:
    """Look up the references left to the writes (Checked.unverified) where the writes do not prove them.

    They prove them when every row was written (`written`: nothing refused, nothing invalid) and
    every statement wrote all the rows it was given. Otherwise each is looked up, so the report
    names every row that refers to nobody, as when they are looked up while reading.
    """
    for item in checked:
        if item.unverified is None or (written and not item.unproven):
            continue
        invalid = len(item.invalid)
        await look_up(graph, *item.unverified, item, known)
        if item.unproven and len(item.invalid) == invalid:  # someone named was deleted meanwhile
            message = "some rows were not written: a person they name is no longer in the graph"
            item.report.add_error(RowError(item.report.file, 0, None, message))
        item.report.skipped += len(item.invalid) - invalid
        item.report.errors.sort(key=lambda error: error.line)


def _report_missing(item: Checked, pending: Pending, missing: set[tuple[RefKind, str]]) -> None:
    for line, row in pending:
        for ref in item.sheet.references:
            keys = row[ref.field] if ref.many else (row[ref.field],)
            for key in keys:
                if (ref.kind, key) in missing:
                    what = (
                        "no person with this email/LinkedIn URL" if ref.kind == "person" else "no role with this title"
                    )
                    item.invalid_row(line, ref.column, f"{what} in this import or the graph: {key!r}")
