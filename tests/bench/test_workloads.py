"""`crosspaths bench load --only`: which questions a subset of the workloads asks."""

from __future__ import annotations

from api.bench.questions import MIX, TIMED
from api.bench.under_load import WORKLOADS, asked_by


def test_a_timed_question_asks_only_itself() -> None:
    assert asked_by(("Q1", "pathsTo")) == {"Q1", "pathsTo"}


def test_the_mix_asks_each_of_its_members() -> None:
    assert asked_by(("mix",)) == set(MIX)
    assert "profile" in MIX


def test_no_choice_asks_every_question() -> None:
    assert asked_by(()) == set(TIMED) | set(MIX)
    assert asked_by(()) == asked_by(WORKLOADS)
