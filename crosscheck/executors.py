"""Where the costly per-article work of an ingest runs: in this process, in local worker
processes, or on a Dask cluster.

    open_executor(workers=1, dask=None)   -> an Executor, closed on leaving the ``with``
        workers=1                            InProcess: no pool (the default)
        workers=N                            LocalProcesses: a fork pool per stage
        dask="tcp://host:8786"               DaskCluster: a distributed.Client to that scheduler
    split(items, slots)                   -> the parts a batch is cut into
    executor.map_parts(work, parts)       -> (part index, work(part)) as parts finish

Work goes out by part (a few dozen articles), not by article: a task costs milliseconds of
scheduling, an article about ten of analysis, and a part is also the step progress is
reported at. Results come back in completion order with their index; the caller puts them
back in input order. Only DaskCluster imports dask, and only when it is opened.

A part's work may raise: the error reaches the caller as it would in-process (the work
functions of crosscheck.run_parts catch what they can recover from themselves). A lost
worker process or cluster is an ExecutorError.
"""

from __future__ import annotations

import logging
import multiprocessing
import socket
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar
from urllib.parse import urlsplit

from crosscheck.errors import ExecutorError, ExecutorUnavailable

log = logging.getLogger(__name__)

T = TypeVar("T")
Work = Callable[[Sequence[Any]], list[Any]]
Parts = Sequence[Sequence[Any]]
Finished = Iterator[tuple[int, list[Any]]]  # (part index, the work's result), as parts finish

# Four parts per worker slot, so a slow part is balanced by the others finishing theirs; at
# most 64 articles a part, so progress moves every few seconds on one core (64 NeuS articles
# of 75 words take about 1.4 s to clean and analyse; spaCy alone parses about 6,000 words a
# second) and a task's payload stays well under Dask's large-task warning.
PARTS_PER_SLOT = 4
MAX_PART = 64
# Seconds to reach a Dask scheduler; a refused connection fails at once.
CONNECT_TIMEOUT = 10.0


class Executor(Protocol):
    slots: int  # how many parts run at once

    def map_parts(self, work: Work, parts: Parts) -> Finished:
        ...


