"""The warm worker: a long-lived process with crosscheck's modules and models loaded, taking
one job at a time over a Unix socket in the user's private runtime folder.

Each job runs in a fork of this process (``job.py``): it starts with everything loaded and
leaves nothing behind, and a crash ends the job, not the worker. When the worker is idle the
fork for the next job is made ahead and warmed (``spare.py``). The worker refuses a job it
would not answer as a cold run does (other code, other start-up settings, an installation
changed since it started: then it exits), and a second job while one runs; the client then
runs the command itself. It exits after ``--idle`` seconds without a job, on `crosscheck warm
stop`, and on SIGTERM, removing its socket.

    python -m crosscheck.warm.worker [--idle SECONDS] [--no-warm-up]

(`crosscheck warm start` starts it in the background with its output in ``warm.log``.)
"""

from __future__ import annotations

import argparse
import fcntl
import gc
import os
import selectors
import shutil
import signal
import socket
import struct
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from crosscheck.warm import identity, protocol
from crosscheck.warm.job import prepare_child, run_job
from crosscheck.warm.paths import LOCK_NAME, PID_NAME, SOCKET_NAME, make_private_dir
from crosscheck.warm.spare import (SPARE_DELAY_SECONDS, Spare, hand_over, scratch_dir,
                                   serve_one)

DEFAULT_IDLE_SECONDS = 1800.0  # half an hour without a job: the memory goes back
CANCEL_GRACE_SECONDS = 5.0  # after Ctrl-C (SIGINT), how long a job has before SIGKILL
REQUEST_SECONDS = 5.0  # a client sends its request at once


@dataclass
class Job:
    pid: int
    pidfd: int
    conn: socket.socket
    receiver: protocol.Receiver
    argv: list[str]
    in_spare: bool = False
    cpu_before: float = 0.0  # a spare's warm-up, not the job's
    started: float = field(default_factory=time.monotonic)
    cancelled: bool = False
    kill_at: float | None = None


