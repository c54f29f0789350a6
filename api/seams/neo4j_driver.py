"""The Neo4j driver's internals that crosspaths relies on (see api.seams): its notification log records."""

from __future__ import annotations

import logging

from neo4j import GqlStatusObject


def driver_notification(record: logging.LogRecord) -> tuple[GqlStatusObject, str | None] | None:
    """The notification and the statement text in one of the driver's notification log records, else None.

    The driver logs each notification to its `neo4j.notifications` logger as "Received notification from
    DBMS server: %s", with an undocumented printer object as the argument that carries both
    (api.graph.notifications shortens and re-levels the line). Checked: a result's summary has the
    notifications too, but only where our code reads the summary, not in every session the importer and
    the CLI open; `warn_notification_severity` turns them into Python warnings, which the tests raise as
    errors. A record of another shape gives None and is then logged as the driver wrote it, so a driver
    upgrade that changes the shape makes the log verbose again, never fails a request.
    """
    printer = record.args[0] if isinstance(record.args, tuple) and record.args else None
    notification = getattr(printer, "notification", None)
    if not isinstance(notification, GqlStatusObject):
        return None
    statement = getattr(printer, "query", None)
    return notification, statement if isinstance(statement, str) else None
