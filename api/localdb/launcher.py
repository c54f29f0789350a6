"""Start, probe and stop one local Neo4j server process, identified by its port."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from neo4j import GraphDatabase
from neo4j.exceptions import ServiceUnavailable

from api.localdb.errors import LocalNeo4jError
from api.localdb.jars import ensure_jars, require_tool

# Flags that 5.26's own neo4j.conf passes on Java 17, plus a hard memory cap for small machines.
# The heap bounds everything the server holds in Java memory: with the 64 MiB page cache and
# off-heap buffers the process stays under ~2.5 GiB, and G1 grows into the heap only under load.
JVM_FLAGS = (
    "-Xms256m",
    "-Xmx2g",
    "-XX:+ExitOnOutOfMemoryError",
    "-XX:+UseG1GC",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dfile.encoding=UTF-8",
)

STOP_GRACE_S = 30.0

# Servers this process started, kept so that they are reaped (not left as zombies) when stopped.
_children: dict[int, subprocess.Popen[bytes]] = {}


def server_config(port: int, page_cache: str = "64m") -> dict[str, str]:
    """Settings (passed as -c) for a private, small, offline server with Bolt on loopback only.

    `page_cache` caches the store files; the default suits the demo and tests, a big graph wants its store size.
    """
    return {
        "server.bolt.enabled": "true",
        "server.bolt.listen_address": f"127.0.0.1:{port}",
        "server.bolt.advertised_address": f"127.0.0.1:{port}",
        "server.default_listen_address": "127.0.0.1",
        "server.http.enabled": "false",
        "server.https.enabled": "false",
        "dbms.security.auth_enabled": "false",
        "dbms.usage_report.enabled": "false",
        "db.tx_log.preallocate": "false",
        "db.tx_log.rotation.retention_policy": "2 files",
        "server.memory.pagecache.size": page_cache,
        # Query memory (rows, lists, sort and aggregation buffers), tracked inside the heap: the pool
        # ALL transactions share, and what any one may take. 32 concurrent network queries (a few
        # MiB each) fit the pool many times over; one runaway query fails alone at 256 MiB instead
        # of starving the others, and the pool leaves half the heap to plans, caches and Bolt.
        "dbms.memory.transaction.total.max": "1g",
        "db.memory.transaction.max": "256m",
        "db.transaction.timeout": "60s",
        # A hung server must fail requests within CROSSPATHS_NEO4J_RETRY (docs/security.md): Bolt
        # keep-alive NOOPs every 2 s on busy connections, and the driver is told (the
        # connection.recv_timeout_seconds hint, 2 s x 2 probes) to give up after 4 s of silence.
        "server.bolt.connection_keep_alive": "2s",
        "server.bolt.connection_keep_alive_probes": "2",
        # A client bookmark naming a transaction this server has not seen yet holds a connection
        # for this long (default 30 s); a single server has seen every genuine one.
        "db.transaction.bookmark_ready_timeout": "2s",
    }


@dataclass(frozen=True)
class LocalNeo4j:
    """A Neo4j server on 127.0.0.1:`port` whose files live in `data_dir`/neo4j-`port`.

    Example:
        db = LocalNeo4j(port=7687, data_dir=Path(".data"), cache_dir=Path("~/.cache/crosspaths"))
        db.start()   # idempotent; returns once Bolt answers
        db.stop()
    """

    port: int
    data_dir: Path
    cache_dir: Path
    page_cache: str = "64m"
    # Settings over server_config's, for a server with a purpose of its own (the test session's).
    extra_config: Mapping[str, str] = field(default_factory=dict, hash=False)

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    @property
    def home(self) -> Path:
        return self.data_dir / f"neo4j-{self.port}"

    @property
    def log_file(self) -> Path:
        return self.home / "console.log"

    @property
    def _pid_file(self) -> Path:
        return self.home / "crosspaths.pid"

    def pid(self) -> int | None:
        """The PID of our server process when it is alive, else None."""
        try:
            pid = int(self._pid_file.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None
        if not _alive(pid) or not self._runs_our_home(pid):
            return None
        return pid

    def _runs_our_home(self, pid: int) -> bool:
        # A stale PID file may name a PID that the OS has since given to another program.
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except FileNotFoundError:
            return True  # no procfs: trust the PID file
        return f"--home-dir={self.home}".encode() in cmdline

    def answers(self, timeout_s: float = 2.0) -> bool:
        """True when a Bolt server answers on our port."""
        with GraphDatabase.driver(self.uri, auth=None, connection_timeout=timeout_s) as driver:
            try:
                driver.verify_connectivity()
            except (ServiceUnavailable, OSError):
                return False
        return True

    def start(self, timeout_s: float = 120.0) -> None:
        """Start the server unless ours is already up, and wait until Bolt answers."""
        if self.pid() is not None and self.answers():
            return
        if self.pid() is None and self.answers():
            msg = f"port {self.port} already has a Bolt server that this launcher did not start; pick another --port"
            raise LocalNeo4jError(msg)
        java = require_tool("java", "a JDK 17 (Debian: apt-get install openjdk-17-jdk-headless)")
        lib = ensure_jars(self.cache_dir)
        self.home.mkdir(parents=True, exist_ok=True)
        config = server_config(self.port, self.page_cache) | dict(self.extra_config)
        settings = [arg for key, value in config.items() for arg in ("-c", f"{key}={value}")]
        cmd = [
            java, *JVM_FLAGS, "-cp", f"{lib}/*", "org.neo4j.server.CommunityEntryPoint",
            f"--home-dir={self.home}", "--console-mode", *settings,
        ]  # fmt: skip
        # The JVM writes to a file: an unread pipe would block it once full.
        log_start = self.log_file.stat().st_size if self.log_file.exists() else 0
        with self.log_file.open("ab") as log:
            process = subprocess.Popen(  # noqa: S603 - fixed argv, no shell
                cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                cwd=self.home, start_new_session=True,
            )  # fmt: skip
        _children[process.pid] = process
        self._pid_file.write_text(str(process.pid))
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if process.poll() is not None:
                msg = f"Neo4j exited with code {process.returncode} while starting:\n{self._log_tail()}"
                raise LocalNeo4jError(msg)
            # Bolt answering is not enough: another server may have taken the free port between our
            # check and the JVM's bind (ours then exits a little later); only ours logs that it started.
            if self._started_since(log_start) and self.answers(timeout_s=1.0):
                return
            time.sleep(0.25)
        self.stop()
        msg = f"Neo4j did not answer on {self.uri} within {timeout_s:.0f}s:\n{self._log_tail()}"
        raise LocalNeo4jError(msg)

    def stop(self) -> bool:
        """Stop our server by PID (SIGTERM, then SIGKILL). True when one was running."""
        pid = self.pid()
        if pid is None:
            self._pid_file.unlink(missing_ok=True)
            return False
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_S
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)
            while _alive(pid):
                time.sleep(0.05)
        child = _children.pop(pid, None)
        if child is not None:
            child.wait()
        self._pid_file.unlink(missing_ok=True)
        return True

    def _started_since(self, offset: int) -> bool:
        with self.log_file.open("rb") as log:
            log.seek(offset)
            return b"INFO  Started." in log.read()

    def _log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return "(no log)"


def _alive(pid: int) -> bool:
    child = _children.get(pid)
    if child is not None:
        return child.poll() is None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return _not_zombie(pid)


def _not_zombie(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return True  # no procfs: trust the signal probe
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"