class Worker:
    def __init__(self, folder: Path, *, idle_seconds: float, fingerprint: str,
                 lock: int, spares: bool = True) -> None:
        self.folder = folder
        self.lock = lock  # a job must not hold it: it would outlive a dead worker's lock
        self.idle_seconds = idle_seconds
        self.fingerprint = fingerprint
        self.identity = identity.code_identity()
        self.startup = identity.startup_environment(dict(os.environ))
        self.selector = selectors.DefaultSelector()
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.job: Job | None = None
        self.stopping = False
        self.stale = False
        self.jobs = self.refused = 0
        self.last_job: dict[str, Any] | None = None
        self.started_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
        self.last_activity = time.monotonic()
        self.socket_inode: int | None = None
        self.spares = spares
        self.spare: Spare | None = None
        self.spare_at: float | None = time.monotonic()  # when to fork the next spare
        self.signal_mask: set[int] = set()  # the worker's, restored in a job once it runs

    # --- listening ------------------------------------------------------------------------

    def listen(self) -> None:
        """Bind under a temporary name and rename into place once listening: a client never
        finds a socket file that refuses connections while the worker is alive."""
        final = self.folder / SOCKET_NAME
        temporary = self.folder / f"{SOCKET_NAME}.{os.getpid()}"
        temporary.unlink(missing_ok=True)
        self.listener.bind(str(temporary))
        os.chmod(temporary, 0o600)
        self.listener.listen(8)
        os.replace(temporary, final)
        self.socket_inode = os.stat(final).st_ino
        (self.folder / PID_NAME).write_text(f"{os.getpid()}\n")
        self.selector.register(self.listener, selectors.EVENT_READ, self._accept)

    def close(self) -> None:
        """Remove the socket and pid files if they are still this worker's."""
        final = self.folder / SOCKET_NAME
        try:
            if os.stat(final).st_ino == self.socket_inode:
                final.unlink()
                (self.folder / PID_NAME).unlink(missing_ok=True)
        except OSError:
            pass
        self._discard_spare()
        self.listener.close()

    def serve(self) -> None:
        while not (self.stopping and self.job is None):
            for key, _events in self.selector.select(self._timeout()):
                if self.selector.get_map().get(key.fd) is key:  # not closed by an earlier one
                    key.data(key.fileobj)
            self._enforce_cancel()
            self._fork_spare_when_due()
            if self.stale and self.job is None:
                log("the installation changed since the worker started: exiting")
                break
            if self.job is None and time.monotonic() - self.last_activity >= self.idle_seconds:
                log(f"idle for {self.idle_seconds:g} s: exiting")
                break

    def _timeout(self) -> float:
        if self.job is not None:
            return 0.5 if self.job.kill_at is not None else 60.0
        now = time.monotonic()
        idle = self.idle_seconds - (now - self.last_activity)
        return max(0.0, min(idle, self.spare_at - now) if self.spare_at is not None else idle)

    # --- requests -------------------------------------------------------------------------

    def _accept(self, listener: socket.socket) -> None:
        conn, _address = listener.accept()
        conn.settimeout(REQUEST_SECONDS)
        receiver = protocol.Receiver(conn)
        keep = False
        try:
            if _peer_uid(conn) != os.getuid():
                return
            request = receiver.next(with_fds=True)
            if request is not None:
                keep = self._answer(conn, receiver, request)
        except (OSError, protocol.ProtocolError, KeyError, TypeError) as error:
            log(f"a request failed: {error!r}")
        finally:
            for fd in receiver.fds:
                os.close(fd)
            if not keep:
                conn.close()

    def _answer(self, conn: socket.socket, receiver: protocol.Receiver,
                request: dict[str, Any]) -> bool:
        """True when the connection now belongs to a job."""
        op = request.get("op")
        if op == "status":
            protocol.send(conn, self._status(request))
        elif op == "stop":
            log("asked to stop")
            self.stopping = True
            if self.job is not None:
                self._cancel()
            protocol.send(conn, {"event": "stopping", "pid": os.getpid()})
        elif op == "run":
            reason = self._refusal(request, len(receiver.fds))
            if reason is None:
                self._start(conn, receiver, request)
                return True
            self.refused += 1
            log(f"refused {request['argv'][1:]}: {reason}")
            protocol.send(conn, {"event": "refused", "reason": reason})
        return False

    def _refusal(self, request: dict[str, Any], fds: int) -> str | None:
        if self.stopping:
            return "the worker is stopping"
        reason = self._incompatibility(request)
        if reason is None and self.job is not None:
            reason = f"busy with another job ({' '.join(self.job.argv[1:])})"
        if reason is None and fds != len(protocol.STDIO_FDS):
            reason = "the client's stdin, stdout and stderr did not arrive"
        return reason

    def _incompatibility(self, request: dict[str, Any]) -> str | None:
        """Why this worker would not answer as the client's own cold run would."""
        current = identity.installation_fingerprint(self.identity["package"])
        if self.stale or current != self.fingerprint:
            self.stale = True
            return "the installation changed since the worker started (it exits)"
        return (identity.difference(self.identity, request["client"], what="the code")
                or identity.difference(self.startup,
                                       identity.startup_environment(request["env"]),
                                       what="a setting read at start-up"))

    def _status(self, request: dict[str, Any]) -> dict[str, Any]:
        reason = self._incompatibility(request) if "client" in request else None
        job = self.job
        return {"event": "status", "pid": os.getpid(), "started": self.started_at,
                "folder": str(self.folder), "idle_timeout": self.idle_seconds,
                "idle_for": 0.0 if job else round(time.monotonic() - self.last_activity, 1),
                "jobs": self.jobs, "refused": self.refused, "accepts": reason is None,
                "reason": reason, "last_job": self.last_job, "spare": None if not self.spare
                else {"pid": self.spare.pid, "ready": self.spare.ready},
                "job": None if job is None else {
                    "pid": job.pid, "argv": job.argv,
                    "seconds": round(time.monotonic() - job.started, 3)}}

    # --- jobs -----------------------------------------------------------------------------

    def _start(self, conn: socket.socket, receiver: protocol.Receiver,
               request: dict[str, Any]) -> None:
        """The job goes to the spare if it is ready, else to a fresh fork."""
        spare, self.spare, self.spare_at = self.spare, None, None
        if spare is not None and spare.ready:
            self.selector.unregister(spare.pidfd)
            self.selector.unregister(spare.channel)
            hand_over(spare, request, receiver.fds)
            spare.channel.close()
            pid, pidfd, cpu_before = spare.pid, spare.pidfd, spare.warm_up_cpu
        else:
            cpu_before = 0.0
            self._discard(spare)
            pid = self._fork()
            if pid == 0:
                run_job(request, receiver.fds, [conn], self.signal_mask)
            pidfd = os.pidfd_open(pid)
        for fd in receiver.fds:
            os.close(fd)
        receiver.fds = []
        self.job = Job(pid, pidfd, conn, receiver, list(request["argv"]),
                       in_spare=spare is not None and spare.ready, cpu_before=cpu_before)
        conn.settimeout(1.0)
        self.selector.register(pidfd, selectors.EVENT_READ, self._finished)
        self.selector.register(conn, selectors.EVENT_READ, self._client_spoke)
        try:
            protocol.send(conn, {"event": "started", "pid": pid})
        except OSError:  # the client left already
            self._cancel()

    def _fork(self) -> int:
        """Fork a job's process: 0 in the child, which holds none of the worker's sockets
        and has a job's signal handlers. SIGINT and SIGTERM stay blocked in it until the job
        has the client's streams (``run_job`` restores ``signal_mask``): a cancel that came
        at once would otherwise run the worker's shutdown in the child."""
        self.signal_mask = signal.pthread_sigmask(signal.SIG_BLOCK,
                                                  {signal.SIGINT, signal.SIGTERM})
        pid = os.fork()
        if pid == 0:
            os.close(self.lock)
            self.listener.close()
            self.selector.close()
            prepare_child()
            return 0
        signal.pthread_sigmask(signal.SIG_SETMASK, self.signal_mask)
        return pid

    # --- the spare (crosscheck/warm/spare.py) ---------------------------------------------

    def _fork_spare_when_due(self) -> None:
        due = self.spare_at is not None and time.monotonic() >= self.spare_at
        if not (due and self.spares) or self.job or self.spare or self.stopping:
            return
        self.spare_at = None
        ours, theirs = socket.socketpair()
        pid = self._fork()
        if pid == 0:
            ours.close()
            serve_one(theirs, self.signal_mask, self.folder)
        theirs.close()
        ours.settimeout(REQUEST_SECONDS)
        self.spare = Spare(pid, os.pidfd_open(pid), ours)
        self.selector.register(self.spare.pidfd, selectors.EVENT_READ, self._spare_exited)
        self.selector.register(ours, selectors.EVENT_READ, self._spare_spoke)

    def _spare_spoke(self, channel: socket.socket) -> None:
        spare = self.spare
        if spare is None:
            return
        try:
            message = protocol.Receiver(channel).next()  # {"event": "ready", ...}, at once
        except (OSError, protocol.ProtocolError):
            message = None
        if message is None:  # it is exiting: _spare_exited will say why
            self.selector.unregister(channel)
            return
        spare.ready, spare.warm_up_cpu = True, float(message.get("cpu_seconds", 0.0))

    def _spare_exited(self, _pidfd: int) -> None:
        """A spare that died before its job: the next job gets a fresh fork."""
        spare, self.spare = self.spare, None
        if spare is None:
            return
        _pid, status = os.waitpid(spare.pid, 0)
        log(f"the spare process exited ({os.waitstatus_to_exitcode(status)}) before a job; "
            "the next job gets a fresh fork (see the lines above)")
        self._close_spare(spare)

    def _discard_spare(self) -> None:
        spare, self.spare = self.spare, None
        self._discard(spare)

    def _discard(self, spare: Spare | None) -> None:
        if spare is None:
            return
        _signal(spare.pid, signal.SIGKILL)
        os.waitpid(spare.pid, 0)
        self._close_spare(spare)

    def _close_spare(self, spare: Spare) -> None:
        for registered in (spare.pidfd, spare.channel):
            if registered in self.selector.get_map():
                self.selector.unregister(registered)
        os.close(spare.pidfd)
        spare.channel.close()
        shutil.rmtree(scratch_dir(self.folder, spare.pid), ignore_errors=True)

    def _client_spoke(self, conn: socket.socket) -> None:
        """A cancel (Ctrl-C in the client), or the client gone: the job stops either way."""
        job = self.job
        try:
            message = job.receiver.next() if job else None
        except (OSError, protocol.ProtocolError):
            message = None
        if message is None:
            self.selector.unregister(conn)
        if message is None or message.get("op") == "cancel":
            self._cancel()

    def _cancel(self) -> None:
        job = self.job
        if job is None or job.cancelled:
            return
        job.cancelled = True
        job.kill_at = time.monotonic() + CANCEL_GRACE_SECONDS
        _signal(job.pid, signal.SIGINT)

    def _enforce_cancel(self) -> None:
        job = self.job
        if job is not None and job.kill_at is not None and time.monotonic() >= job.kill_at:
            log(f"job {job.pid} did not stop on SIGINT: killing it")
            _signal(job.pid, signal.SIGKILL)
            job.kill_at = None

    def _finished(self, _pidfd: int) -> None:
        job = self.job
        if job is None:  # only a job's pidfd is registered with this callback
            return
        _pid, status, usage = os.wait4(job.pid, 0)
        code = os.waitstatus_to_exitcode(status)
        seconds = time.monotonic() - job.started
        cpu = usage.ru_utime + usage.ru_stime - job.cpu_before
        self.jobs += 1
        self.last_job = {"argv": job.argv, "code": code, "seconds": round(seconds, 4),
                         "cpu_seconds": round(cpu, 4), "cancelled": job.cancelled,
                         "in_spare": job.in_spare}
        log(f"job {self.jobs}: {job.argv[1:]} -> {code} in {seconds:.2f} s, {cpu:.2f} CPU s")
        reply = ({"event": "exit", "code": code} if code >= 0 else
                 {"event": "died", "signal": -code, "cancelled": job.cancelled})
        try:
            protocol.send(job.conn, reply)
        except OSError:
            pass
        self._forget(job)

    def _forget(self, job: Job) -> None:
        self.selector.unregister(job.pidfd)
        os.close(job.pidfd)
        if job.conn.fileno() in self.selector.get_map():
            self.selector.unregister(job.conn)
        job.conn.close()
        self.job = None
        self.last_activity = time.monotonic()
        self.spare_at = self.last_activity + SPARE_DELAY_SECONDS


