"""The executors on their own: parts, order, errors, and which ones import dask.

Tiny work functions keep these fast; the ingest with every executor is test_ingest_scale.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from crosscheck.errors import ExecutorError, ExecutorUnavailable
from crosscheck.executors import InProcess, LocalProcesses, open_executor, split

REPO = Path(__file__).resolve().parents[1]


def test_split_keeps_every_item_in_order_in_parts_sized_for_the_slots():
    items = list(range(100))
    parts = split(items, 2)
    assert [item for part in parts for item in part] == items
    assert len(parts) == 8  # four parts a slot: a slow part is balanced by the others
    assert split(list(range(1000)), 1)[0] == list(range(64))  # at most 64 a part
    assert split([], 2) == [] and split([1], 4) == [[1]]


def slow_first_part(part):
    if part[0] == 0:
        time.sleep(0.3)  # the first part finishes last
    return [(os.getpid(), item * 10) for item in part]


def test_local_processes_run_parts_in_other_processes_and_give_every_index():
    parts = split(list(range(12)), 2)
    found = dict(LocalProcesses(2).map_parts(slow_first_part, parts))
    assert sorted(found) == list(range(len(parts)))
    assert [value for i in sorted(found) for _pid, value in found[i]] == [i * 10 for i in range(12)]
    assert os.getpid() not in {pid for result in found.values() for pid, _value in result}


def test_a_closure_runs_in_the_local_processes_as_it_does_in_process():
    offset = 5
    parts = [[1, 2], [3]]

    def add_offset(part):  # not picklable: the forked workers inherit it
        return [item + offset for item in part]

    expected = list(InProcess().map_parts(add_offset, parts))
    assert sorted(LocalProcesses(2).map_parts(add_offset, parts)) == expected == [
        (0, [6, 7]), (1, [8])
    ]


def fails_on_three(part):
    if 3 in part:
        raise KeyError(3)
    return part


def test_an_error_in_a_part_reaches_the_caller_with_its_type():
    with pytest.raises(KeyError):
        list(LocalProcesses(2).map_parts(fails_on_three, [[1], [2], [3]]))


def dies_on_three(part):
    if 3 in part:
        os._exit(1)  # as a worker killed for lack of memory
    return part


def test_a_worker_process_that_dies_is_an_executor_error():
    with pytest.raises(ExecutorError, match="worker process died"):
        list(LocalProcesses(2).map_parts(dies_on_three, [[1], [2], [3]]))


def test_workers_and_dask_are_exclusive_and_workers_at_least_one():
    with pytest.raises(ValueError, match="exclusive"):
        with open_executor(workers=2, dask="tcp://127.0.0.1:8786"):
            pass
    with pytest.raises(ValueError, match="at least 1"):
        with open_executor(workers=0):
            pass


def closed_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_an_unreachable_scheduler_is_reported_at_once():
    pytest.importorskip("distributed")
    started = time.perf_counter()
    with pytest.raises(ExecutorUnavailable, match="cannot reach the Dask scheduler"):
        with open_executor(dask=f"tcp://127.0.0.1:{closed_port()}"):
            pass
    assert time.perf_counter() - started < 5  # not distributed's retries until its timeout
    with pytest.raises(ExecutorUnavailable, match="not a scheduler address"):
        with open_executor(dask="localhost"):
            pass


def test_without_distributed_dask_is_unavailable_with_the_install_hint(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    with pytest.raises(ExecutorUnavailable, match=r"pip install 'crosscheck\[dask\]'"):
        with open_executor(dask="tcp://127.0.0.1:8786"):
            pass


NO_DASK_SCRIPT = """
import sys
from crosscheck.run import Stages, ingest
from crosscheck.store import Database
from tests.test_ingest import FAKE, write_corpus
corpus = write_corpus(__import__("pathlib").Path(sys.argv[1]))
for workers in (1, 2):
    with Database() as db:
        assert ingest([corpus], db=db, stages=FAKE, workers=workers).new == 3
print(sorted(m for m in sys.modules if m.split(".")[0] in ("dask", "distributed")))
"""


def test_in_process_and_local_workers_do_not_import_dask(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", NO_DASK_SCRIPT, str(tmp_path / "in")], cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


class FailedFuture:
    def __init__(self, error: BaseException) -> None:
        self.error = error

    def result(self):
        raise self.error


def test_a_lost_dask_worker_or_a_worker_without_crosscheck_is_an_executor_error():
    distributed = pytest.importorskip("distributed")
    from crosscheck.executors import _result

    with pytest.raises(ExecutorError, match="lost a part of the batch"):
        lost = distributed.KilledWorker("part-1", SimpleNamespace(address="tcp://w:1"), 3)
        _result(FailedFuture(lost))
    with pytest.raises(ExecutorError, match="install crosscheck and its models on every"):
        _result(FailedFuture(ModuleNotFoundError("No module named 'crosscheck'")))
    with pytest.raises(KeyError):  # the work's own errors reach the caller as they are
        _result(FailedFuture(KeyError(3)))


def worker_pid(part):
    import os as worker_os

    return [worker_os.getpid() for _ in part]


# A parent that starts two kept workers, prints their pids, then waits to be killed.
ORPHANING_PARENT = """
import sys, time
from crosscheck.executors import LocalProcesses
from tests.test_executors import worker_pid
local = LocalProcesses(2)
pids = {pid for _, found in local.map_parts(worker_pid, [[1], [2], [3], [4]]) for pid in found}
print(" ".join(map(str, sorted(pids))), flush=True)
time.sleep(600)
"""


def test_workers_exit_when_their_parent_is_killed():
    import os
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    repo = Path(__file__).resolve().parents[1]
    parent = subprocess.Popen([sys.executable, "-c", ORPHANING_PARENT], cwd=repo,
                              env={**os.environ, "PYTHONPATH": str(repo)},
                              stdout=subprocess.PIPE, text=True)
    pids = [int(pid) for pid in parent.stdout.readline().split()]
    assert pids and parent.pid not in pids
    parent.send_signal(signal.SIGKILL)
    parent.wait(timeout=10)
    deadline = time.monotonic() + 10
    alive = pids
    while alive and time.monotonic() < deadline:
        time.sleep(0.2)
        alive = [pid for pid in alive if _running(pid)]
    assert alive == []


def _running(pid: int) -> bool:
    import os

    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        with open(f"/proc/{pid}/stat") as stat:  # a zombie waiting for its reaper is gone
            return stat.read().split()[2] != "Z"
    except FileNotFoundError:
        return False
