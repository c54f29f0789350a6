"""Companies: lookups, the natural-key check and creation."""

from __future__ import annotations

from typing import cast

from neo4j.exceptions import ConstraintError

from api.graph.keys import KeyTaken, company_key
from api.graph.projections import COMPANY
from api.graph.rows import CompanyRow
from api.graph.runner import Graph

# $ids: [str]
COMPANIES_BY_IDS = "UNWIND $ids AS id MATCH (c:Company {id: id}) RETURN " + COMPANY + " AS company"

# $nameKey, $domain: an existing company with the same normalised name or domain.
COMPANY_BY_KEYS = (
    """
MATCH (c:Company) WHERE c.nameKey = $nameKey OR ($domain IS NOT NULL AND c.domain = $domain)
RETURN """
    + COMPANY
    + " AS company LIMIT 1"
)

CREATE_COMPANY = (
    """
CREATE (c:Company {id: randomUUID(), name: $name, nameKey: $nameKey, domain: $domain, industry: $industry,
                   createdAt: datetime()})
RETURN """
    + COMPANY
    + " AS company"
)


# Each statement above returns COMPANY rows under `company`: that RETURN is the contract the casts below rely on,
# checked by tests/network/test_rows.py.


async def by_ids(graph: Graph, ids: list[str]) -> dict[str, CompanyRow]:
    rows = await graph.read(COMPANIES_BY_IDS, ids=ids)
    return {row["company"]["id"]: cast("CompanyRow", row["company"]) for row in rows}


async def existing(graph: Graph, *, name: str, domain: str | None) -> CompanyRow | None:
    rows = await graph.read(COMPANY_BY_KEYS, nameKey=company_key(name), domain=domain)
    return cast("CompanyRow", rows[0]["company"]) if rows else None


async def create(graph: Graph, *, name: str, domain: str | None, industry: str | None) -> CompanyRow:
    """The new company; KeyTaken when its normalised name or domain was taken since the caller checked."""
    try:
        rows = await graph.write(CREATE_COMPANY, name=name, nameKey=company_key(name), domain=domain, industry=industry)
    except ConstraintError as error:
        raise KeyTaken(error.message) from error
    return cast("CompanyRow", rows[0]["company"])
