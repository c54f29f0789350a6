"""Neo4j's notifications (a cartesian product, a deprecated function...): logged once per statement, briefly.

The driver logs every notification of every run with the whole statement: ~16 KB a line for the
opportunities query, hundreds of MiB an hour under load, and a first screen of `crosspaths up` buried
under planner hints. A notification is about a statement's text, so once per statement says it all.
Hints and information go to DEBUG; WARNING-severity notifications (deprecations, missing
procedures) stay at WARNING, because they mean a statement needs changing.
"""

from __future__ import annotations

import logging
import re

from neo4j import GqlStatusObject, NotificationSeverity

from api.seams.neo4j_driver import driver_notification

DRIVER_LOGGER = "neo4j.notifications"
# Keys remembered before the memory starts again: far more distinct statements than the code has.
_REMEMBERED = 4096
_SPACE = re.compile(r"\s+")


def summary(notification: GqlStatusObject, statement: str | None) -> str:
    """One line: the status, where in the statement, what it says, and which statement (its opening words)."""
    where = ""
    position = notification.position
    lines = (statement or "").splitlines()
    if position is not None and 0 < position.line <= len(lines):
        where = f" at line {position.line}, column {position.column} `{lines[position.line - 1].strip()[:160]}`"
    opening = _SPACE.sub(" ", statement or "").strip()[:100]
    return (
        f"Neo4j {notification.gql_status} ({notification.raw_classification}){where}: "
        f"{notification.status_description} [statement: {opening}...]"
    )


class OncePerStatement(logging.Filter):
    """Lets the driver's first record of each (statement, status, position) through, shortened and re-levelled."""

    def __init__(self) -> None:
        super().__init__()
        self._seen: set[tuple[int, str, int]] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        found = driver_notification(record)
        if found is None:
            return True  # not the driver's usual record: leave it as the driver wrote it
        notification, statement = found
        position = notification.position
        key = (hash(statement), notification.gql_status, position.offset if position is not None else -1)
        if key in self._seen:
            return False
        if len(self._seen) >= _REMEMBERED:
            self._seen.clear()
        self._seen.add(key)
        level = logging.WARNING if notification.severity is NotificationSeverity.WARNING else logging.DEBUG
        if not logging.getLogger(record.name).isEnabledFor(level):
            return False
        record.levelno, record.levelname = level, logging.getLevelName(level)
        record.msg, record.args = "%s", (summary(notification, statement),)
        return True


def log_once_per_statement() -> None:
    """Install the filter on the driver's notification logger (idempotent: one filter per process)."""
    logger = logging.getLogger(DRIVER_LOGGER)
    if not any(isinstance(existing, OncePerStatement) for existing in logger.filters):
        logger.addFilter(OncePerStatement())
