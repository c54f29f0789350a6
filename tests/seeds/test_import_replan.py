"""A large importCsv upload re-plans the network statements as `crosspaths seed` does, and its answer does not wait.

Re-plans keep a gap between them (CROSSPATHS_REPLAN_GAP_SECONDS): the session's app keeps none
(tests/conftest.py), the gap's test has an app of its own.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace

import pytest
from neo4j import Driver
from starlette.testclient import TestClient

from api.app import create_app
from api.graph import interview_value, network
from api.graph.network import PLANNING_TIMEOUT_S, REPLAN_AFTER_ROWS
from api.settings import Neo4jTarget, Settings
from tests.conftest import Api
from tests.observe.test_metrics import scrape
from tests.seeds.conftest import counts
from tests.seeds.test_import_mutation import upload

# Long enough for two more uploads to answer before it ends, even on a busy machine.
GAP_S = 10.0


def replans(api: Api) -> dict[str, float]:
    """The re-plans this process finished (and the uploads whose re-plan was deferred), by outcome, from /metrics."""
    found = scrape(api).items()
    return {dict(labels)["outcome"]: count for (name, labels), count in found if name == "crosspaths_replans_total"}


def since(api: Api, before: dict[str, float]) -> dict[str, float]:
    """What replans(api) counted since `before`, by outcome."""
    after = replans(api)
    return {outcome: count - before.get(outcome, 0) for outcome, count in after.items() if count != before.get(outcome)}


def settled(api: Api, before: dict[str, float]) -> dict[str, float]:
    """The re-plans finished since `before`, once at least one finished and none runs or waits."""
    replanner = api.http.app.state.replanner  # type: ignore[attr-defined]
    deadline = time.monotonic() + PLANNING_TIMEOUT_S
    while (replans(api) == before or replanner.busy) and time.monotonic() < deadline:
        time.sleep(0.5)
    return since(api, before)


def refreshed(api: Api, before: dict[str, float], count: int) -> float:
    """The time.monotonic() by which `count` re-plans since `before` had finished, read every 0.1 s."""
    deadline = time.monotonic() + PLANNING_TIMEOUT_S
    while since(api, before).get("refreshed", 0) < count:
        assert time.monotonic() < deadline, f"{count} re-plans did not finish within {PLANNING_TIMEOUT_S:g}s"
        time.sleep(0.1)
    return time.monotonic()


# What a re-plan sends besides db.prepareForReplanning: the statements plan_ahead runs (no request in these tests does).
PLANNED = {cypher for cypher, _ in network.planned_statements() + interview_value.planned_statements()}


def replanning(db: Driver) -> bool:
    """Whether Neo4j runs a re-plan's statement now: db.prepareForReplanning or a planned statement (network.replan)."""
    records, _, _ = db.execute_query("SHOW TRANSACTIONS YIELD currentQuery RETURN currentQuery")
    return any(r["currentQuery"] in PLANNED or "prepareForReplanning" in r["currentQuery"] for r in records)


def people(first: int, count: int) -> bytes:
    return b"name,email\n" + b"".join(b"P%d,p%d@mail.example\n" % (n, n) for n in range(first, first + count))


def test_an_upload_of_500_rows_replans_in_the_background_and_a_smaller_one_does_not(api: Api, db: Driver) -> None:
    before = replans(api)

    small = upload(api, {"kind": "PEOPLE"}, "people.csv", people(0, REPLAN_AFTER_ROWS - 1))
    large = upload(api, {"kind": "PEOPLE"}, "more.csv", people(REPLAN_AFTER_ROWS, REPLAN_AFTER_ROWS))
    # Planning the searches takes seconds: the answer came before the re-plan was done.
    assert replans(api) == before

    # One re-plan, with fresh statistics (the test server's user is an admin). Had the small upload
    # started one too, there would be two: the large upload's re-plan always follows a running one.
    assert settled(api, before) == {"refreshed": 1}
    assert (small["report"]["created"], large["report"]["created"]) == (REPLAN_AFTER_ROWS - 1, REPLAN_AFTER_ROWS)
    assert counts(db) == {"Person": 2 * REPLAN_AFTER_ROWS - 1}


def test_a_dry_run_of_500_rows_does_not_replan(api: Api) -> None:
    before = replans(api)

    dry = upload(api, {"kind": "PEOPLE", "dryRun": True}, "people.csv", people(0, REPLAN_AFTER_ROWS))

    assert dry["report"]["created"] == REPLAN_AFTER_ROWS
    assert not api.http.app.state.replanner.busy  # type: ignore[attr-defined]
    assert replans(api) == before


@pytest.fixture
def gapped(api: Api, target: Neo4jTarget, settings: Settings) -> Iterator[Api]:
    """An app whose re-plans after uploads are GAP_S apart, called as `api` is."""
    with TestClient(create_app(target, replace(settings, replan_gap_s=GAP_S))) as http:
        yield replace(api, http=http)


def test_large_uploads_within_the_gap_wait_and_share_one_replan_when_it_ends(gapped: Api, db: Driver) -> None:
    before = replans(gapped)

    # Back to back: the first re-plans at once; the next two come while it runs or within the gap after it.
    for first in (0, REPLAN_AFTER_ROWS, 2 * REPLAN_AFTER_ROWS):
        upload(gapped, {"kind": "PEOPLE"}, f"people-{first}.csv", people(first, REPLAN_AFTER_ROWS))

    one = refreshed(gapped, before, 1)
    # Then Neo4j is left alone for the gap (less a second, for the poll), though two re-plans are due.
    while time.monotonic() < one + GAP_S - 1:
        assert not replanning(db), f"a re-plan ran {time.monotonic() - one:.1f}s after the last one ended"
        time.sleep(0.2)
    assert since(gapped, before) == {"refreshed": 1, "deferred": 2}
    two = refreshed(gapped, before, 2)
    # The uploads that waited got one re-plan between them (their rows are in the statistics it
    # read), and not before the gap had passed since the first ended.
    assert two - one >= GAP_S
    assert settled(gapped, before) == {"refreshed": 2, "deferred": 2}
    assert counts(db) == {"Person": 3 * REPLAN_AFTER_ROWS}
