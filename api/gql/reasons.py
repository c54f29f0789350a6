"""The network answers in words: where two people met, why an opportunity is one, why to meet someone, and
whom an interview would put you in front of."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date


def context(kind: str, company: str | None) -> str:
    """Where a link comes from: 'Globex interview', 'worked together at Initech', 'connection'."""
    if kind == "MET_AT_INTERVIEW":
        return f"{company} interview" if company else "interview"
    if kind == "WORKED_TOGETHER":
        return f"worked together at {company}"
    return "connection"


def how_you_met(kind: str, on: date | None, company: str | None, name: str, today: date) -> str:
    """Your first step, in words: 'You met Ana Lima at your Globex interview on 2024-05-17'."""
    if kind == "MET_AT_INTERVIEW":
        at = f" at your {company} interview" if company else " at an interview"
        return f"You met {name}{at} on {on}"
    if kind == "WORKED_TOGETHER":
        if on is None or on >= today:
            return f"You work with {name} at {company}"
        return f"You worked with {name} at {company} until {on}"
    return f"You know {name} (connected on {on})" if on else f"You know {name}"


def how_you_would_meet(company: str | None, name: str) -> str:
    """A first step through the interview being weighed: 'You would meet Ana Lima at your Globex interview'."""
    return f"You would meet {name} at your {company} interview" if company else f"You would meet {name} at an interview"


def for_panel_member(
    *,
    company: str,
    role_title: str | None,
    hiring_manager: bool,
    recruiter: bool,
    panels: int,
    works_there: bool,
    since: date | None,
    hops: int | None,
    max_hops: int,
) -> list[str]:
    """Why you would likely meet someone at an interview (for the role titled `role_title`), and where they
    stand in your network now (`hops`, None when farther than `max_hops`)."""
    reasons = []
    if hiring_manager and role_title is not None:
        reasons.append(f"Hiring manager for {role_title}")
    if recruiter and role_title is not None:
        reasons.append(f"Recruits for {role_title}")
    if panels:
        reasons.append(f"Sat on {panels} {company} interview panel{'' if panels == 1 else 's'}")
    if works_there:
        reasons.append(f"Works at {company} since {since}" if since is not None else f"Works at {company}")
    if hops is None:
        reasons.append(f"New to your network (not within {max_hops} hop{'' if max_hops == 1 else 's'})")
    elif hops == 1:
        reasons.append("Already linked to you")
    else:
        reasons.append(f"Already {hops} hops from you")
    return reasons


def first_name(name: str) -> str:
    return name.split(maxsplit=1)[0] if name.strip() else name


def for_opportunity(
    *,
    met: str | None,
    bridge: str | None,
    hops: int,
    contact: str,
    ties: Sequence[str],
    role_title: str,
    company: str,
    future_prospect: bool,
) -> list[str]:
    """Why an (open role, contact) pair is an opportunity; `met` is how_you_met() of the first step, via `bridge`."""
    reasons = []
    if met is not None:
        reasons.append(met)
        if hops > 1:
            reasons.append(f"{bridge} can introduce you to {contact} ({hops} hops)")
    name = first_name(contact)
    if "HIRING_MANAGER" in ties:
        reasons.append(f"{name} is the hiring manager for {role_title}")
    elif "RECRUITER" in ties:
        reasons.append(f"{name} recruits for {role_title}")
    else:
        reasons.append(f"{name} works at {company}")
    if future_prospect:
        reasons.append("Opened after you met")
    return reasons


def for_suggestion(
    mutual_count: int, mutual_names: list[str], employers: list[str], interviews: list[str]
) -> list[str]:
    """Why you may know someone: shared contacts (a few by name), employers and interviews."""
    reasons = []
    if mutual_count:
        more = mutual_count - len(mutual_names)
        reasons.append(
            f"{mutual_count} shared contacts: " + ", ".join(mutual_names) + (f" and {more} more" if more else "")
        )
    reasons.extend(f"You both worked at {company}" for company in employers)
    reasons.extend(f"You both interviewed with {company}" for company in interviews)
    return reasons
