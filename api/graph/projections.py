"""How a node becomes a row: the map projections every query returning a person or a company uses.

Kept apart from people.py and companies.py because each of those returns the other's rows
(a company's employees, a person's current employers) and they must not import each other.
"""

from __future__ import annotations

# A person row: {id, name, headline, location, email, linkedinUrl, openToWork, sharesEncounters}.
PERSON = (
    "p {.id, .name, .headline, .location, .email, .linkedinUrl, openToWork: coalesce(p.openToWork, false),"
    " sharesEncounters: coalesce(p.sharesEncounters, false)}"
)

# A company row: {id, name, domain, industry}.
COMPANY = "c {.id, .name, .domain, .industry}"
