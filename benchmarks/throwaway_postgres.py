"""A throwaway PostgreSQL cluster, for the store's tests and the web benchmarks alike.

The machine's ``initdb`` and ``pg_ctl`` (as `make postgres` installs them) make a cluster in a
fresh temporary folder, run as the ``postgres`` user when this process is root (PostgreSQL
refuses to run as root), reached over a Unix socket in that folder and never over the network.
The folder is not under pytest's ``tmp_path``: that is private to the test user, and the
server may run as another user.

    with throwaway_cluster() as socket_dir:
        url = f"postgresql+psycopg://postgres@/postgres?host={socket_dir}"
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path


class PostgresMissing(RuntimeError):
    """The PostgreSQL server binaries are not on PATH."""


def as_owner(command: list[str]) -> None:
    """Run a server command as the cluster's owner."""
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    subprocess.run(command, check=True, capture_output=True, timeout=120)


@contextlib.contextmanager
def throwaway_cluster(*, settings: str = "", stop_mode: str = "fast") -> Iterator[str]:
    """A fresh cluster for the duration, started with the extra server ``settings`` ("-c
    fsync=off"); yields the folder of its Unix socket. Raises PostgresMissing without the
    binaries."""
    initdb = shutil.which("initdb")
    if initdb is None:
        raise PostgresMissing("PostgreSQL binaries (initdb, pg_ctl) not found: run `make postgres`")
    folder = Path(tempfile.mkdtemp(prefix="crosscheck-pg-"))
    data = folder / "data"
    data.mkdir()
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
        shutil.chown(data, "postgres")
    try:
        as_owner([initdb, "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"])
        options = f"-c listen_addresses='' -k {folder} {settings}".strip()
        # -l: the server must not hold the caller's output pipes open
        as_owner(["pg_ctl", "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w",
                  "start"])
        try:
            yield str(folder)
        finally:
            as_owner(["pg_ctl", "-D", str(data), "-m", stop_mode, "stop"])
    finally:
        shutil.rmtree(folder, ignore_errors=True)
