"""The spare: the process the next job runs in, forked and warmed before the job comes.

A fork shares the worker's memory until it writes to it, and a job's first writes copy that
memory page by page: about 14,000 pages, 0.07 CPU s of a fresh fork's 0.33 for a one-article
ingest (benchmarks/results/cli_startup.md). So when the worker has been idle a moment after
a job, it forks a spare that ingests one small invented report into a throwaway store
(making those copies), says it is ready and waits; the next job is handed to it over a
socket pair with the client's streams, and runs with its memory already its own. A job that
comes while the spare is still warming gets a fresh fork instead (the spare is killed):
back-to-back commands never wait for a warm-up. A spare that dies before its job is
replaced only after the next job (which gets a fresh fork): a broken warm-up cannot loop.
"""

from __future__ import annotations

import os
import resource
import socket
import traceback
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from crosscheck.warm import protocol

# How long the worker waits after a job before forking a spare: a script running commands
# back to back sends the next one sooner, and a spare killed half-warm is CPU wasted.
SPARE_DELAY_SECONDS = 0.5


@dataclass
class Spare:
    pid: int
    pidfd: int
    channel: socket.socket  # the worker's end of the socket pair
    ready: bool = False
    warm_up_cpu: float = 0.0  # CPU seconds it spent before the job


def scratch_dir(folder: Path, pid: int) -> Path:
    """Where a spare warms up, in the worker's private folder: the worker removes it when it
    kills the spare half-way."""
    return folder / f"spare-{pid}"


def serve_one(channel: socket.socket, signal_mask: Iterable[int], folder: Path) -> NoReturn:
    """In the spare: warm up, say so, then run the one job handed over (or exit when the
    worker closes the channel instead)."""
    from crosscheck.warm.job import run_job
    from crosscheck.warm.warmup import warm_up_fork

    try:
        warm_up_fork(scratch_dir(folder, os.getpid()))
        usage = resource.getrusage(resource.RUSAGE_SELF)  # the job's CPU time is what follows
        protocol.send(channel, {"event": "ready", "cpu_seconds": usage.ru_utime + usage.ru_stime})
        receiver = protocol.Receiver(channel)
        request = receiver.next(with_fds=True)
    except BaseException:  # noqa: BLE001 - to the worker's log; the worker sees it exit
        traceback.print_exc()
        os._exit(1)
    if request is None:
        os._exit(0)
    run_job(request, receiver.fds, [channel], signal_mask)


def hand_over(spare: Spare, request: dict[str, Any], fds: list[int]) -> None:
    protocol.send(spare.channel, request, tuple(fds))
