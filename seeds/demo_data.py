"""Generates seeds/demo/*.csv: Maya Chen's story in a small, realistic graph (deterministic).

Run `python -m seeds.demo_data` after changing it and commit the CSV output. The story:
Maya Chen (maya.chen@example.com) is open to work. She met interviewers who now hire or
recruit for OPEN roles (1 hop), knows former colleagues who can introduce her to others
(2 hops) and beyond (3 hops). Sam Okafor (sam.okafor@example.com) runs the community.
Most people share their interview encounters; one in five does not (see `_sharing`).
"""

# Odds and counts in a story generator are the story itself, and `random` is seeded on purpose
# (deterministic output), not used for security:
# ruff: noqa: PLR2004, S311

from __future__ import annotations

import csv
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from seeds.folder import DEMO_DIR
from seeds.formats import FORMATS

SEED = 2026
TODAY = date(2026, 11, 1)

COMPANIES = [
    ("Pinecrest Software", "pinecrest.example", "Software"),
    ("Lumen Analytics", "lumenanalytics.example", "Data & Analytics"),
    ("Orbital Payments", "orbitalpay.example", "Fintech"),
    ("Tessera Security", "tessera.example", "Cybersecurity"),
    ("Meridian Energy", "meridianenergy.example", "Energy"),
    ("Kestrel Games", "kestrelgames.example", "Gaming"),
    ("Northwind Labs", "northwindlabs.example", "Biotech"),
    ("Brightpath Health", "brightpath.example", "Healthcare"),
    ("Harborview Bank", "harborview.example", "Banking"),
    ("Cobalt Robotics", "cobaltrobotics.example", "Robotics"),
    ("Fernway Logistics", "fernway.example", "Logistics"),
    ("Atlas Mobility", "atlasmobility.example", "Transportation"),
    ("Verdant Foods", "verdantfoods.example", "Food & Beverage"),
    ("Solstice Education", "solstice.example", "Education"),
    ("Quillmark Media", "quillmark.example", "Media"),
]
FIRST = [
    "Aisha",
    "Ben",
    "Carlos",
    "Dana",
    "Elena",
    "Farid",
    "Grace",
    "Hiro",
    "Ines",
    "Jonas",
    "Keiko",
    "Liam",
    "Mara",
    "Nikhil",
    "Olga",
    "Pablo",
    "Quinn",
    "Rosa",
    "Sofia",
    "Tariq",
    "Uma",
    "Victor",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zara",
    "Amir",
    "Bianca",
    "Chidi",
    "Dmitri",
    "Esther",
    "Felix",
    "Gabriela",
    "Hannah",
    "Ivan",
    "Julia",
    "Kofi",
    "Lena",
    "Mateo",
    "Nadia",
    "Oscar",
    "Priya",
    "Ravi",
    "Sara",
    "Tomas",
    "Valentina",
    "Will",
    "Yara",
    "Leo",
    "Mei",
]
LAST = [
    "Alvarez",
    "Bello",
    "Costa",
    "Dubois",
    "Eriksen",
    "Fischer",
    "Garcia",
    "Haddad",
    "Ito",
    "Jensen",
    "Kowalski",
    "Lopez",
    "Moretti",
    "Nakamura",
    "Ortiz",
    "Patel",
    "Quispe",
    "Rahman",
    "Silva",
    "Tanaka",
    "Usman",
    "Varga",
    "Weber",
    "Xu",
    "Yilmaz",
    "Zhang",
    "Becker",
    "Novak",
    "Mensah",
    "Reyes",
    "Lindqvist",
    "Kim",
    "Osei",
    "Romano",
    "Sato",
    "Kaur",
    "Murphy",
    "Nguyen",
    "Petrov",
    "Hansen",
]
ENGINEERING = (
    "Software Engineer",
    "Senior Software Engineer",
    "Backend Engineer",
    "Data Engineer",
    "Staff Engineer",
    "Site Reliability Engineer",
    "Frontend Engineer",
    "Machine Learning Engineer",
)
OTHER_TITLES = (
    "Product Manager",
    "Product Designer",
    "Data Scientist",
    "Engineering Manager",
    "Technical Program Manager",
    "QA Engineer",
    "Solutions Architect",
)
ROLE_TITLES = (
    "Senior Backend Engineer",
    "Staff Platform Engineer",
    "Data Engineer",
    "Engineering Manager",
    "Site Reliability Engineer",
    "Machine Learning Engineer",
    "Product Manager",
    "Frontend Engineer",
    "Security Engineer",
    "Analytics Engineer",
)
SKILLS = ("Python", "Go", "Kubernetes", "PostgreSQL", "Neo4j", "Kafka", "TypeScript", "AWS", "Terraform", "Spark")
CITIES = ("Toronto", "Berlin", "Lisbon", "Austin", "London", "Remote", "Amsterdam", "Singapore", "Nairobi")
NOTES = (
    "Great conversation about system design.",
    "Asked about on-call and incident reviews.",
    "Panel was friendly; follow up on the take-home.",
    "Deep dive on data modelling.",
    'Talked about team culture, "you build it, you run it".',
    "Whiteboard: rate limiter, then caching.",
)


