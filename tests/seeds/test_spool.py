"""The rows kept between validating and writing come back complete and in file order, however many."""

from __future__ import annotations

from datetime import date

import pytest

from seeds import spool
from seeds.spool import RowSpool


def test_rows_come_back_in_order_past_what_is_held_in_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    # A small memory budget so that most rows go through the temporary file, as a huge file's would.
    monkeypatch.setattr(spool, "_IN_MEMORY_ROWS", 10)
    monkeypatch.setattr(spool, "_CHUNK", 7)
    rows = [(line, {"person": f"p{line}@x.example", "since": date(2020, 1, 1 + line % 28)}) for line in range(2, 100)]
    kept = RowSpool()
    try:
        for line, row in rows:
            kept.append(line, row)

        assert list(kept) == rows
        assert list(kept) == rows  # a dry run and a real run may each read them
    finally:
        kept.close()


def test_an_empty_file_keeps_nothing() -> None:
    kept = RowSpool()
    assert list(kept) == []
    kept.close()
