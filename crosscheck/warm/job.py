"""What runs in the worker's forked child for one job: the client's streams, working folder,
environment and argv in place of the worker's, then the command line as a cold run would run
it, then a quick exit with its code."""

from __future__ import annotations

import atexit
import os
import signal
import sys
import time
import traceback
from collections.abc import Iterable
from typing import Any, NoReturn

PR_SET_PDEATHSIG = 1


def run_job(request: dict[str, Any], fds: list[int], keep_closed: list[Any],
            signal_mask: Iterable[int]) -> NoReturn:
    """Never returns: the child exits with the command's code. ``keep_closed``: sockets the
    job must not hold (a client would not see the worker go). ``signal_mask``: the mask to
    restore once the client's streams are in place (SIGINT and SIGTERM are blocked from the
    fork until then)."""
    code = 1
    try:
        for sock in keep_closed:
            sock.close()
        _take_client_streams(fds, request["stdio"])
        _take_client_context(request)
        signal.pthread_sigmask(signal.SIG_SETMASK, signal_mask)  # a pending cancel lands here
        code = _run_command(request["argv"], request["prog_name"])
    except KeyboardInterrupt:  # cancelled before the command began
        print("Aborted!", file=sys.stderr)  # as the command says when cancelled
    except BaseException:  # noqa: BLE001 - the child reports everything, then exits
        traceback.print_exc()
    finally:
        code = _exit_as_python_does(code)
    os._exit(code)


def prepare_child() -> None:
    """A fork's first step: a job's signal handlers (cancel = Ctrl-C) in place of the
    worker's, and an end when the worker dies, as a job whose worker died has no one to
    report to (Linux: PR_SET_PDEATHSIG)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the job finishes on its own
        pass
    for number in (signal.SIGTERM, signal.SIGCHLD, signal.SIGHUP):
        signal.signal(number, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # cancel = Ctrl-C


def _take_client_streams(fds: list[int], stdio: list[list[str]]) -> None:
    """The client's stdin, stdout and stderr become this process's 0, 1 and 2, wrapped as a
    cold run wraps them: its encodings, stdout line-buffered on a terminal, stderr always
    (buffering=1: line by line)."""
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    (in_encoding, in_errors), (out_encoding, out_errors), (err_encoding, err_errors) = stdio
    sys.stdin = open(0, "r", encoding=in_encoding, errors=in_errors, closefd=False)
    sys.stdout = open(1, "w", buffering=1 if os.isatty(1) else -1, encoding=out_encoding,
                      errors=out_errors, closefd=False)
    sys.stderr = open(2, "w", buffering=1, encoding=err_encoding, errors=err_errors,
                      closefd=False)
    for name in ("stdin", "stdout", "stderr"):  # the originals too, for code that uses them
        setattr(sys, f"__{name}__", getattr(sys, name))


def _take_client_context(request: dict[str, Any]) -> None:
    os.chdir(request["cwd"])
    os.umask(request["umask"])
    os.environ.clear()
    os.environ.update(request["env"])
    time.tzset()  # the client's TZ, if it has one
    sys.argv = list(request["argv"])


def _run_command(argv: list[str], prog_name: str) -> int:
    from crosscheck.cli import cli

    try:
        cli.main(args=argv[1:], prog_name=prog_name)
    except SystemExit as done:
        return _exit_code(done.code)
    return 0


def _exit_code(value: object) -> int:
    """As the interpreter turns sys.exit's argument into a status."""
    if value is None:
        return 0
    if isinstance(value, int):
        return value & 0xFF
    print(value, file=sys.stderr)
    return 1


def _exit_as_python_does(code: int) -> int:
    """Run the exit handlers and flush, as the interpreter does on exit; a flush that fails
    (a closed pipe) makes the status 120, as it does there."""
    try:
        atexit._run_exitfuncs()
    except BaseException:  # noqa: BLE001 - the handlers print their own errors
        pass
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            code = 120 if code == 0 else code
    return code