@dataclass
class Person:
    name: str
    email: str
    headline: str = ""
    location: str = ""
    linkedin: str = ""
    open_to_work: bool = False
    shares_encounters: bool = False
    positions: list[tuple[str, str, date | None, date | None]] = field(default_factory=list)

    def current(self) -> tuple[str, str, date | None, date | None] | None:
        return next((p for p in self.positions if p[3] is None), None)


@dataclass
class World:
    rng: random.Random
    people: list[Person] = field(default_factory=list)
    roles: list[dict[str, str]] = field(default_factory=list)
    knows: dict[tuple[str, str], date] = field(default_factory=dict)
    interviews: list[dict[str, str]] = field(default_factory=list)

    def person(self, name: str, **extra: object) -> Person:
        email = name.lower().replace(" ", ".") + "@example.com"
        person = Person(name, email, **extra)  # type: ignore[arg-type]
        self.people.append(person)
        return person

    def connect(self, a: Person, b: Person, since: date) -> None:
        if a is not b:
            self.knows.setdefault(tuple(sorted((a.email, b.email))), since)  # type: ignore[arg-type]


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange(max((end - start).days, 1)))


def build() -> World:
    """The whole demo world, from a fixed seed."""
    rng = random.Random(SEED)
    world = World(rng)
    maya = world.person(
        "Maya Chen",
        headline="Senior Backend Engineer, open to new roles",
        location="Toronto",
        linkedin="https://www.linkedin.com/in/maya-chen-demo",
        open_to_work=True,
    )
    maya.positions += [
        ("Pinecrest Software", "Backend Engineer", date(2019, 3, 1), date(2023, 6, 30)),
        ("Lumen Analytics", "Senior Backend Engineer", date(2023, 8, 1), date(2025, 12, 19)),
    ]
    sam = world.person(
        "Sam Okafor",
        headline="Community lead and crosspaths admin",
        location="London",
        linkedin="https://www.linkedin.com/in/sam-okafor-demo",
    )
    sam.positions.append(("Quillmark Media", "Community Lead", date(2021, 5, 3), None))

    names = sorted({f"{first} {last}" for first in FIRST for last in LAST} - {"Maya Chen", "Sam Okafor"})
    rng.shuffle(names)
    companies = [c[0] for c in COMPANIES]
    # Company sizes differ a lot: a few big employers, a long tail of small ones.
    weights = [1 + 12 / (rank + 1) for rank in range(len(companies))]
    for name in names[:148]:
        person = world.person(name, location=rng.choice(CITIES))
        if rng.random() < 0.6:
            person.linkedin = (
                "https://www.linkedin.com/in/" + name.lower().replace(" ", "-") + f"-{rng.randrange(100, 999)}"
            )
        start = _day(rng, date(2012, 1, 1), date(2020, 1, 1))
        for job in range(rng.choice((1, 2, 2, 3))):
            company = rng.choices(companies, weights)[0]
            title = rng.choice(ENGINEERING if rng.random() < 0.7 else OTHER_TITLES)
            if rng.random() < 0.08:
                title = "Technical Recruiter"
            end = _day(rng, start + timedelta(days=300), start + timedelta(days=1500))
            last = job == 2 or rng.random() < 0.45 or end > TODAY
            known_start = None if rng.random() < 0.07 else start
            person.positions.append((company, title, known_start, None if last else end))
            if last:
                break
            start = end + timedelta(days=rng.randrange(10, 90))
        person.headline = f"{person.positions[-1][1]} at {person.positions[-1][0]}"
        if person.current() is None:
            person.open_to_work = True
    return _story(world, maya, sam)


