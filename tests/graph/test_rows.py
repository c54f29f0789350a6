"""The entity lookups and writes return rows of exactly the types they declare.

api.graph.people, companies, roles, interviews and tokens cast the driver's rows to TypedDicts (the PERSON,
COMPANY, ROLE and INTERVIEW projections, a token, a taken key) without looking, so mypy checks every key
the mutations and the auth code read against those types; each function is called here on the demo graph
and its answer checked against its own return annotation, key for key.
"""

from __future__ import annotations

from datetime import date
from typing import Any, get_type_hints

import pytest
from neo4j import Driver

from api.auth import access_tokens
from api.graph import Graph, companies, interviews, people, roles, tokens
from api.settings import Neo4jTarget
from tests.demo import DEMO_USER, load_demo
from tests.graph.row_types import mismatches

# Maya, someone she knows, a company, and every role and interview of the demo.
_DEMO = """
MATCH (me:Person {email: $email})-[:KNOWS]-(other:Person)
WITH me, other ORDER BY other.id LIMIT 1
MATCH (c:Company) WITH me, other, c ORDER BY c.name LIMIT 1
RETURN me.id AS me, other.id AS other, c.id AS company, c.name AS companyName,
       COLLECT { MATCH (r:Role) RETURN r.id } AS roles, COLLECT { MATCH (i:Interview) RETURN i.id } AS interviews
"""


@pytest.fixture
def demo(target: Neo4jTarget, db: Driver) -> dict[str, Any]:
    load_demo(target)
    records, _, _ = db.execute_query(_DEMO, email=DEMO_USER)
    return dict(records[0])


async def test_entity_lookups_and_writes_return_rows_of_their_declared_types(
    graph: Graph, demo: dict[str, Any]
) -> None:
    me, other, company = demo["me"], demo["other"], demo["company"]
    newcomer = {"name": "Row Checker", "headline": None, "location": None, "email": "rows@example.com"}
    issued = await access_tokens.issue(graph, person_id=me, admin=False, expires_in=None, name="rows")
    role = await roles.create(
        graph,
        company_id=company,
        title="Row checker",
        location=None,
        remote=None,
        posted_on=None,
        hiring_manager_id=me,
        recruiter_ids=[other],
        skills=["Python"],
    )
    interview = await interviews.record(
        graph,
        candidate_id=me,
        company_id=company,
        role_id=None,
        interviewer_ids=[other],
        on=date(2025, 1, 2),
        stage=None,
        outcome=None,
        practice=False,
        notes=None,
        confirmed=False,
    )
    assert role is not None
    assert interview is not None
    answers: list[tuple[Any, object]] = [
        (roles.create, role),
        (interviews.record, interview),
        (people.by_ids, await people.by_ids(graph, [me, other])),
        (people.by_emails, await people.by_emails(graph, [DEMO_USER])),
        (people.taken_keys, await people.taken_keys(graph, emails=[DEMO_USER], linkedin_urls=[])),
        (people.create, await people.create(graph, newcomer | {"linkedinUrl": None, "openToWork": False})),
        (people.update, await people.update(graph, me, {"headline": "Checks row types"}, by_self=True)),
        (
            people.add_position,
            await people.add_position(
                graph, person_id=me, company_id=company, title="Reviewer", started_on=date(2020, 1, 1), ended_on=None
            ),
        ),
        (people.connect, await people.connect(graph, person_id=me, other_id=other, on=None)),
        (companies.by_ids, await companies.by_ids(graph, [company])),
        (companies.existing, await companies.existing(graph, name=demo["companyName"], domain=None)),
        (companies.create, await companies.create(graph, name="Row Types Ltd", domain=None, industry=None)),
        (roles.by_ids, await roles.by_ids(graph, demo["roles"])),
        (roles.recruiters, await roles.recruiters(graph, [*demo["roles"], role["id"]])),
        (roles.set_status, await roles.set_status(graph, role["id"], "CLOSED")),
        (interviews.by_ids, await interviews.by_ids(graph, demo["interviews"])),
        (interviews.confirm, await interviews.confirm(graph, interview["id"], interviewer_id=other)),
        (tokens.live_by_hash, await tokens.live_by_hash(graph, access_tokens.digest(issued.secret))),
    ]
    seen: set[str] = set()
    for function, answer in answers:
        name = function.__qualname__
        assert answer, f"{function.__module__}.{name} found nothing to check"
        found = mismatches(answer, get_type_hints(function)["return"], name, seen)
        assert found == [], "\n".join(found)
    assert seen == {"PersonRow", "CompanyRow", "ProjectedRole", "ProjectedInterview", "TakenKey", "TokenRow"}
