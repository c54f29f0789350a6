"""docs/security.md's threat model names real tests, so a renamed or deleted test cannot leave it behind."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from functools import cache

import pytest

from api.settings import PROJECT_ROOT

DOC = PROJECT_ROOT / "docs" / "security.md"
HEADER = "| # | Asset | Attacker | Attack | Defence | Test |"
ATTACKERS = frozenset({"anonymous", "another user", "admin"})
TEST_REFERENCE = re.compile(r"`(tests/[\w/]+\.py)::(\w+)`")
UNTESTED = "not tested: "


@dataclass(frozen=True)
class Threat:
    """One row of the threat model table."""

    id: str
    asset: str
    attackers: tuple[str, ...]
    attack: str
    defence: str
    tests: str


def text() -> str:
    return DOC.read_text(encoding="utf-8")


def section(title: str) -> str:
    """The text of `## title` up to the next section."""
    start = text().index(f"\n## {title}\n")
    end = text().find("\n## ", start + 1)
    return text()[start : end if end != -1 else None]


@cache
def threats() -> tuple[Threat, ...]:
    lines = section("Threat model").splitlines()
    assert HEADER in lines, f"the table's header is {HEADER}"
    rows = lines[lines.index(HEADER) + 2 :]
    rows = rows[: next((i for i, line in enumerate(rows) if not line.startswith("|")), len(rows))]
    found = []
    for row in rows:
        cells = [cell.strip() for cell in row.strip().strip("|").split(" | ")]
        assert len(cells) == HEADER.count("|") - 1, f"six cells in {row!r}"
        number, asset, attackers, attack, defence, tests = cells
        found.append(Threat(number, asset, tuple(attackers.split(", ")), attack, defence, tests))
    return tuple(found)


def test_every_threat_says_what_who_how_and_what_stops_it() -> None:
    rows = threats()
    assert [row.id for row in rows] == [f"T{n}" for n in range(1, len(rows) + 1)]
    for row in rows:
        assert row.asset, row.id
        assert row.attack, row.id
        assert row.defence, row.id
        assert row.attackers, row.id
        assert set(row.attackers) <= ATTACKERS, f"{row.id}: attackers are {sorted(ATTACKERS)}"


def test_every_threat_names_its_tests_or_says_why_it_has_none() -> None:
    for row in threats():
        if row.tests.startswith(UNTESTED):
            assert not TEST_REFERENCE.search(row.tests), f"{row.id} names tests and says it has none"
            assert len(row.tests.removeprefix(UNTESTED).split()) >= 5, f"{row.id} says why it is not tested"
        else:
            assert TEST_REFERENCE.search(row.tests), f"{row.id} names no test"
            left = TEST_REFERENCE.sub("", row.tests).replace(",", "").strip()
            assert not left, f"{row.id}: the test cell holds only `tests/<path>.py::test_name` entries, not {left!r}"


def references() -> list[tuple[str, str]]:
    return sorted(set(TEST_REFERENCE.findall(text())))


@cache
def functions_of(path: str) -> frozenset[str]:
    """The names of the module-level functions of a test file, as pytest collects them."""
    tree = ast.parse((PROJECT_ROOT / path).read_text(encoding="utf-8"))
    return frozenset(node.name for node in tree.body if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef))


@pytest.mark.parametrize(("path", "name"), references(), ids=lambda value: value)
def test_every_test_named_on_the_page_exists(path: str, name: str) -> None:
    assert (PROJECT_ROOT / path).is_file(), f"{path} does not exist"
    assert name.startswith("test_"), f"{name} is not a name pytest collects"
    assert name in functions_of(path), f"{path} has no test {name}"


def anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")


def test_every_link_within_the_page_finds_its_section() -> None:
    anchors = {anchor(heading) for heading in re.findall(r"^#+ (.+)$", text(), re.MULTILINE)}
    links = set(re.findall(r"\]\(#([^)]+)\)", text()))
    assert links, "the threat model links to the sections with the details"
    assert links <= anchors, f"no such section: {sorted(links - anchors)}"
