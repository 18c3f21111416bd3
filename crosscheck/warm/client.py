"""The thin client: `crosscheck` sends its command line to a running warm worker and relays
the job's exit code (the job writes to this process's own stdout and stderr).

``run_in_worker`` returns None whenever the command should run here instead: warm mode off
(``CROSSCHECK_WARM=off``), a command that does not go warm (``serve``, ``warm``, the bare
``--help`` and ``--version``), no worker, a stale socket (removed), or a worker that
refuses the job: busy, stale, or running other code or other start-up settings (a line on
stderr says which). Nothing has run in the worker then, so the cold run that follows gives
the only answer. Standard library only: the point is to import
nothing heavy.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from crosscheck.warm.paths import LOG_NAME, is_private, socket_path

OFF_VALUES = ("0", "off", "no", "false")
COLD_COMMANDS = ("serve", "warm")  # a server of its own; the worker's own controls
FIRST_REPLY_SECONDS = 10.0  # the worker answers at once, or it is stuck: run here
CANCEL_WAIT_SECONDS = 10.0  # after Ctrl-C, how long to wait for the job to wind down


def goes_warm(args: list[str]) -> bool:
    if os.environ.get("CROSSCHECK_WARM", "").strip().lower() in OFF_VALUES:
        return False
    return bool(args) and not args[0].startswith("-") and args[0] not in COLD_COMMANDS


def run_in_worker(argv: list[str]) -> int | None:
    """The command's exit code, run by the warm worker; None: run it in this process."""
    if not goes_warm(argv[1:]) or None in (sys.stdin, sys.stdout, sys.stderr):
        return None
    path = socket_path()
    if not is_private(path.parent):
        return None
    sock = connect(str(path))
    if sock is None:
        return None
    try:
        return _run(sock, argv)
    finally:
        sock.close()


def connect(path: str) -> Any:
    """A connected socket, or None: no worker (a socket file nobody listens on is removed),
    or one too busy to take the connection."""
    import socket

    try:
        before = os.stat(path)
    except OSError:
        return None
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.connect(path)
    except ConnectionRefusedError:  # the worker died without cleaning up
        sock.close()
        _remove_stale(path, before)
        return None
    except OSError:
        sock.close()
        return None
    return sock


def _remove_stale(path: str, seen: os.stat_result) -> None:
    try:
        if os.stat(path).st_ino == seen.st_ino:  # not a new worker's socket since
            os.unlink(path)
    except OSError:
        pass


def _run(sock: Any, argv: list[str]) -> int | None:
    from crosscheck.warm import protocol
    from crosscheck.warm.identity import code_identity

    request = {"op": "run", "argv": argv, "prog_name": program_name(argv[0]),
               "cwd": os.getcwd(), "env": dict(os.environ), "umask": _umask(),
               "client": code_identity(),
               "stdio": [[stream.encoding, stream.errors]
                         for stream in (sys.stdin, sys.stdout, sys.stderr)]}
    for stream in (sys.stdout, sys.stderr):
        stream.flush()  # nothing of ours may arrive after the job's output
    receiver = protocol.Receiver(sock)
    try:
        reply = _first_reply(sock, receiver, request)
        if reply.get("event") == "refused":  # the worker says why; the command runs here
            print(f"crosscheck: the warm worker did not take this command ({reply['reason']});"
                  " running it here", file=sys.stderr, flush=True)
        if reply.get("event") != "started":
            return None
        return _wait_for_exit(sock, receiver)
    except KeyboardInterrupt:  # before the first Ctrl-C was handled, or a second one: leave;
        return _aborted()  # the worker ends the job when the connection closes


def _first_reply(sock: Any, receiver: Any, request: dict[str, Any]) -> dict[str, Any]:
    """The worker's answer to the request: ``started``, or ``refused`` with the reason
    (busy, stale, other code or settings); empty when it went away or is stuck. Unless the
    job started, nothing ran and the command runs here."""
    from crosscheck.warm import protocol

    try:
        sock.settimeout(FIRST_REPLY_SECONDS)
        protocol.send(sock, request, protocol.STDIO_FDS)
        first = receiver.next()
    except (OSError, protocol.ProtocolError):
        return {}
    sock.settimeout(None)
    return first or {}


def _umask() -> int:
    """This process's umask (files the job creates, a new store among them, get the
    permissions they would get here); reading it means setting it."""
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


def _wait_for_exit(sock: Any, receiver: Any) -> int:
    from crosscheck.warm import protocol

    cancelled = False
    while True:
        try:
            message = receiver.next()
        except KeyboardInterrupt:
            if cancelled:  # a second Ctrl-C: leave; the worker ends the job as we go
                return _aborted()
            cancelled = True
            try:
                protocol.send(sock, {"op": "cancel"})
            except OSError:  # the worker is gone, and the job with it
                return _aborted()
            sock.settimeout(CANCEL_WAIT_SECONDS)
            continue
        except (OSError, protocol.ProtocolError):
            message = None
        if message is None:
            return _aborted() if cancelled else _worker_lost()
        if message.get("event") == "exit":
            return int(message["code"])
        if message.get("event") == "died":
            return _aborted() if message.get("cancelled") else _job_died(int(message["signal"]))


def _aborted() -> int:
    print("Aborted!", file=sys.stderr)  # what the command prints on Ctrl-C when run here
    return 1


def _worker_lost() -> int:
    print(f"crosscheck: the warm worker stopped during the job, which did not finish (see "
          f"{socket_path().parent / LOG_NAME}); run the command again (it runs without the "
          "worker if the worker is gone)", file=sys.stderr)
    return 1


def _job_died(number: int) -> int:
    import signal

    try:
        name = signal.Signals(number).name
    except ValueError:
        name = f"signal {number}"
    print(f"crosscheck: the job died in the warm worker ({name}) and did not finish; run "
          "it without the worker with CROSSCHECK_WARM=off (worker log: "
          f"{socket_path().parent / LOG_NAME})", file=sys.stderr)
    return 1


def program_name(argv0: str) -> str:
    """The name usage lines show, as click finds it in a cold run: ``python -m crosscheck``
    when run as a module, else the script's file name (the job's process cannot tell)."""
    package = getattr(sys.modules.get("__main__"), "__package__", None)
    if not package:
        return os.path.basename(argv0)
    module = os.path.splitext(os.path.basename(argv0))[0]
    return "python -m " + (package if module == "__main__" else f"{package}.{module}")
