"""The valid rows of a file, kept from the validation pass for the write pass: each file is parsed once."""

from __future__ import annotations

import pickle
import tempfile
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterator

Row = dict[str, Any]

# Pickled, a row of connections.csv takes ~55 bytes: 32 MB holds ~600k rows in memory before the
# spool moves to a temporary file, so memory stays flat for files of any size.
_IN_MEMORY = 32 << 20
_CHUNK = 1000


class RowSpool:
    """(line, row) pairs read back in the order they were added; close() when done.

    Re-reading and re-parsing the CSV for the write pass cost as much as the validation pass;
    unpickling the parsed rows costs a tenth of that.
    """

    def __init__(self) -> None:
        self._file = tempfile.SpooledTemporaryFile(max_size=_IN_MEMORY)  # noqa: SIM115 - closed by close()
        self._chunk: list[tuple[int, Row]] = []

    def append(self, line: int, row: Row) -> None:
        self._chunk.append((line, row))
        if len(self._chunk) >= _CHUNK:
            self._dump()

    def __iter__(self) -> Iterator[tuple[int, Row]]:
        self._dump()
        self._file.seek(0)
        while True:
            try:
                # Our own rows, written above into our own temporary file: nothing untrusted is unpickled.
                chunk: list[tuple[int, Row]] = pickle.load(self._file)  # noqa: S301
            except EOFError:
                return
            yield from chunk

    def close(self) -> None:
        self._file.close()

    def _dump(self) -> None:
        if self._chunk:
            pickle.dump(self._chunk, self._file, protocol=pickle.HIGHEST_PROTOCOL)
            self._chunk = []
