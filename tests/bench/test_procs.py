"""What the load scenario reads from /proc: it must name the right process and move with real work."""

from __future__ import annotations

import multiprocessing
import os
import socket
import time

from api.bench import procs


def test_the_listener_on_a_port_is_found_and_a_free_port_has_none() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]

        assert procs.listening_pid(port) == os.getpid()

    assert procs.listening_pid(port) is None


def test_cpu_time_grows_with_work_done() -> None:
    before = procs.cpu_seconds([os.getpid()])
    deadline = time.process_time() + 0.3
    while time.process_time() < deadline:
        pass

    assert procs.cpu_seconds([os.getpid()]) - before >= 0.2


def test_memory_is_resident_and_its_peak_at_least_that() -> None:
    found = procs.memory(os.getpid())

    assert 0 < found.rss_mib <= found.peak_mib


def test_waiting_for_a_quiet_machine_says_whether_it_got_one() -> None:
    load = os.getloadavg()[0]

    assert procs.wait_for_quiet(load + 100, 0).quiet is True
    busy = procs.wait_for_quiet(0, 0)
    assert busy.quiet is False
    assert busy.waited_s == 0


def test_a_spawned_worker_is_told_from_the_resource_tracker_beside_it() -> None:
    # uvicorn's --workers are spawned so; served.ServedApp.worker_pids relies on telling them apart.
    worker = multiprocessing.get_context("spawn").Process(target=time.sleep, args=(30,))
    worker.start()
    try:
        spawned = [pid for pid in procs.children(os.getpid()) if b"spawn_main" in procs.command_line(pid)]

        assert spawned == [worker.pid]
    finally:
        worker.terminate()
        worker.join()
