"""Synthetic graphs: deterministic per seed, and shaped like real networks."""

from __future__ import annotations

import csv
import statistics
from collections import Counter
from pathlib import Path

from seeds.synth import generate


def rows(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / name).open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def test_the_same_seed_writes_the_same_files_and_another_seed_does_not(tmp_path: Path) -> None:
    for name, seed in (("a", 5), ("b", 5), ("c", 6)):
        generate(300, seed, tmp_path / name)

    files = sorted(path.name for path in (tmp_path / "a").iterdir())
    assert files == ["companies.csv", "connections.csv", "interviews.csv", "people.csv", "positions.csv", "roles.csv"]
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files)
    assert (tmp_path / "a" / "connections.csv").read_bytes() != (tmp_path / "c" / "connections.csv").read_bytes()


def test_degrees_and_company_sizes_are_heavy_tailed_and_careers_change(tmp_path: Path) -> None:
    generate(3000, 1, tmp_path)

    degree: Counter[str] = Counter()
    for row in rows(tmp_path, "connections.csv"):
        degree.update((row["person"], row["other"]))
    assert max(degree.values()) > 20 * statistics.median(degree.values())

    positions = rows(tmp_path, "positions.csv")
    staff = Counter(row["company"] for row in positions if not row["endedOn"])
    assert max(staff.values()) > 10 * statistics.median(staff.values())
    jobs = Counter(row["person"] for row in positions)
    assert sum(1 for n in jobs.values() if n > 1) > 1000
    assert any(not row["startedOn"] for row in positions)

    statuses = Counter(row["status"] for row in rows(tmp_path, "roles.csv"))
    assert set(statuses) == {"OPEN", "CLOSED", "FILLED"}
    panels = [row["interviewers"].split(";") for row in rows(tmp_path, "interviews.csv") if row["interviewers"]]
    assert any(len(panel) >= 2 for panel in panels)
