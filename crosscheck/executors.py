"""Where the costly per-article work of an ingest runs: in this process, in local worker
processes, or on a Dask cluster.

    open_executor(workers=1, dask=None)   -> an Executor, closed on leaving the ``with``
        workers=1                            InProcess: no pool (the default)
        workers=N                            LocalProcesses: N forked processes, kept
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

import functools
import logging
import multiprocessing
import os
import pickle
import signal
import socket
import threading
import time
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


# The work of a fork pool's processes, when it cannot be pickled (a closure): set in each
# forked child by the pool's initializer, so it is inherited rather than pickled.
_pool_work: Work | None = None
# How often a worker process checks that the process that started it is still there.
PARENT_CHECK_SECONDS = 1.0


def _start_worker(parent: int, work: Work | None) -> None:
    """A worker process's first step: exit when the parent dies (an ingest killed with
    SIGKILL must not leave workers holding a spaCy model each), and keep its work."""
    global _pool_work
    _pool_work = work
    _die_with_parent(parent)


def _die_with_parent(parent: int) -> None:
    """On Linux the kernel sends SIGKILL when the parent goes (prctl PR_SET_PDEATHSIG);
    elsewhere, and as a second guard, a thread checks the parent's pid every second."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux
        pass
    if os.getppid() != parent:  # it died before the guard was set
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _run_pool_work(part: Sequence[Any]) -> list[Any]:
    if _pool_work is None:
        raise RuntimeError("a pool process started without its work")
    return _pool_work(part)


def _run_work(work: Work, part: Sequence[Any]) -> list[Any]:
    return work(part)


def _picklable(work: Work) -> bool:
    try:
        pickle.dumps(work)
    except (pickle.PicklingError, TypeError, AttributeError):
        return False
    return True


class LocalProcesses:
    """``workers`` forked processes, kept for the executor's life: a worker loads what the
    work needs (the spaCy model) once, on its first part, and keeps it for every later part
    and chunk. Parts go out one at a time as workers free up, so a slow part is balanced by
    the others. Work that cannot be pickled (a closure) runs on a pool forked for that map,
    which inherits it. Workers exit when this process dies. concurrent.futures rather than
    multiprocessing.Pool because a worker that dies (out of memory) breaks the pool with an
    error instead of hanging it."""

    def __init__(self, workers: int) -> None:
        self.slots = workers
        self._pool: ProcessPoolExecutor | None = None

    def map_parts(self, work: Work, parts: Parts) -> Finished:
        if len(parts) <= 1 and self._pool is None:  # forking would cost more than it saves
            yield from InProcess().map_parts(work, parts)
        elif _picklable(work):
            yield from _finished(self._kept_pool(), functools.partial(_run_work, work), parts)
        else:
            pool = _fork_pool(min(self.slots, len(parts)), work)
            try:
                yield from _finished(pool, _run_pool_work, parts)
            finally:
                pool.shutdown(wait=True, cancel_futures=True)

    def _kept_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = _fork_pool(self.slots, None)
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def _fork_pool(size: int, work: Work | None) -> ProcessPoolExecutor:
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    return ProcessPoolExecutor(size, mp_context=context, initializer=_start_worker,
                               initargs=(os.getpid(), work))


def _finished(pool: ProcessPoolExecutor, run: Callable[[Sequence[Any]], list[Any]],
              parts: Parts) -> Finished:
    futures = {pool.submit(run, part): index for index, part in enumerate(parts)}
    try:
        for future in as_completed(futures):
            yield futures[future], future.result()
    except BrokenProcessPool as error:
        raise ExecutorError(f"a worker process died ({error}); the chunk in flight was not "
                            "stored, run the ingest again (with fewer workers if memory is "
                            "short)") from error
    finally:
        for future in futures:
            future.cancel()


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
                            f"{error}); the chunk in flight was not stored, run the ingest again") from error
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
        if workers == 1:
            yield InProcess()
            return
        local = LocalProcesses(workers)
        try:
            yield local
        finally:
            local.close()
        return
    cluster = DaskCluster(dask)
    try:
        yield cluster
    finally:
        cluster.close()