def _story(world: World, maya: Person, sam: Person) -> World:
    rng = world.rng
    people = world.people[2:]
    by_company: dict[str, list[Person]] = {}
    for person in people:
        current = person.current()
        if current:
            by_company.setdefault(current[0], []).append(person)
    # Former colleagues: some people overlapped with Maya at Pinecrest and Lumen.
    for person in people[:6]:
        person.positions.insert(0, ("Pinecrest Software", rng.choice(ENGINEERING), date(2018, 1, 8), date(2021, 9, 30)))
    for person in people[6:10]:
        person.positions.insert(0, ("Lumen Analytics", rng.choice(ENGINEERING), date(2022, 2, 1), date(2024, 10, 31)))

    # Roles: mostly OPEN, a few CLOSED or FILLED; hiring managers and recruiters work there now.
    statuses = ["OPEN"] * 20 + ["CLOSED"] * 5 + ["FILLED"] * 5
    seen: set[tuple[str, str]] = set()
    companies = [c[0] for c in COMPANIES if c[0] not in {"Pinecrest Software", "Lumen Analytics"}]
    for index, status in enumerate(statuses):
        company = companies[index % len(companies)]
        title = rng.choice(ROLE_TITLES)
        while (company, title) in seen:
            title = rng.choice(ROLE_TITLES)
        seen.add((company, title))
        staff = by_company.get(company, [])
        manager_email = rng.choice(staff).email if staff else ""
        recruiters = [p.email for p in staff if (p.current() or ("", "", None, None))[1] == "Technical Recruiter"][:2]
        world.roles.append(
            {
                "company": company,
                "title": title,
                "status": status,
                "location": rng.choice(CITIES),
                "remote": rng.choice(("true", "false")),
                "postedOn": str(_day(rng, date(2026, 3, 1), TODAY)),
                "hiringManager": manager_email,
                "recruiters": ";".join(recruiters),
                "skills": ";".join(rng.sample(SKILLS, 3)),
            }
        )

    _maya_interviews(world, maya, people)
    _connections(world, maya, sam, people)
    _interviews(world, people, by_company)
    _sharing(world)
    return world


def _sharing(world: World) -> None:
    """Most people share their interview encounters, so the demo network stays rich; every fifth does not.

    Chosen by position, not by the random stream, so the rest of the demo is what it was before sharing.
    Maya (first) and Sam (second) share.
    """
    for index, person in enumerate(world.people):
        person.shares_encounters = index % 5 != 4


def _maya_interviews(world: World, maya: Person, people: list[Person]) -> None:
    """The people Maya met at interviews are now contacts for OPEN roles."""
    rng = world.rng
    open_roles = [r for r in world.roles if r["status"] == "OPEN"]
    for n, role in enumerate(open_roles[:6]):
        manager = next(p for p in people if p.email == role["hiringManager"])
        panel = [manager, *rng.sample([p for p in people[10:] if p is not manager], 1)]
        practice = n % 3 == 0
        world.interviews.append(
            _interview(
                rng,
                maya,
                panel,
                company=role["company"],
                role="" if practice else role["title"],
                when=date(2026, 1, 10) + timedelta(days=21 * n),
                practice=practice,
            )
        )
    # A practice interview years ago with someone who changed jobs since.
    mover = next(p for p in people[10:] if len(p.positions) > 1 and p.current())
    world.interviews.append(
        _interview(rng, maya, [mover], company=mover.positions[0][0], role="", when=date(2022, 5, 17), practice=True)
    )


