"""`crosscheck warm start|stop|status`: control the user's warm worker (crosscheck.warm)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from typing import Any

import click

from crosscheck.warm.paths import LOG_NAME, make_private_dir, runtime_dir, socket_path

START_SECONDS = 300.0  # loading the models takes seconds; on a busy machine, much longer
STOP_SECONDS = 15.0


@click.group()
def warm() -> None:
    """Keep a worker with the models loaded, so small commands skip start-up.

    While it runs, every command but `serve` runs in it when it can give the answer this
    process would (same code, same start-up settings); otherwise, and with CROSSCHECK_WARM=off,
    commands run as usual. See docs/cli.md."""


@warm.command()
@click.option("--idle", "idle_seconds", type=click.FloatRange(min=0), default=1800.0,
              show_default=True, envvar="CROSSCHECK_WARM_IDLE", metavar="SECONDS",
              help="Exit after this long without a job.")
@click.option("--no-warm-up", "warm_up", is_flag=True, flag_value=False, default=True,
              hidden=True, help="Load nothing ahead (tests).")
def start(idle_seconds: float, warm_up: bool) -> None:
    """Start a warm worker in the background, and wait until it is ready."""
    status = _status()
    if status is not None and status["accepts"]:
        click.echo(f"a warm worker is already running (pid {status['pid']})")
        return
    if status is not None:
        click.echo(f"replacing the warm worker {status['pid']}: {status['reason']}", err=True)
        _stop_and_wait()
    try:
        folder = make_private_dir()
    except OSError as error:  # PermissionError among them: a folder others can enter
        raise click.ClickException(str(error)) from error
    process = _spawn(idle_seconds, warm_up=warm_up)
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise click.ClickException(f"the warm worker exited with {process.returncode} "
                                       f"before it was ready; see {folder / LOG_NAME}")
        status = _status()
        if status is not None:
            click.echo(f"warm worker ready (pid {status['pid']}; idle timeout "
                       f"{idle_seconds:g} s; socket {socket_path()})")
            return
        time.sleep(0.1)
    raise click.ClickException(f"the warm worker was not ready after {START_SECONDS:g} s; "
                               f"see {folder / LOG_NAME}")


def _spawn(idle_seconds: float, *, warm_up: bool) -> subprocess.Popen[bytes]:
    """The worker in a session of its own (Ctrl-C in this terminal does not reach it), its
    output in the log."""
    folder = runtime_dir()
    command = [sys.executable, "-m", "crosscheck.warm.worker", "--idle", str(idle_seconds)]
    if not warm_up:
        command.append("--no-warm-up")
    with open(folder / LOG_NAME, "ab") as log:
        os.chmod(folder / LOG_NAME, 0o600)
        return subprocess.Popen(command, cwd=folder, stdin=subprocess.DEVNULL, stdout=log,
                                stderr=log, start_new_session=True)


@warm.command()
def stop() -> None:
    """Stop the warm worker (a job it is running is cancelled)."""
    if _request({"op": "stop"}) is None:
        click.echo("no warm worker running")
        return
    if not _wait_gone():
        raise click.ClickException(f"the warm worker is still there after {STOP_SECONDS:g} s")
    click.echo("warm worker stopped")


@warm.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON on stdout.")
def status(as_json: bool) -> None:
    """Whether a warm worker runs, and whether it would run this process's commands."""
    found = _status()
    if as_json:
        json.dump({"running": found is not None, **(found or {})}, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return
    if found is None:
        click.echo(f"no warm worker running (folder {runtime_dir()})")
        return
    click.echo("\n".join(_status_lines(found)))


def _status_lines(found: dict[str, Any]) -> list[str]:
    busy = found["job"]
    lines = [f"warm worker running: pid {found['pid']}, since {found['started']}; jobs run: "
             f"{found['jobs']}, refused: {found['refused']}",
             f"socket: {socket_path()}; log: {runtime_dir() / LOG_NAME}",
             f"idle timeout: {found['idle_timeout']:g} s (idle for {found['idle_for']:g} s)",
             f"busy: {' '.join(busy['argv'][1:])} (pid {busy['pid']})" if busy else "busy: no",
             _spare_line(found["spare"])]
    lines.append("runs this process's commands: " + (
        "yes" if found["accepts"] else f"no, {found['reason']}"))
    return lines


def _spare_line(spare: dict[str, Any] | None) -> str:
    if spare is None:
        return "spare process for the next job: none"
    return (f"spare process for the next job: {'ready' if spare['ready'] else 'warming up'} "
            f"(pid {spare['pid']})")


def _status() -> dict[str, Any] | None:
    from crosscheck.warm.identity import code_identity

    return _request({"op": "status", "client": code_identity(), "env": dict(os.environ)})


def _request(message: dict[str, Any]) -> dict[str, Any] | None:
    """The worker's answer, or None when no worker runs (a stale socket is removed)."""
    from crosscheck.warm import protocol
    from crosscheck.warm.client import connect

    sock = connect(str(socket_path()))
    if sock is None:
        return None
    try:
        sock.settimeout(10.0)
        protocol.send(sock, message)
        return protocol.Receiver(sock).next()
    except (OSError, protocol.ProtocolError):
        return None
    finally:
        sock.close()


def _stop_and_wait() -> None:
    _request({"op": "stop"})
    if not _wait_gone():
        raise click.ClickException("the old warm worker did not stop; stop it with "
                                   "`crosscheck warm stop`")


def _wait_gone() -> bool:
    deadline = time.monotonic() + STOP_SECONDS
    while time.monotonic() < deadline:
        if not socket_path().exists():
            return True
        time.sleep(0.05)
    return False
