"""userErrors: problems with a mutation's input that the caller can fix, each naming its field."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import strawberry

_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


@strawberry.type
class UserError:
    field: list[str] | None = strawberry.field(description="Path to the input field, e.g. ['input', 'name'].")
    message: str
    code: str


class Check:
    """Collects userErrors for one mutation's `input`, and normalises the values it checks."""

    def __init__(self) -> None:
        self.errors: list[UserError] = []

    def fail(self, field: str, message: str, code: str) -> None:
        path = ["input", *field.split(".")]
        self.errors.append(UserError(field=path, message=f"{field}: {message}", code=code))

    def text(self, field: str, value: str | None, max_length: int, *, required: bool = False) -> str | None:
        """Trimmed text; blank becomes None (an error when required)."""
        cleaned = value.strip() if value is not None else None
        if not cleaned:
            if required:
                self.fail(field, "must not be blank", "BLANK")
            return None
        if len(cleaned) > max_length:
            self.fail(field, f"must be at most {max_length} characters (got {len(cleaned)})", "TOO_LONG")
        return cleaned

    def key(
        self, field: str, value: str | None, normalise: Callable[[str], str | None], what: str, code: str
    ) -> str | None:
        """A natural key (email, profile URL) in its normalised form; blank becomes None."""
        if value is None or not value.strip():
            return None
        key = normalise(value)
        if key is None:
            self.fail(field, f"is not {what}: {value!r}", code)
        return key

    def domain(self, field: str, value: str | None) -> str | None:
        cleaned = (value or "").strip().lower().removeprefix("www.")
        if not cleaned:
            return None
        if not _DOMAIN.match(cleaned):
            self.fail(field, f"is not a domain name like example.com: {value!r}", "INVALID_DOMAIN")
        return cleaned

    def names(self, field: str, values: list[str], max_count: int) -> list[str]:
        """Distinct, trimmed, non-blank short names (skills, tags)."""
        if len(values) > max_count:
            self.fail(field, f"at most {max_count} entries", "TOO_MANY")
        cleaned: list[str] = []
        for index, value in enumerate(values[:max_count]):
            name = self.text(f"{field}.{index}", value, 100, required=True)
            if name and name.lower() not in {seen.lower() for seen in cleaned}:
                cleaned.append(name)
        return cleaned

    def date_range(self, field: str, started_on: date | None, ended_on: date | None) -> None:
        if started_on is not None and ended_on is not None and ended_on < started_on:
            self.fail(field, f"ends ({ended_on}) before it starts ({started_on})", "INVALID_DATE_RANGE")
