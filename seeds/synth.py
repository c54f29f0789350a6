"""Synthetic graphs in the crosspaths formats, for tests and benchmarks (`crosspaths seed synth`).

Deterministic for a seed. Realistic in the ways the queries care about: company sizes follow
a power law (a few giants, a long tail), connection degrees are heavy-tailed (early people
become hubs), careers have one to four jobs with gaps and some unknown start dates, roles
open and close, interviews have panels of current employees. Rows are written as they are
generated; only per-company employee lists are held (ints), so 1M people fit in memory.
"""

# `random` is seeded on purpose (reproducible graphs), never used for security;
# probabilities and ranges are the generator's knobs:
# ruff: noqa: S311, PLR2004

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import IO, Any

from seeds.formats import COMPANIES, CONNECTIONS, INTERVIEWS, PEOPLE, POSITIONS, ROLES, Format

FIRST = [
    "Ada",
    "Ben",
    "Chen",
    "Dara",
    "Eli",
    "Fatima",
    "Gil",
    "Hana",
    "Ivo",
    "Jia",
    "Kai",
    "Lara",
    "Milo",
    "Nora",
    "Omar",
    "Pia",
    "Raj",
    "Sana",
    "Theo",
    "Una",
    "Vik",
    "Wanda",
    "Xavi",
    "Yuki",
    "Zeno",
    "Amara",
    "Bruno",
    "Cleo",
    "Diego",
    "Esme",
]
LAST = [
    "Abbott",
    "Baker",
    "Cruz",
    "Diaz",
    "Evans",
    "Fox",
    "Gupta",
    "Hall",
    "Iyer",
    "Jones",
    "Khan",
    "Lee",
    "Mendes",
    "Nash",
    "Oliveira",
    "Park",
    "Quinn",
    "Rossi",
    "Shah",
    "Tran",
    "Ueda",
    "Vogel",
    "Walsh",
    "Yang",
    "Zubiri",
]
PREFIX = [
    "North",
    "South",
    "Blue",
    "Red",
    "Iron",
    "Silver",
    "Bright",
    "Quiet",
    "Rapid",
    "Clear",
    "Stone",
    "Cedar",
    "Harbor",
    "Summit",
    "Delta",
    "Prime",
]
SUFFIX = [
    "Labs",
    "Systems",
    "Works",
    "Health",
    "Bank",
    "Logistics",
    "Media",
    "Energy",
    "Robotics",
    "Foods",
    "Analytics",
    "Software",
]
TITLES = (
    "Software Engineer",
    "Senior Software Engineer",
    "Data Engineer",
    "Product Manager",
    "Designer",
    "Engineering Manager",
    "Data Scientist",
    "Site Reliability Engineer",
    "Technical Recruiter",
    "Analyst",
)
TEAMS = [
    "Payments",
    "Platform",
    "Search",
    "Growth",
    "Mobile",
    "Infrastructure",
    "Data",
    "Security",
    "Identity",
    "Billing",
]
STAGES = ("SCREEN", "PHONE", "TECHNICAL", "ONSITE", "FINAL")
OUTCOMES = ("PENDING", "PASSED", "REJECTED", "WITHDREW")
START, END = date(2005, 1, 1), date(2026, 11, 1)


@dataclass(frozen=True)
class SynthSize:
    people: int
    companies: int
    roles: int
    interviews: int


