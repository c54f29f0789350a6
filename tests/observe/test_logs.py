"""One structured access-log line per request, and the format chosen from the environment."""

from __future__ import annotations

import io
import json
import logging
import re
import sys
import urllib.parse
from collections.abc import Iterator

import pytest
from neo4j import Driver

from api.gql.ids import from_global_id
from api.observe import logs
from api.observe.logs import JsonFormatter, wants_json
from api.settings import Neo4jTarget, Settings, SettingsError
from tests.conftest import Api
from tests.live_server import served
from tests.web.test_serving import raw_request

# A record in the plain-text format: its time, level and logger, then the message, on one line; the
# lines of a traceback after it start with CONTINUATION, so that only a record starts a line.
RECORD = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (?P<level>[A-Z]+) (?P<logger>[\w.]+): (?P<message>.*)")
CONTINUATION = "  | "
# A line a client might try to slip into the log; CR, an ANSI "erase line" and a Unicode line separator
# would also end or repaint the line on a terminal or in a line-based log tool.
FORGED = "\n2026-01-01 00:00:00,000 ERROR crosspaths.graphql: forged\r\x1b[2K\u2028"
FORGED_ESCAPED = "\\n2026-01-01 00:00:00,000 ERROR crosspaths.graphql: forged\\r\\x1b[2K\\u2028"


@pytest.fixture
def access_lines() -> Iterator[io.StringIO]:
    """What the access logger writes, through the JSON formatter the server uses."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("crosspaths.access")
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.INFO)
    try:
        yield stream
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


@pytest.fixture
def text_log(monkeypatch: pytest.MonkeyPatch) -> Iterator[io.StringIO]:
    """What every logger writes once logging is set up as `crosspaths serve` does for CROSSPATHS_LOG_FORMAT=text."""
    stream = io.StringIO()
    monkeypatch.setattr(sys, "stderr", stream)
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    logs.configure("text")
    try:
        yield stream
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)


def test_a_request_is_one_json_line(api: Api, access_lines: io.StringIO) -> None:
    person = api.data('mutation { createPerson(input: {name: "Lou Logged"}) { person { id } } }')
    viewer = person["createPerson"]["person"]["id"]
    access_lines.truncate(0)
    access_lines.seek(0)

    response = api.http.post(
        "/graphql",
        json={"query": "query WhoAmI { viewer { name } }"},
        headers={"Authorization": f"Bearer {api.as_person(viewer).token}", "X-Request-Id": "req-logged-0001"},
    )
    assert response.status_code == 200
    assert response.headers["x-request-id"] == "req-logged-0001"

    lines = access_lines.getvalue().splitlines()
    assert len(lines) == 1
    entry = json.loads(lines[0])
    assert entry["logger"] == "crosspaths.access"
    assert entry["level"] == "info"
    assert entry["method"] == "POST"
    assert entry["path"] == "/graphql"
    assert entry["status"] == 200
    assert entry["request_id"] == "req-logged-0001"
    assert entry["operation"] == "WhoAmI"
    decoded = from_global_id(viewer)
    assert decoded is not None
    assert entry["viewer"] == decoded[1]
    assert isinstance(entry["duration_ms"], float)
    assert entry["duration_ms"] >= 0


def test_an_unexpected_error_is_logged_with_the_request_id(
    api: Api, db: Driver, caplog: pytest.LogCaptureFixture
) -> None:
    # Data written by another tool with a value the API does not know: an unexpected failure for whoever asks for it.
    db.execute_query("CREATE (:Role {id: 'r1', title: 'SRE', status: 'ON_HOLD'})")
    with caplog.at_level(logging.ERROR, logger="crosspaths.graphql"):
        response = api.http.post(
            "/graphql",
            json={"query": "{ roles { edges { node { title status } } } }"},
            headers={"Authorization": f"Bearer {api.token}", "X-Request-Id": "req-broken-0001"},
        )
    assert response.json()["errors"][0]["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    [record] = [record for record in caplog.records if record.name == "crosspaths.graphql"]
    assert record.exc_info is not None, "with its traceback"
    assert record.request_id == "req-broken-0001"  # type: ignore[attr-defined]  # passed in `extra`
    assert "req-broken-0001" in record.getMessage()  # in the plain-text format too


@pytest.mark.parametrize(
    ("configured", "tty", "json_wanted"),
    [("auto", False, True), ("auto", True, False), ("json", True, True), ("text", False, False)],
)
def test_json_unless_a_person_watches_a_terminal(configured: str, tty: bool, json_wanted: bool) -> None:
    assert wants_json(configured, tty=tty) is json_wanted


def test_log_format_comes_from_the_environment() -> None:
    assert Settings.from_env({}).log_format == "auto"
    assert Settings.from_env({"CROSSPATHS_LOG_FORMAT": "JSON"}).log_format == "json"
    with pytest.raises(SettingsError, match="CROSSPATHS_LOG_FORMAT"):
        Settings.from_env({"CROSSPATHS_LOG_FORMAT": "xml"})


def test_a_forged_log_line_in_a_request_stays_inside_its_own_json_line(api: Api, access_lines: io.StringIO) -> None:
    # The path is the one text a client puts in every access line; a decoded %0A would start a line of its own.
    forged = '\n{"level": "error", "logger": "crosspaths.graphql", "message": "forged"}'
    response = api.http.get("/healthz" + urllib.parse.quote(forged))
    assert response.status_code == 404

    lines = access_lines.getvalue().splitlines()
    assert len(lines) == 1
    entry = json.loads(lines[0])
    assert entry["path"] == "/healthz" + forged, "kept as sent, escaped by JSON"


def record(line: str) -> tuple[str, str, str] | None:
    """(level, logger, message) of a plain-text record's line; None for any other line."""
    match = RECORD.fullmatch(line)
    return None if match is None else (match["level"], match["logger"], match["message"])


def test_a_forged_log_line_in_a_request_stays_on_its_own_line_in_plain_text(
    target: Neo4jTarget, settings: Settings, text_log: io.StringIO
) -> None:
    with served(target, settings, plan=False) as url:
        request = f"GET /healthz{urllib.parse.quote(FORGED)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        assert raw_request(url, request.encode()).startswith(b"HTTP/1.1 404 ")

    lines = text_log.getvalue().splitlines()  # split as strictly as any tool would: CR, U+2028 and all
    [access] = [line for line in lines if "forged" in line]
    assert record(access) == ("INFO", "crosspaths.access", f"GET /healthz{FORGED_ESCAPED} 404")
    assert all(record(line) or line.startswith(CONTINUATION) for line in lines), lines


def test_the_plain_text_format_keeps_every_record_to_its_lines_tracebacks_included(text_log: io.StringIO) -> None:
    # Any logger and any call, not only the access log: what a client sent can reach a message or an exception.
    def read(value: str) -> None:
        raise ValueError("bad value" + value)

    try:
        read(FORGED)
    except ValueError:
        logging.getLogger("crosspaths.anything").exception("could not read %s", "a name" + FORGED)

    first, *rest = text_log.getvalue().splitlines()
    assert record(first) == ("ERROR", "crosspaths.anything", f"could not read a name{FORGED_ESCAPED}")
    assert rest[0] == CONTINUATION + "Traceback (most recent call last):"
    assert rest[-2:] == [CONTINUATION + "ValueError: bad value", CONTINUATION + FORGED_ESCAPED.removeprefix("\\n")]
    assert all(line.startswith(CONTINUATION) for line in rest), "a traceback's line never starts a record"
