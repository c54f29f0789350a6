"""The demo data set loads idempotently and tells Maya Chen's story."""

from __future__ import annotations

from datetime import date

import networkx as nx
from neo4j import Driver

from seeds.folder import DEMO_DIR, folder_sheets
from tests.seeds.conftest import Importer, counts, query

MAYA = "maya.chen@example.com"
TODAY = date(2026, 11, 25)


def links(db: Driver) -> nx.Graph:
    """Every link of the design notes: KNOWS, met at an interview, worked together (overlapping dates)."""
    graph = nx.Graph()
    for row in query(db, "MATCH (a:Person)-[:KNOWS]-(b:Person) RETURN a.email AS a, b.email AS b"):
        graph.add_edge(row["a"], row["b"])
    panels = "MATCH (p:Person)-[:CANDIDATE_IN|INTERVIEWER_IN]->(i:Interview) RETURN i.id AS i, collect(p.email) AS ps"
    for row in query(db, panels):
        graph.add_edges_from((a, b) for a in row["ps"] for b in row["ps"] if a != b)
    jobs = query(
        db,
        "MATCH (p:Person)-[w:WORKS_AT]->(c:Company) WHERE w.startedOn IS NOT NULL "
        "RETURN c.id AS c, p.email AS p, w.startedOn AS s, coalesce(w.endedOn, date($today)) AS e",
        today=TODAY,
    )
    for a in jobs:
        for b in jobs:
            if a["c"] == b["c"] and a["p"] != b["p"] and a["s"] <= b["e"] and b["s"] <= a["e"]:
                graph.add_edge(a["p"], b["p"])
    return graph


def test_demo_loads_the_promised_graph_and_loads_again_as_a_no_op(importer: Importer, db: Driver) -> None:
    first = importer.run(folder_sheets(DEMO_DIR))
    shape = counts(db)
    again = importer.run(folder_sheets(DEMO_DIR))

    assert all(report.ok and report.written for report in first)
    assert {k: shape[k] for k in ("Person", "Company", "Role", "Interview")} == {
        "Person": 150,
        "Company": 15,
        "Role": 30,
        "Interview": 80,
    }
    statuses = query(db, "MATCH (r:Role) RETURN r.status AS s, count(*) AS n ORDER BY s")
    assert statuses == [{"s": "CLOSED", "n": 5}, {"s": "FILLED", "n": 5}, {"s": "OPEN", "n": 20}]
    assert shape["KNOWS"] > 150
    assert shape["INTERVIEWER_IN"] > 80
    assert sum(r.created + r.updated for r in again) == 0
    assert counts(db) == shape


def test_demo_tells_mayas_story(importer: Importer, db: Driver) -> None:
    importer.run(folder_sheets(DEMO_DIR))

    users = query(
        db,
        "MATCH (p:Person) WHERE p.email IN ['maya.chen@example.com', 'sam.okafor@example.com'] "
        "RETURN p.name AS name, p.openToWork AS open ORDER BY name",
    )
    assert users == [{"name": "Maya Chen", "open": True}, {"name": "Sam Okafor", "open": False}]
    practice = query(
        db,
        "MATCH (:Person {email: $maya})-[:CANDIDATE_IN]->(i:Interview) RETURN i.practice AS practice, count(*) AS n",
        maya=MAYA,
    )
    assert {row["practice"] for row in practice} == {True, False}
    changed_jobs = query(
        db, "MATCH (p:Person)-[w:WORKS_AT]->() WHERE w.endedOn IS NOT NULL RETURN count(DISTINCT p) AS n"
    )
    assert changed_jobs[0]["n"] > 30
    assert query(db, "MATCH ()-[w:WORKS_AT]->() WHERE w.startedOn IS NULL RETURN count(*) > 0 AS any") == [
        {"any": True}
    ]

    graph = links(db)
    hops = nx.single_source_shortest_path_length(graph, MAYA, cutoff=3)
    contacts = query(
        db,
        "MATCH (r:Role {status: 'OPEN'})-[:AT]->(c:Company) "
        "MATCH (p:Person) WHERE (p)-[:HIRES_FOR|RECRUITS_FOR]->(r) OR EXISTS { (p)-[w:WORKS_AT]->(c) "
        "WHERE w.endedOn IS NULL } RETURN DISTINCT p.email AS p",
    )
    reachable = {hops[row["p"]] for row in contacts if row["p"] in hops and row["p"] != MAYA}
    assert reachable == {1, 2, 3}
    # She met interviewers at 1 hop who hire for OPEN roles now.
    met = query(
        db,
        "MATCH (:Person {email: $maya})-[:CANDIDATE_IN]->(:Interview)<-[:INTERVIEWER_IN]-(x:Person)"
        "-[:HIRES_FOR]->(:Role {status: 'OPEN'}) RETURN count(DISTINCT x) AS n",
        maya=MAYA,
    )
    assert met[0]["n"] >= 3
    # Former colleagues: positions at her employers overlapping hers; she knows them too.
    colleagues = query(
        db,
        "MATCH (m:Person {email: $maya})-[mine:WORKS_AT]->(c:Company)<-[theirs:WORKS_AT]-(p:Person) "
        "WHERE theirs.startedOn <= mine.endedOn AND mine.startedOn <= coalesce(theirs.endedOn, date()) "
        "RETURN c.name AS company, count(DISTINCT p) AS n, "
        "count(DISTINCT CASE WHEN (p)-[:KNOWS]-(m) THEN p END) AS known "
        "ORDER BY company",
        maya=MAYA,
    )
    assert [row["company"] for row in colleagues] == ["Lumen Analytics", "Pinecrest Software"]
    assert all(row["n"] >= 4 and row["known"] >= 4 for row in colleagues)
