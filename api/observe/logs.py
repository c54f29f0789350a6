"""Structured logs: one JSON object per line, for log shippers; plain text for people at a terminal.

Either way a record's first line is written by the formatter alone: what a client sent never starts one.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime
from typing import Any

# Attributes every LogRecord has; anything else was passed in `extra=` and belongs in the JSON.
_STANDARD = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "taskName"}


# What a terminal or a line-based log tool takes for the end of a line, or obeys: C0 and C1 controls
# (newline, carriage return, ANSI escapes, NEL), Unicode's line and paragraph separators, and the bidi
# controls that reorder what a line shows. In the plain-text format each is written as its Python escape.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")

# Starts every line of a record after its first (a traceback's), so that only a record starts a line.
CONTINUATION = "  | "


def _escaped(text: str) -> str:
    return _UNSAFE.sub(lambda match: match[0].encode("unicode_escape").decode("ascii"), text)


class TextFormatter(logging.Formatter):
    """`time LEVEL logger: message` on one line, whatever the message holds; a traceback's lines follow, marked.

    Whatever a client sent (a path with a decoded %0A, a header, a value in an exception) may reach any
    log call, so the escaping is done here, on every record, rather than by each caller.
    """

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        record.message = record.getMessage()
        record.asctime = self.formatTime(record, self.datefmt)
        details = [self.formatException(record.exc_info) if record.exc_info else record.exc_text or ""]
        if record.stack_info:
            details.append(self.formatStack(record.stack_info))
        lines = [_escaped(self.formatMessage(record))]
        lines += [
            CONTINUATION + _escaped(line) for detail in details if detail for line in detail.rstrip("\n").split("\n")
        ]
        return "\n".join(lines)


class JsonFormatter(logging.Formatter):
    """`{"time", "level", "logger", "message", ...extra fields}`, plus `exception` when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({key: value for key, value in record.__dict__.items() if key not in _STANDARD})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


def wants_json(log_format: str, *, tty: bool) -> bool:
    """`json` or `text` as configured; `auto` means JSON unless a person is watching a terminal."""
    if log_format == "auto":
        return not tty
    return log_format == "json"


def configure(log_format: str, level: int = logging.INFO) -> None:
    """Route every logger (uvicorn's included) through one stderr handler in the chosen format."""
    handler = logging.StreamHandler(sys.stderr)
    if wants_json(log_format, tty=sys.stderr.isatty()):
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(TextFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
