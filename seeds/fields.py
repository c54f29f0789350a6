"""Cell parsers: text in, a typed value out, or ValueError with a message a person can act on."""

from __future__ import annotations

import functools
from datetime import date, datetime

from api.graph.keys import company_key, email_key, linkedin_key

ROLE_STATUSES = ("OPEN", "CLOSED", "FILLED")
STAGES = ("SCREEN", "PHONE", "TECHNICAL", "ONSITE", "FINAL", "OFFER")
OUTCOMES = ("PENDING", "PASSED", "REJECTED", "WITHDREW", "OFFER_ACCEPTED", "OFFER_DECLINED")
LIST_SEPARATOR = ";"

_TRUE = {"true", "yes", "y", "1"}
_FALSE = {"false", "no", "n", "0"}
# LinkedIn writes "08 Feb 2026"; a spreadsheet re-saving the file writes "4-Apr-21".
_DATE_FORMATS = ("%Y-%m-%d", "%d %b %Y", "%d-%b-%y", "%d-%b-%Y", "%d %B %Y")


def text(cell: str) -> str:
    return " ".join(cell.split())


def iso_date(cell: str) -> date:
    try:
        return date.fromisoformat(cell.strip())
    except ValueError:
        raise ValueError(f"{cell.strip()!r} is not a date (YYYY-MM-DD)") from None


def iso_date_text(cell: str) -> str:
    """A date as YYYY-MM-DD text, for statements that make it a date in Cypher."""
    value = cell.strip()
    if len(value) == 10 and value[4] == value[7] == "-" and value.isascii():  # noqa: PLR2004 - YYYY-MM-DD
        iso_date(value)  # checks it is a real day; the text is already what Cypher's date() reads
        return value
    return iso_date(value).isoformat()


def any_date(cell: str) -> date:
    """ISO dates and the forms LinkedIn exports use."""
    value = cell.strip()
    for form in _DATE_FORMATS:
        try:
            return datetime.strptime(value, form).date()  # noqa: DTZ007 - a calendar date, no time zone
        except ValueError:
            continue
    raise ValueError(f"{value!r} is not a date (YYYY-MM-DD, '08 Feb 2026' or '4-Apr-21')")


def boolean(cell: str) -> bool:
    value = cell.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(f"{cell.strip()!r} is not true/false")


def choice(cell: str, choices: tuple[str, ...]) -> str:
    value = cell.strip().upper().replace(" ", "_").replace("-", "_")
    if value not in choices:
        raise ValueError(f"{cell.strip()!r} is not one of {', '.join(choices)}")
    return value


def email(cell: str) -> str:
    key = email_key(cell)
    if key is None:
        raise ValueError(f"{cell.strip()!r} is not an email address")
    return key


def linkedin_url(cell: str) -> str:
    key = linkedin_key(cell)
    if key is None:
        raise ValueError(f"{cell.strip()!r} is not a LinkedIn profile URL (linkedin.com/in/...)")
    return key


# A file names the same people over and over (a connections file ~10 times each): normalising a
# reference once is what made parsing it cheap. Bounded, so a file of a million people stays small.
@functools.lru_cache(maxsize=1 << 16)
def person_ref(cell: str) -> str:
    """A person is referred to by email or LinkedIn profile URL, normalised as stored."""
    value = cell.strip()
    key = email_key(value) if "@" in value else linkedin_key(value)
    if key is None:
        raise ValueError(f"{value!r} is neither an email address nor a LinkedIn profile URL")
    return key


def person_refs(cell: str) -> list[str]:
    """Several people separated by ';'."""
    return [person_ref(part) for part in cell.split(LIST_SEPARATOR) if part.strip()]


def names(cell: str) -> list[str]:
    return [text(part) for part in cell.split(LIST_SEPARATOR) if part.strip()]


def company(cell: str) -> str:
    name = text(cell)
    if not company_key(name):
        raise ValueError("company name is empty")
    return name


def role_key(company_name: str, title: str) -> str:
    """A role's natural key: its company's key and its lower-cased title."""
    return company_key(company_name) + "|" + text(title).lower()
