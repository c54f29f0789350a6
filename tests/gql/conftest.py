"""A small graph builder that goes through the public mutations, and a graph snapshot for "nothing was written"."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from neo4j import Driver

from tests.conftest import Api


@dataclass
class Build:
    """Creates entities through the API and returns their global IDs; fails the test on any userError."""

    api: Api

    def _mutate(self, mutation: str, input_type: str, payload: str, values: dict[str, Any]) -> str:
        query = (
            f"mutation($input: {input_type}!) {{ {mutation}(input: $input) "
            f"{{ {payload} {{ id }} userErrors {{ field code message }} }} }}"
        )
        result = self.api.data(query, {"input": values})[mutation]
        assert result["userErrors"] == [], result["userErrors"]
        global_id: str = result[payload]["id"]
        return global_id

    def person(self, name: str, **fields: Any) -> str:
        return self._mutate("createPerson", "CreatePersonInput", "person", {"name": name, **fields})

    def update(self, person_id: str, **fields: Any) -> None:
        self._mutate("updatePerson", "UpdatePersonInput", "person", {"id": person_id, **fields})

    def company(self, name: str, **fields: Any) -> str:
        return self._mutate("createCompany", "CreateCompanyInput", "company", {"name": name, **fields})

    def role(self, company_id: str, title: str, **fields: Any) -> str:
        values = {"companyId": company_id, "title": title, **fields}
        return self._mutate("createRole", "CreateRoleInput", "role", values)

    def position(self, person_id: str, company_id: str, **fields: Any) -> None:
        values = {"personId": person_id, "companyId": company_id, **fields}
        self._mutate("addPosition", "AddPositionInput", "person", values)

    def connect(self, person_id: str, other_id: str, **fields: Any) -> None:
        self._mutate("connect", "ConnectInput", "person", {"personId": person_id, "otherId": other_id, **fields})

    def interview(self, candidate_id: str, company_id: str, day: str, **fields: Any) -> str:
        values = {"candidateId": candidate_id, "companyId": company_id, "date": day, "interviewerIds": [], **fields}
        return self._mutate("recordInterview", "RecordInterviewInput", "interview", values)


@pytest.fixture
def build(api: Api) -> Build:
    return Build(api)


Snapshot = list[str]


@pytest.fixture
def snapshot(db: Driver) -> Callable[[], Snapshot]:
    """A callable returning every node and relationship of the graph (labels, type, properties), sorted."""

    def take() -> Snapshot:
        records, _, _ = db.execute_query(
            """
            MATCH (n) WHERE NOT n:SchemaMigration
            RETURN labels(n) AS kind, properties(n) AS props
            UNION ALL
            MATCH (a)-[r]->(b)
            RETURN [type(r), a.id, b.id] AS kind, properties(r) AS props
            """
        )
        return sorted(f"{record['kind']} {sorted(record['props'].items())}" for record in records)

    return take
