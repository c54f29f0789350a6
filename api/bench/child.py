"""A server the load scenario starts in a child process: output to a log file, ready by a deadline, stopped by PID."""

from __future__ import annotations

import signal
import subprocess
import time
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

_POLL_S = 0.2
_TAIL_CHARS = 1500


class ChildServer:
    """`argv` run with `env` from start() to stop(), its stdout and stderr in `log_path`."""

    def __init__(self, argv: list[str], env: dict[str, str], log_path: Path, *, stop_grace_s: float) -> None:
        self.argv = argv
        self.env = env
        self.log_path = log_path
        self.stop_grace_s = stop_grace_s
        self.process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    @property
    def pid(self) -> int:
        assert self.process is not None  # noqa: S101 - only asked once started
        return self.process.pid

    def start(self, ready: Callable[[], bool], *, within_s: float, failed: Callable[[str], Exception]) -> None:
        """Start it, then wait until `ready()`.

        If it exits first, or is not ready within `within_s`, it is stopped and `failed(the log's tail)` raised.
        """
        self._log = self.log_path.open("wb")
        # The log is a file, never a pipe: an unread pipe would block the server once full.
        self.process = subprocess.Popen(self.argv, env=self.env, stdout=self._log, stderr=subprocess.STDOUT)  # noqa: S603 - the callers' own fixed commands
        deadline = time.monotonic() + within_s
        while not ready():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise failed(self.log_path.read_text(encoding="utf-8", errors="replace")[-_TAIL_CHARS:])
            time.sleep(_POLL_S)

    def stop(self) -> None:
        """SIGTERM, then SIGKILL once `stop_grace_s` has passed; the log is closed."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(self.stop_grace_s)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._log is not None:
            self._log.close()
