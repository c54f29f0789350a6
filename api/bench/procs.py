"""What the load scenario reads about processes from /proc: CPU time, memory, children, listeners, load average."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

_TICKS = os.sysconf("SC_CLK_TCK")
_PROC = Path("/proc")


def _stat(pid: int) -> list[str]:
    # The command name (field 2) may hold spaces and parentheses: the fields after it start past the last ")".
    return (_PROC / str(pid) / "stat").read_text(encoding="ascii", errors="replace").rsplit(")", 1)[1].split()


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU the processes have used so far (fields utime and stime of /proc/PID/stat)."""
    total = 0
    for pid in pids:
        fields = _stat(pid)
        total += int(fields[11]) + int(fields[12])
    return total / _TICKS


def children(pid: int) -> list[int]:
    """Live processes whose parent is `pid` (uvicorn's workers under its supervisor)."""
    found = []
    for stat in _PROC.glob("[0-9]*/stat"):
        try:
            parent = int(_stat(int(stat.parent.name))[1])
        except (OSError, ValueError, IndexError):  # ended while we looked
            continue
        if parent == pid:
            found.append(int(stat.parent.name))
    return sorted(found)


def command_line(pid: int) -> bytes:
    """The process's argv, NUL-separated (empty once it has ended)."""
    try:
        return (_PROC / str(pid) / "cmdline").read_bytes()
    except OSError:
        return b""


@dataclass(frozen=True)
class Memory:
    """Resident memory of one process, in MiB: now and its peak."""

    rss_mib: float
    peak_mib: float


def memory(pid: int) -> Memory:
    """VmRSS and VmHWM from /proc/PID/status."""
    values = {}
    for line in (_PROC / str(pid) / "status").read_text(encoding="ascii", errors="replace").splitlines():
        name, _, rest = line.partition(":")
        if name in {"VmRSS", "VmHWM"}:
            values[name] = int(rest.split()[0]) / 1024  # kB
    return Memory(round(values.get("VmRSS", 0.0), 1), round(values.get("VmHWM", 0.0), 1))


def listening_pid(port: int) -> int | None:
    """The process of ours listening on TCP `port` (loopback or any address), or None.

    A socket's inode from /proc/net/tcp{,6}, then the process holding it among those whose file
    descriptors we may read: enough to find a local Neo4j started by the same user.
    """
    inodes = set()
    for table in ("tcp", "tcp6"):
        try:
            lines = (_PROC / "net" / table).read_text(encoding="ascii").splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:  # 0A: LISTEN
                inodes.add(f"socket:[{fields[9]}]")
    if not inodes:
        return None
    for fd_dir in _PROC.glob("[0-9]*/fd"):
        try:
            if any(str(fd.readlink()) in inodes for fd in fd_dir.iterdir()):
                return int(fd_dir.parent.name)
        except OSError:  # not ours, or gone
            continue
    return None


@dataclass(frozen=True)
class Quiet:
    """The 1-minute load average when a timed run began, how long it waited for it, and whether it got quiet."""

    load_1m: float
    waited_s: float
    quiet: bool


def wait_for_quiet(max_load: float, max_wait_s: float, *, poll_s: float = 5.0) -> Quiet:
    """Wait until the 1-minute load average is below `max_load`, at most `max_wait_s`; then measure anyway."""
    began = time.monotonic()
    while True:
        load = os.getloadavg()[0]
        waited = time.monotonic() - began
        if load < max_load or waited >= max_wait_s:
            return Quiet(round(load, 2), round(waited, 1), load < max_load)
        time.sleep(min(poll_s, max(0.1, max_wait_s - waited)))
