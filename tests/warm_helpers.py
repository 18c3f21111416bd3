"""Real warm workers and real `crosscheck` processes for the warm-mode tests: each worker
lives in a private folder of its own (CROSSCHECK_WARM_DIR), never the user's."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

WAIT_SECONDS = 120.0  # a generous bound on a loaded machine; the tests take a few seconds


def new_warm_dir() -> Path:
    """Short, under /tmp: a Unix socket's path has at most 107 bytes."""
    folder = Path(tempfile.mkdtemp(prefix="ccw-", dir="/tmp"))
    os.rmdir(folder)  # the worker creates it, mode 0700
    return folder


def environment(warm_dir: Path, **extra: str) -> dict[str, str]:
    env = {**os.environ, "CROSSCHECK_WARM_DIR": str(warm_dir), **extra}
    env.pop("CROSSCHECK_WARM", None)
    return env


def run(*args: str, env: dict[str, str], cwd: Path | str, **options: Any
        ) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "crosscheck", *args], env=env, cwd=cwd,
                          capture_output=True, text=True, timeout=WAIT_SECONDS, **options)


def cold(*args: str, env: dict[str, str], cwd: Path | str) -> subprocess.CompletedProcess:
    return run(*args, env={**env, "CROSSCHECK_WARM": "off"}, cwd=cwd)


def start(*args: str, env: dict[str, str]) -> None:
    started = run("warm", "start", *args, env=env, cwd="/")
    assert started.returncode == 0, started.stderr


def status(env: dict[str, str]) -> dict[str, Any]:
    done = run("warm", "status", "--json", env=env, cwd="/")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def stop(env: dict[str, str], warm_dir: Path) -> None:
    run("warm", "stop", env=env, cwd="/")
    shutil.rmtree(warm_dir, ignore_errors=True)


def wait_for(condition: Any, what: str, seconds: float = WAIT_SECONDS) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def busy_job(env: dict[str, str]) -> dict[str, Any]:
    return wait_for(lambda: status(env)["job"], "the worker to take the job")


@contextmanager
def write_locked(db_path: Path) -> Iterator[None]:
    """Hold the store's write lock, so a job that writes to it waits (SQLite's busy timeout)."""
    connection = sqlite3.connect(db_path, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        yield
    finally:
        connection.execute("ROLLBACK")
        connection.close()


def spawn(*args: str, env: dict[str, str], cwd: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "crosscheck", *args], env=env, cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def store_with_a_rejection(folder: Path, env: dict[str, str]) -> tuple[Path, Path]:
    """A store, and an empty file whose ingest (a rejection to record) writes to it."""
    empty, db_path = folder / "empty.txt", folder / "store.db"
    empty.write_text("")
    done = run("ingest", str(empty), "--db", str(db_path), env=env, cwd=folder)
    assert done.returncode == 1 and "rejected 1 input: empty 1" in done.stdout, done.stderr
    return empty, db_path