def size_for(people: int) -> SynthSize:
    return SynthSize(people, max(5, people // 50), max(3, people // 5), people // 2)


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange(max((end - start).days, 1)))


class _Writers:
    def __init__(self, out: Path) -> None:
        out.mkdir(parents=True, exist_ok=True)
        self.files: dict[str, IO[str]] = {}
        self.writers: dict[str, csv.DictWriter[str]] = {}
        for fmt in (COMPANIES, PEOPLE, POSITIONS, CONNECTIONS, ROLES, INTERVIEWS):
            stream = (out / fmt.filename).open("w", encoding="utf-8", newline="")
            self.files[fmt.kind] = stream
            self.writers[fmt.kind] = csv.DictWriter(stream, fmt.headers, lineterminator="\n")
            self.writers[fmt.kind].writeheader()

    def row(self, fmt: Format, values: dict[str, Any]) -> None:
        self.writers[fmt.kind].writerow(values)

    def close(self) -> None:
        for stream in self.files.values():
            stream.close()


def generate(people: int, seed: int, out: Path) -> SynthSize:
    """Write a synthetic graph of `people` people into `out` (one file per crosspaths format)."""
    size = size_for(people)
    writers = _Writers(out)
    try:
        _Generator(random.Random(seed), size, writers).run()
    finally:
        writers.close()
    return size


class _Generator:
    def __init__(self, rng: random.Random, size: SynthSize, writers: _Writers) -> None:
        self.rng, self.size, self.writers = rng, size, writers
        self.companies: list[str] = []
        self.weights: list[float] = []
        self.staff: list[list[int]] = []  # current employees per company
        self.emails: list[str] = []
        self.roles: list[tuple[int, str]] = []

    def run(self) -> None:
        self._companies()
        self.emails = [self._person(i) for i in range(self.size.people)]
        self._connections()
        self._roles()
        self._interviews()

    def _companies(self) -> None:
        rng = self.rng
        for i in range(self.size.companies):
            name = f"{rng.choice(PREFIX)} {rng.choice(SUFFIX)} {i + 1}"
            self.companies.append(name)
            row = {"name": name, "domain": f"c{i + 1}.synth.example", "industry": rng.choice(SUFFIX)}
            self.writers.row(COMPANIES, row)
        self.weights = [1 / (rank + 1) ** 1.1 for rank in range(len(self.companies))]
        self.staff = [[] for _ in self.companies]

    def _person(self, i: int) -> str:
        rng = self.rng
        first, last = rng.choice(FIRST), rng.choice(LAST)
        email = f"{first.lower()}.{last.lower()}.{i}@synth.example"
        url = f"https://www.linkedin.com/in/{first.lower()}-{last.lower()}-{i}" if rng.random() < 0.6 else ""
        started = _day(rng, START, date(2022, 1, 1))
        title = ""
        unknown: set[tuple[int, str]] = set()
        for job in range(rng.choice((1, 2, 2, 3, 3, 4))):
            company = rng.choices(range(len(self.companies)), self.weights)[0]
            title = rng.choice(TITLES)
            ended: date | None = _day(rng, started + timedelta(days=200), started + timedelta(days=2000))
            if job == 3 or ended is None or ended > END or rng.random() < 0.3:
                ended = None
                self.staff[company].append(i)
            # An unknown start is rare, and never twice for one title at one company (same position key).
            known = started if rng.random() > 0.05 or (company, title) in unknown else None
            if known is None:
                unknown.add((company, title))
            row = {
                "person": email,
                "company": self.companies[company],
                "title": title,
                "startedOn": known or "",
                "endedOn": ended or "",
            }
            self.writers.row(POSITIONS, row)
            if ended is None:
                break
            started = ended + timedelta(days=rng.randrange(1, 120))
        row = {
            "name": f"{first} {last}",
            "email": email,
            "linkedinUrl": url,
            "headline": title,
            "location": "",
            "openToWork": "true" if rng.random() < 0.1 else "false",
        }
        self.writers.row(PEOPLE, row)
        return email

    def _connections(self) -> None:
        # Person i links only to earlier people, skewed towards the earliest: they become hubs
        # and each pair is written once. Degrees follow a Pareto tail.
        rng, emails = self.rng, self.emails
        for i in range(1, len(emails)):
            degree = min(i, int(rng.paretovariate(1.5) * 2))
            for j in sorted({int(i * rng.random() ** 2.5) for _ in range(degree)}):
                row = {"person": emails[i], "other": emails[j], "since": _day(rng, START, END)}
                self.writers.row(CONNECTIONS, row)

    def _roles(self) -> None:
        rng = self.rng
        seen: set[tuple[int, str]] = set()
        for n in range(self.size.roles):
            company = rng.choices(range(len(self.companies)), self.weights)[0]
            title = f"{rng.choice(TITLES)}, {rng.choice(TEAMS)}"
            if (company, title) in seen:
                title = f"{title} {n}"
            seen.add((company, title))
            self.roles.append((company, title))
            team = self.staff[company]
            row = {
                "company": self.companies[company],
                "title": title,
                "status": rng.choices(("OPEN", "CLOSED", "FILLED"), (6, 2, 2))[0],
                "location": "",
                "remote": rng.choice(("true", "false")),
                "postedOn": _day(rng, date(2024, 1, 1), END),
                "hiringManager": self.emails[rng.choice(team)] if team else "",
                "recruiters": self.emails[rng.choice(team)] if team and rng.random() < 0.5 else "",
                "skills": "",
            }
            self.writers.row(ROLES, row)

    def _interviews(self) -> None:
        rng = self.rng
        seen: set[tuple[int, int, date, str]] = set()
        for _ in range(self.size.interviews):
            candidate = rng.randrange(len(self.emails))
            company, title = rng.choice(self.roles)
            when, stage = _day(rng, date(2020, 1, 1), END), rng.choice(STAGES)
            if (candidate, company, when, stage) in seen:
                continue
            seen.add((candidate, company, when, stage))
            staff = self.staff[company]
            panel = [p for p in rng.sample(staff, min(3, len(staff))) if p != candidate]
            row = {
                "date": when,
                "candidate": self.emails[candidate],
                "company": self.companies[company],
                "role": title,
                "stage": stage,
                "outcome": rng.choice(OUTCOMES),
                "interviewers": ";".join(self.emails[p] for p in panel),
                "notes": "",
                "practice": "true" if rng.random() < 0.1 else "false",
            }
            self.writers.row(INTERVIEWS, row)