def _peer_uid(conn: socket.socket) -> int:
    credentials = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    return int(struct.unpack("3i", credentials)[1])


def _signal(pid: int, number: int) -> None:
    try:
        os.kill(pid, number)
    except ProcessLookupError:
        pass


def log(message: str) -> None:
    stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
    print(f"{stamp} [{os.getpid()}] {message}", file=sys.stderr, flush=True)


def _hold_lock(folder: Path) -> int:
    """One worker per folder: the lock is held for the worker's life."""
    fd = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise SystemExit("crosscheck: a warm worker is already running (or starting) in "
                         f"{folder}")
    return fd


def _stop_on_signals() -> None:
    def stop(_number: int, _frame: object) -> None:
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)  # the terminal that started it may close


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--idle", type=float, default=DEFAULT_IDLE_SECONDS, metavar="SECONDS")
    parser.add_argument("--no-warm-up", dest="warm_up", action="store_false",
                        help="load nothing ahead, and fork no spare (each job loads what it "
                             "needs)")
    args = parser.parse_args(argv)
    folder = make_private_dir()
    lock = _hold_lock(folder)
    for left in [folder / "warm-up", *folder.glob("spare-*")]:  # by a worker killed before
        shutil.rmtree(left, ignore_errors=True)
    _stop_on_signals()
    # taken before anything is loaded: a file changed while loading counts as a change
    fingerprint = identity.installation_fingerprint(identity.package_dir())
    started = time.monotonic()
    if args.warm_up:
        _warm_up(folder / "warm-up")
    gc.freeze()  # jobs' collections skip what is loaded: their copy-on-write pages stay shared
    worker = Worker(folder, idle_seconds=args.idle, fingerprint=fingerprint, lock=lock,
                    spares=args.warm_up)
    try:
        worker.listen()
        log(f"ready in {time.monotonic() - started:.1f} s (idle timeout {args.idle:g} s)")
        worker.serve()
    finally:
        worker.close()
        os.close(lock)


def _warm_up(scratch: Path) -> None:
    from crosscheck.warm.warmup import warm_up

    try:
        warm_up(scratch)
    except Exception as error:  # noqa: BLE001 - a worker that loaded less still serves
        log(f"warm-up failed, jobs load what they need: {error!r}")


if __name__ == "__main__":
    main()
