"""The warm worker's life with real processes: it exits when idle, when the installation
changes under it (the client runs the command itself), and when killed its socket is found
stale and removed; a job whose worker dies ends with a clear error. These workers load
nothing ahead (--no-warm-up), so that each starts in a moment."""

from __future__ import annotations

import os
import shutil
import signal
import stat
from pathlib import Path

import pytest

import crosscheck
from tests.warm_helpers import (WAIT_SECONDS, busy_job, environment, new_warm_dir, run,
                                spawn, start, status, stop, store_with_a_rejection, wait_for,
                                write_locked)

USAGE_ERROR = ("show", "abcd", "--json", "--markdown")  # runs warm, answers at once


@pytest.fixture
def warm_dir():
    folder = new_warm_dir()
    yield folder
    stop(environment(folder), folder)


def pid_of(warm_dir: Path) -> int:
    return int((warm_dir / "warm.pid").read_text())


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_the_runtime_folder_is_private(warm_dir):
    env = environment(warm_dir)
    start("--no-warm-up", env=env)
    assert stat.S_IMODE(os.stat(warm_dir).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(warm_dir / "warm.sock").st_mode) == 0o600


def test_a_folder_others_can_enter_is_not_used(tmp_path):
    folder = tmp_path / "open"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    env = environment(folder)
    started = run("warm", "start", "--no-warm-up", env=env, cwd=tmp_path)
    assert started.returncode == 1 and "not a private folder" in started.stderr
    assert not (folder / "warm.sock").exists()
    done = run(*USAGE_ERROR, env=env, cwd=tmp_path)
    assert done.returncode == 2 and "mutually exclusive" in done.stderr


def test_the_worker_exits_after_its_idle_time(warm_dir):
    env = environment(warm_dir)
    start("--no-warm-up", "--idle", "1", env=env)
    pid = pid_of(warm_dir)
    wait_for(lambda: gone(pid), "the idle worker to exit", seconds=30)
    assert not (warm_dir / "warm.sock").exists()
    assert "idle for 1 s: exiting" in (warm_dir / "warm.log").read_text()
    assert status(env)["running"] is False


def test_a_stale_socket_is_removed_and_the_command_runs_cold(warm_dir, tmp_path):
    env = environment(warm_dir)
    start("--no-warm-up", env=env)
    os.kill(pid_of(warm_dir), signal.SIGKILL)
    wait_for(lambda: gone(pid_of(warm_dir)), "the worker to die")
    assert (warm_dir / "warm.sock").exists()  # left behind
    done = run(*USAGE_ERROR, env=env, cwd=tmp_path)
    assert done.returncode == 2 and "mutually exclusive" in done.stderr
    assert not (warm_dir / "warm.sock").exists()
    start("--no-warm-up", env=env)  # and a new worker starts in its place
    assert status(env)["running"] is True


def new_version(code: Path, _cache: Path) -> None:
    init = code / "crosscheck" / "__init__.py"
    init.write_text(init.read_text().replace('__version__ = "', '__version__ = "9.'))


def rebuilt_model(_code: Path, cache: Path) -> None:
    (cache / "minilm-l6-v2-int8" / "model.onnx").write_bytes(b"a rebuilt model")


@pytest.mark.parametrize("change", [new_version, rebuilt_model])
def test_a_changed_installation_makes_the_client_run_cold(warm_dir, tmp_path, change):
    """A copy of the package and a model cache stand for the installation (the worker loads
    no model here). After a change the worker is stale: it refuses the job and exits, and
    the command runs cold, on the new installation."""
    code, cache = tmp_path / "code", tmp_path / "cache"
    shutil.copytree(Path(crosscheck.__file__).parent, code / "crosscheck", symlinks=True)
    (cache / "minilm-l6-v2-int8").mkdir(parents=True)
    (cache / "minilm-l6-v2-int8" / "model.onnx").write_bytes(b"a model")
    env = environment(warm_dir, PYTHONPATH=str(code), CROSSCHECK_CACHE=str(cache))
    start("--no-warm-up", env=env)
    assert run(*USAGE_ERROR, env=env, cwd=tmp_path).returncode == 2
    assert status(env)["jobs"] == 1
    pid = pid_of(warm_dir)
    change(code, cache)
    done = run(*USAGE_ERROR, env=env, cwd=tmp_path)
    assert done.returncode == 2 and "mutually exclusive" in done.stderr
    assert "(the installation changed since the worker started" in done.stderr
    wait_for(lambda: gone(pid), "the stale worker to exit")
    log = (warm_dir / "warm.log").read_text()
    assert "refused ['show'" in log and "the installation changed" in log


def test_a_job_whose_worker_dies_ends_with_a_clear_error(warm_dir, tmp_path):
    env = environment(warm_dir)
    empty, db_path = store_with_a_rejection(tmp_path, env)
    start("--no-warm-up", env=env)
    with write_locked(db_path):
        client = spawn("ingest", str(empty), "--db", str(db_path), env=env, cwd=tmp_path)
        job = busy_job(env)
        os.kill(pid_of(warm_dir), signal.SIGKILL)
        out, err = client.communicate(timeout=WAIT_SECONDS)
    assert client.returncode == 1 and out == ""
    assert "the warm worker stopped during the job" in err
    wait_for(lambda: gone(job["pid"]), "the job to end with its worker")
    again = run("ingest", str(empty), "--db", str(db_path), env=env, cwd=tmp_path)
    assert again.returncode == 1 and "rejected 1 input: empty 1" in again.stdout  # cold


def test_stop_ends_the_worker_and_removes_its_socket(warm_dir):
    env = environment(warm_dir)
    start("--no-warm-up", env=env)
    pid = pid_of(warm_dir)
    stopped = run("warm", "stop", env=env, cwd="/")
    assert stopped.returncode == 0 and "stopped" in stopped.stdout
    wait_for(lambda: gone(pid), "the worker to exit")
    assert not (warm_dir / "warm.sock").exists()
    assert run("warm", "stop", env=env, cwd="/").stdout == "no warm worker running\n"
