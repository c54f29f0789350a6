"""The graph the subscription tests arrange, and the writes that open roles through a replica."""

from __future__ import annotations

from typing import Any

from api.gql.ids import to_global_id
from tests.live.conftest import POLL_S, Cluster

# Maya knows Ben, who works at Acme and knows Cleo (Acme too); Zed works at Zeta, out of everyone's reach.
NETWORK = """
CREATE (maya:Person {id: 'maya', name: 'Maya Chen'}), (ben:Person {id: 'ben', name: 'Ben Ode'}),
       (cleo:Person {id: 'cleo', name: 'Cleo Ruiz'}), (zed:Person {id: 'zed', name: 'Zed Park'}),
       (acme:Company {id: 'acme', name: 'Acme', nameKey: 'acme'}),
       (zeta:Company {id: 'zeta', name: 'Zeta', nameKey: 'zeta'}),
       (maya)-[:KNOWS {since: date('2024-01-01')}]->(ben), (ben)-[:KNOWS {since: date('2024-02-01')}]->(cleo),
       (ben)-[:WORKS_AT {key: 'b', startedOn: date('2020-01-01'), title: 'Engineer'}]->(acme),
       (cleo)-[:WORKS_AT {key: 'c', startedOn: date('2021-01-01'), title: 'Recruiter'}]->(acme),
       (zed)-[:WORKS_AT {key: 'z', startedOn: date('2020-01-01'), title: 'Founder'}]->(zeta)
"""
CREATE_ROLE = """
mutation Open($company: ID!, $title: String!) {
  createRole(input: {companyId: $company, title: $title}) { role { id } userErrors { code } }
}"""
SET_STATUS = """
mutation Status($id: ID!, $status: RoleStatus!) {
  setRoleStatus(input: {id: $id, status: $status}) { role { status } userErrors { code } }
}"""
# Ten poll rounds on both replicas: a second message would have arrived by then.
QUIET_S = 10 * POLL_S


def open_role(live: Cluster, company: str, title: str, *, through: str = "b") -> str:
    replica = live.b if through == "b" else live.a
    payload = replica.data(live.admin, CREATE_ROLE, {"company": to_global_id("Company", company), "title": title})
    assert payload["createRole"]["userErrors"] == []
    role_id: str = payload["createRole"]["role"]["id"]
    return role_id


def opportunity(data: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = data["opportunityOpened"]
    return found
