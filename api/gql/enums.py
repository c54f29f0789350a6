"""The schema's enums: a role's status, an interview's stage and outcome, the kinds of links between people."""

from __future__ import annotations

import enum

import strawberry


@strawberry.enum
class RoleStatus(enum.Enum):
    OPEN = "OPEN"
    CLOSED = "CLOSED"
    FILLED = "FILLED"


@strawberry.enum
class InterviewStage(enum.Enum):
    SCREEN = "SCREEN"
    PHONE = "PHONE"
    TECHNICAL = "TECHNICAL"
    ONSITE = "ONSITE"
    FINAL = "FINAL"
    OFFER = "OFFER"


@strawberry.enum
class InterviewOutcome(enum.Enum):
    PENDING = "PENDING"
    PASSED = "PASSED"
    REJECTED = "REJECTED"
    WITHDREW = "WITHDREW"
    OFFER_ACCEPTED = "OFFER_ACCEPTED"
    OFFER_DECLINED = "OFFER_DECLINED"


@strawberry.enum
class LinkKind(enum.Enum):
    KNOWS = "KNOWS"
    MET_AT_INTERVIEW = "MET_AT_INTERVIEW"
    WORKED_TOGETHER = "WORKED_TOGETHER"


# Enum(value) goes through the metaclass's __call__ (~0.5 µs); a page of opportunities reads ~50 link kinds.
ROLE_STATUS = {status.value: status for status in RoleStatus}
INTERVIEW_STAGE = {stage.value: stage for stage in InterviewStage}
INTERVIEW_OUTCOME = {outcome.value: outcome for outcome in InterviewOutcome}
LINK_KIND = {kind.value: kind for kind in LinkKind}
