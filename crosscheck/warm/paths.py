"""Where a user's warm worker lives: a private runtime folder with its socket, pid, lock and
log. ``CROSSCHECK_WARM_DIR`` chooses the folder; otherwise ``$XDG_RUNTIME_DIR/crosscheck``,
or ``crosscheck-warm-<uid>`` in the temporary folder. Standard library only: the client
calls this before anything else is imported."""

from __future__ import annotations

import os
import stat
from pathlib import Path

SOCKET_NAME = "warm.sock"
PID_NAME = "warm.pid"
LOCK_NAME = "warm.lock"
LOG_NAME = "warm.log"


def runtime_dir() -> Path:
    configured = os.environ.get("CROSSCHECK_WARM_DIR")
    if configured:
        return Path(configured)
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime:
        return Path(runtime) / "crosscheck"
    return Path(os.environ.get("TMPDIR") or "/tmp") / f"crosscheck-warm-{os.getuid()}"


def socket_path() -> Path:
    return runtime_dir() / SOCKET_NAME


def is_private(folder: Path) -> bool:
    """Only a folder this user owns and nobody else can enter may hold the socket: another
    user's process must not be able to answer (or read) this user's jobs."""
    try:
        info = os.stat(folder)
    except OSError:
        return False
    return (stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid()
            and info.st_mode & 0o077 == 0)


def make_private_dir() -> Path:
    """Create the runtime folder with mode 0700; refuse one that others can enter."""
    folder = runtime_dir()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not is_private(folder):
        raise PermissionError(f"{folder} is not a private folder of this user (owner and mode "
                              "0700 expected): choose another with CROSSCHECK_WARM_DIR")
    return folder
