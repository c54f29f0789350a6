"""A large importCsv upload re-plans the network statements as `crosspaths seed` does, and its answer does not wait."""

from __future__ import annotations

import time

from neo4j import Driver

from api.graph.network import PLANNING_TIMEOUT_S, REPLAN_AFTER_ROWS
from tests.conftest import Api
from tests.observe.test_metrics import scrape
from tests.seeds.conftest import counts
from tests.seeds.test_import_mutation import upload


def replans(api: Api) -> dict[str, float]:
    """The re-plans this process finished, by outcome, from /metrics."""
    found = scrape(api).items()
    return {dict(labels)["outcome"]: count for (name, labels), count in found if name == "crosspaths_replans_total"}


def settled(api: Api, before: dict[str, float]) -> dict[str, float]:
    """The re-plans finished since `before`, once at least one finished and none runs."""
    replanner = api.http.app.state.replanner  # type: ignore[attr-defined]
    deadline = time.monotonic() + PLANNING_TIMEOUT_S
    while (replans(api) == before or replanner.busy) and time.monotonic() < deadline:
        time.sleep(0.5)
    after = replans(api)
    return {outcome: count - before.get(outcome, 0) for outcome, count in after.items() if count != before.get(outcome)}


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
