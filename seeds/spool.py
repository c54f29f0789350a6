"""The valid rows of a file, kept from the validation pass for the write pass: each file is parsed once."""

from __future__ import annotations

import pickle
import tempfile
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterator

Row = dict[str, Any]

# Held as they are up to this many rows (~20 MB of connections), then pickled into a temporary
# file a chunk at a time (~55 bytes a connection), so memory stays flat for files of any size.
_IN_MEMORY_ROWS = 50_000
_CHUNK = 1000


class RowSpool:
    """(line, row) pairs read back in the order they were added; close() when done.

    Re-reading and re-parsing the CSV for the write pass cost as much CPU as the validation pass;
    reading back kept rows costs next to nothing, unpickling the spilled ones a tenth of parsing.
    """

    def __init__(self) -> None:
        self._held: list[tuple[int, Row]] = []
        self._chunk: list[tuple[int, Row]] = []
        self._file: IO[bytes] | None = None

    def append(self, line: int, row: Row) -> None:
        if len(self._held) < _IN_MEMORY_ROWS:
            self._held.append((line, row))
            return
        self._chunk.append((line, row))
        if len(self._chunk) >= _CHUNK:
            self._dump()

    def __iter__(self) -> Iterator[tuple[int, Row]]:
        yield from self._held
        if self._file is None and not self._chunk:
            return
        self._dump()
        assert self._file is not None  # noqa: S101 - _dump made it
        self._file.seek(0)
        while True:
            try:
                # Our own rows, written by _dump into our own temporary file: nothing untrusted is unpickled.
                chunk: list[tuple[int, Row]] = pickle.load(self._file)  # noqa: S301
            except EOFError:
                return
            yield from chunk

    def close(self) -> None:
        self._held = []
        if self._file is not None:
            self._file.close()

    def _dump(self) -> None:
        if self._file is None:
            self._file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close()
        if self._chunk:
            self._file.seek(0, 2)
            pickle.dump(self._chunk, self._file, protocol=pickle.HIGHEST_PROTOCOL)
            self._chunk = []