def split(items: Sequence[T], slots: int) -> list[list[T]]:
    """Consecutive parts of ``items``, together all of them in order."""
    if not items:
        return []
    wanted = max(1, slots) * PARTS_PER_SLOT
    size = min(MAX_PART, max(1, -(-len(items) // wanted)))
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


class InProcess:
    slots = 1

    def map_parts(self, work: Work, parts: Parts) -> Finished:
        for index, part in enumerate(parts):
            yield index, work(part)


# The work of the pool's processes: set in each forked child by the pool's initializer, so
# it is inherited rather than pickled (a closure works, as it does in-process).
_pool_work: Work | None = None


def _set_pool_work(work: Work) -> None:
    global _pool_work
    _pool_work = work


def _run_pool_work(part: Sequence[Any]) -> list[Any]:
    if _pool_work is None:
        raise RuntimeError("a pool process started without its work")
    return _pool_work(part)


class LocalProcesses:
    """A fresh pool of ``workers`` forked processes for each map: a worker loads what the
    work needs (the spaCy model) once, on its first part. concurrent.futures rather than
    multiprocessing.Pool because a worker that dies (out of memory) breaks the pool with an
    error instead of hanging it."""

    def __init__(self, workers: int) -> None:
        self.slots = workers

    def map_parts(self, work: Work, parts: Parts) -> Finished:
        if len(parts) <= 1:  # forking would cost more than it saves
            yield from InProcess().map_parts(work, parts)
            return
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        pool = ProcessPoolExecutor(min(self.slots, len(parts)), mp_context=context,
                                   initializer=_set_pool_work, initargs=(work,))
        try:
            futures = {pool.submit(_run_pool_work, part): index for index, part in enumerate(parts)}
            for future in as_completed(futures):
                yield futures[future], future.result()
        except BrokenProcessPool as error:
            raise ExecutorError(f"a worker process died ({error}); nothing of this run was "
                                "stored, run it again (with fewer workers if memory is short)"
                                ) from error
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


class DaskCluster:
    """Parts as tasks on a running Dask cluster (``client.map``). Each worker process keeps
    what it loads (the spaCy model) between tasks and between ingests; run workers with one
    thread each (``dask worker ADDRESS --nthreads 1``), as spaCy's pipeline is not shared
    between threads."""

    def __init__(self, address: str, *, timeout: float = CONNECT_TIMEOUT) -> None:
        distributed = check_scheduler(address, timeout=timeout)
        try:
            self.client = distributed.Client(address, timeout=timeout, set_as_default=False)
        except (OSError, ValueError, TimeoutError) as error:
            raise ExecutorUnavailable(
                f"cannot use the Dask scheduler at {address}: {error}") from error
        threads = self.client.nthreads()
        self.slots = max(1, sum(threads.values()))
        _warn_about_workers(address, threads)

    def map_parts(self, work: Work, parts: Parts) -> Finished:
        from distributed import as_completed as finished

        futures = self.client.map(work, parts, pure=False)
        index_of = {future.key: index for index, future in enumerate(futures)}
        collected = 0
        try:
            for future in finished(futures, loop=self.client.loop):
                yield index_of[future.key], _result(future)
                collected += 1
        finally:
            if collected < len(futures):  # an error, or the caller stopped: free the cluster
                self.client.cancel(futures)

    def close(self) -> None:
        self.client.close()


def _warn_about_workers(address: str, threads: dict[str, int]) -> None:
    if not threads:
        log.warning("the Dask scheduler at %s has no workers yet: the parts wait for one", address)
    elif max(threads.values()) > 1:
        log.warning("Dask workers at %s run %d threads each: they would share one spaCy "
                    "pipeline between threads; start them with --nthreads 1",
                    address, max(threads.values()))


def _result(future: Any) -> list[Any]:
    from asyncio import CancelledError

    from distributed import KilledWorker

    try:
        return future.result()
    except (KilledWorker, CancelledError) as error:
        raise ExecutorError(f"the Dask cluster lost a part of the batch ({type(error).__name__}: "
                            f"{error}); nothing of this run was stored, run it again") from error
    except ImportError as error:  # the work's own modules are missing where it ran
        raise ExecutorError(f"a Dask worker cannot run crosscheck ({error}): install crosscheck "
                            "and its models on every worker") from error


def check_scheduler(address: str, *, timeout: float = CONNECT_TIMEOUT) -> Any:
    """The ``distributed`` module, once it is installed and something listens at
    ``address``; else ExecutorUnavailable with the reason (the CLI checks this before it
    creates a store, so a mistyped address leaves no empty store behind)."""
    try:
        import distributed
    except ImportError as error:
        raise ExecutorUnavailable(
            "--dask needs the distributed package: pip install 'crosscheck[dask]'"
        ) from error
    _check_reachable(address, timeout)
    return distributed


def _check_reachable(address: str, timeout: float) -> None:
    """Fail at once with the reason when nothing listens at a TCP address: distributed
    would retry until its timeout, then warn again while its half-made client is collected."""
    parts = urlsplit(address if "://" in address else f"tcp://{address}")
    if parts.scheme != "tcp":
        return  # tls://, inproc://...: distributed says what is wrong
    try:
        host, port = parts.hostname, parts.port
    except ValueError as error:
        raise ExecutorUnavailable(f"not a scheduler address: {address} ({error})") from error
    if not host or port is None:
        raise ExecutorUnavailable(
            f"not a scheduler address: {address} (expected tcp://host:port)")
    try:
        socket.create_connection((host, port), timeout=timeout).close()
    except OSError as error:
        raise ExecutorUnavailable(
            f"cannot reach the Dask scheduler at {address}: {error}") from error


@contextmanager
def open_executor(*, workers: int = 1, dask: str | None = None) -> Iterator[Executor]:
    """The executor for ``workers`` local processes or the Dask scheduler at ``dask``."""
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    if dask is not None and workers != 1:
        raise ValueError("workers and dask are exclusive: a Dask cluster has its own workers")
    if dask is None:
        yield InProcess() if workers == 1 else LocalProcesses(workers)
        return
    cluster = DaskCluster(dask)
    try:
        yield cluster
    finally:
        cluster.close()
