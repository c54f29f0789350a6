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


def person_of(node: str) -> str:
    """The PERSON row of the node that the expression `node` gives: a map projection applies to a
    variable only, so the node is bound to `p` for it in a one-item list comprehension."""
    return f"[p IN [{node}] | {PERSON}][0]"


# A company row: {id, name, domain, industry}.
COMPANY = "c {.id, .name, .domain, .industry}"