def _connections(world: World, maya: Person, sam: Person, people: list[Person]) -> None:
    """Maya knows former colleagues; everyone else has heavy-tailed degrees (a few hubs know many)."""
    rng = world.rng
    for person in people[:10]:
        world.connect(maya, person, _day(rng, date(2019, 6, 1), date(2025, 6, 1)))
    world.connect(maya, sam, date(2024, 9, 12))
    # Everyone else: heavy-tailed degrees (a few hubs know many people).
    hubs = people[10:20]
    for person in people:
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            other = rng.choice(hubs) if rng.random() < 0.5 else rng.choice(people)
            world.connect(person, other, _day(rng, date(2015, 1, 1), TODAY))
    for person in people[30:60]:
        world.connect(sam, person, _day(rng, date(2021, 5, 3), TODAY))


def _interviews(world: World, people: list[Person], by_company: dict[str, list[Person]]) -> None:
    """Interviews among everyone else, with panels of 1-3 current employees."""
    rng = world.rng
    while len(world.interviews) < 80:
        candidate = rng.choice(people)
        role = rng.choice(world.roles)
        staff = [p for p in by_company.get(role["company"], []) if p is not candidate]
        if not staff:
            continue
        panel = rng.sample(staff, min(len(staff), rng.choice((1, 2, 3))))
        when = _day(rng, date(2023, 1, 1), TODAY)
        world.interviews.append(
            _interview(
                rng,
                candidate,
                panel,
                company=role["company"],
                role=role["title"],
                when=when,
                practice=rng.random() < 0.15,
            )
        )


def _interview(
    rng: random.Random, candidate: Person, panel: list[Person], *, company: str, role: str, when: date, practice: bool
) -> dict[str, str]:
    return {
        "date": str(when),
        "candidate": candidate.email,
        "company": company,
        "role": role,
        "stage": rng.choice(("SCREEN", "PHONE", "TECHNICAL", "ONSITE", "FINAL")),
        "outcome": rng.choice(("PASSED", "REJECTED", "PENDING", "WITHDREW")),
        "interviewers": ";".join(p.email for p in panel),
        "notes": rng.choice(NOTES),
        "practice": "true" if practice else "false",
    }


def rows(world: World) -> dict[str, list[dict[str, str]]]:
    """The demo world as rows of each crosspaths file."""

    def day(value: date | None) -> str:
        return "" if value is None else str(value)

    interviews: dict[tuple[str, str, str, str], dict[str, str]] = {}
    for row in world.interviews:
        interviews.setdefault((row["candidate"], row["company"], row["date"], row["stage"]), row)
    return {
        "companies": [{"name": n, "domain": d, "industry": i} for n, d, i in COMPANIES],
        "people": [
            {
                "name": p.name,
                "email": p.email,
                "linkedinUrl": p.linkedin,
                "headline": p.headline,
                "location": p.location,
                "openToWork": "true" if p.open_to_work else "false",
                "sharesEncounters": "true" if p.shares_encounters else "false",
            }
            for p in world.people
        ],
        "roles": world.roles,
        "positions": [
            {"person": p.email, "company": c, "title": t, "startedOn": day(s), "endedOn": day(e)}
            for p in world.people
            for c, t, s, e in p.positions
        ],
        "connections": [{"person": a, "other": b, "since": str(since)} for (a, b), since in world.knows.items()],
        "interviews": list(interviews.values()),
    }


def write(directory: Path = DEMO_DIR) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    tables = rows(build())
    for fmt in FORMATS:
        with (directory / fmt.filename).open("w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fmt.headers, lineterminator="\n")
            writer.writeheader()
            writer.writerows(tables[fmt.kind])


if __name__ == "__main__":
    write()
