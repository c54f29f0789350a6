"""Natural keys that imports and the API merge on, normalised the same way everywhere."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_LEGAL_SUFFIX = re.compile(
    r"[\s,]+(inc|incorporated|llc|ltd|limited|gmbh|ag|sa|sas|bv|plc|corp|corporation|co|company)\.?$"
)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PROFILE_PATH = re.compile(r"^/(in|pub)/[^/]+")


def company_key(name: str) -> str:
    """'ACME, Inc.', 'Acme Inc' and 'acme' are one company."""
    key = " ".join(name.lower().split())
    while True:
        shorter = _LEGAL_SUFFIX.sub("", key).strip(" ,.")
        if shorter == key or not shorter:
            return key
        key = shorter


def email_key(email: str) -> str | None:
    """The lower-cased address, or None when it is not an email address."""
    cleaned = email.strip().lower()
    return cleaned if _EMAIL.match(cleaned) else None


def linkedin_key(url: str) -> str | None:
    """'http://LinkedIn.com/in/Ana-Lima/' -> 'https://www.linkedin.com/in/ana-lima'; None when not a profile URL."""
    text = url.strip()
    if "://" not in text:
        text = "https://" + text
    try:
        parts = urlsplit(text)
    except ValueError:  # e.g. an unbalanced '[' (an IPv6 host that is not one): not a profile URL either
        return None
    host = (parts.hostname or "").lower()
    if parts.scheme not in {"http", "https"} or not (host == "linkedin.com" or host.endswith(".linkedin.com")):
        return None
    match = _PROFILE_PATH.match(parts.path.rstrip("/"))
    if match is None:
        return None
    return "https://www.linkedin.com" + match[0].lower()


class KeyTaken(Exception):  # noqa: N818 - a domain outcome ("the key is taken"), not a programming error
    """A write broke a uniqueness constraint on a natural key: another write took the same key first."""
