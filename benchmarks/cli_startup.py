"""Start-up of the command line: how long `crosscheck --help` takes, and where a one-article
`crosscheck ingest` spends its time.

Run from the repository root with the project's venv (no evaluation data needed):

    .venv/bin/python -m benchmarks.cli_startup [--runs 10] [--repo PATH]

``--repo`` times another checkout's code (an older commit, say) with the same articles and
the same venv, for a before/after comparison in one session.

Each figure is the median (and the fastest) of ``--runs`` fresh processes, the runs of each
kind alternated with the others so that a burst of load on a shared machine hits all kinds:

Wall time and CPU time (user + system, of the process and its children) are both given:
on a shared machine the CPU time moves less with other jobs.

- ``python -c pass``: the interpreter alone, the floor of any command;
- ``crosscheck --help`` (as ``python -m crosscheck --help``): the target is < 0.3 s;
- ``crosscheck ingest ARTICLE --db NEW.db``: one article of ``examples/`` into a new store;
- the same through a warm worker (``crosscheck warm start``, in a folder of its own, started
  before the runs and stopped after): the client's wall and CPU time, and the worker's wall
  and CPU time for the job (its forked child, as the worker reports it). The cold kinds run
  with ``CROSSCHECK_WARM=off``, so that a user's own worker cannot serve them. Code without
  warm mode (an older ``--repo``) has no warm row.

In the first ``--splits`` rounds (3), one process also ingests that article into a new store
and a second article into the same store, timing each step in-process, which splits a
one-article ingest into (medians of the splits): start-up
(interpreter, imports of the CLI, the store and the stages), loading the models (spaCy, the
attribution tagger, the embedding model: paid once per process, in the first analysis and
story assignment), and the article itself (reading, cleaning, analysing, storing and giving
it a story: what the second ingest in the same process costs).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from benchmarks.common import REPO, header

ARTICLE = REPO / "examples" / "text" / "northbridge-herald-dalmora-blast.txt"
SECOND = REPO / "examples" / "text" / "capital-observer-brennick-depot.txt"
CODE = REPO  # the checkout whose code is timed (--repo)

# Runs in a fresh process: times the import, each ingest, and the model loads inside them.
IN_PROCESS = r"""
import json, sys, time
steps, last, last_cpu = {}, time.perf_counter(), time.process_time()
def step(name):
    global last, last_cpu
    now, cpu = time.perf_counter(), time.process_time()
    steps[name], steps[name + "_cpu"], last, last_cpu = now - last, cpu - last_cpu, now, cpu
import crosscheck.cli
if hasattr(crosscheck.cli, "main"):  # exit as the command does (cli.main), where it can
    import atexit, gc
    atexit.register(gc.freeze)
from crosscheck.run import ingest
from crosscheck.store import Database
import crosscheck.analyze, crosscheck.clean, crosscheck.readers, crosscheck.stories
step("imports")
db = Database(sys.argv[1])
step("store")
from crosscheck.nlp import spacy_model
spacy_model.load()
step("spacy")
ingest([sys.argv[2]], db=db)
step("first")
ingest([sys.argv[3]], db=db)
step("second")
db.close()
print(json.dumps(steps))
"""


def environment() -> dict[str, str]:
    """The timed checkout's code first on the path, whichever venv runs this."""
    path = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": str(CODE) + (os.pathsep + path if path else "")}


COLD_INGEST = "crosscheck ingest (1 article, new store)"
WARM_INGEST = "crosscheck ingest, warm worker (same)"
WARM_JOB = "  the job in the worker (its fork)"


def cold_environment() -> dict[str, str]:
    return {**environment(), "CROSSCHECK_WARM": "off"}


def timed(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of one run of command. On a shared
    machine the CPU time moves less with other jobs than the wall time does. A warm
    worker's time is not counted: it is not this process's child."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, cwd=CODE, env=env or cold_environment(), check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return seconds, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


@contextmanager
def warm_worker(work: Path) -> Iterator[dict[str, str] | None]:
    """A warm worker of the timed code in a folder of its own, ready (models loaded); the
    environment that reaches it, or None when the code has no warm mode."""
    env = {**environment(), "CROSSCHECK_WARM_DIR": str(work / "warm")}
    # a short idle timeout: a run stopped half-way does not leave the worker for long
    started = subprocess.run([sys.executable, "-m", "crosscheck", "warm", "start", "--idle",
                              "120"], cwd=CODE, env=env, capture_output=True, text=True)
    if started.returncode != 0:
        yield None
        return
    try:
        yield env
    finally:
        subprocess.run([sys.executable, "-m", "crosscheck", "warm", "stop"], cwd=CODE,
                       env=env, capture_output=True)


def worker_status(env: dict[str, str]) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-m", "crosscheck", "warm", "status", "--json"],
                          cwd=CODE, env=env, check=True, capture_output=True, text=True)
    return dict(json.loads(done.stdout))


def warm_run(command: list[str], env: dict[str, str]) -> tuple[tuple[float, float],
                                                              tuple[float, float]]:
    """The client's wall and CPU seconds, and the job's as the worker measured them;
    an error when the worker did not run it (it refuses all once the code changes)."""
    jobs = worker_status(env).get("jobs", 0)
    client = timed(command, env)
    status = worker_status(env)
    job = status.get("last_job") or {}
    if status.get("jobs") != jobs + 1 or job.get("code") != 0:
        raise RuntimeError(f"the warm worker did not run the ingest (was the code edited "
                           f"during the benchmark?): {status}")
    return client, (job["seconds"], job["cpu_seconds"])


def timed_runs(runs: int, work: Path, *, splits: int
               ) -> tuple[dict[str, list[tuple[float, float]]], list[dict[str, float]]]:
    """The timed kinds, alternated, with a split of one ingest in the first ``splits``
    rounds (so that the article's time and the warm runs' are taken under the same load)."""
    python = sys.executable
    split_steps = []
    times: dict[str, list[tuple[float, float]]] = {
        "python -c pass": [], "crosscheck --help": [], COLD_INGEST: []}
    with warm_worker(work) as warm_env:
        for run in range(runs):
            times["python -c pass"].append(timed([python, "-c", "pass"]))
            times["crosscheck --help"].append(timed([python, "-m", "crosscheck", "--help"]))
            store = work / f"ingest-{run}.db"
            times[COLD_INGEST].append(
                timed([python, "-m", "crosscheck", "ingest", str(ARTICLE), "--db", str(store)]))
            if run < splits:
                split_steps.append(split_of_one_ingest(work, run))
            if warm_env is None:
                continue
            store = work / f"warm-{run}.db"
            client, job = warm_run(
                [python, "-m", "crosscheck", "ingest", str(ARTICLE), "--db", str(store)],
                warm_env)
            times.setdefault(WARM_INGEST, []).append(client)
            times.setdefault(WARM_JOB, []).append(job)
    return times, split_steps


def split_of_one_ingest(work: Path, number: int) -> dict[str, float]:
    started = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run([sys.executable, "-c", IN_PROCESS, str(work / f"split-{number}.db"),
                           str(ARTICLE), str(SECOND)], cwd=CODE, env=environment(),
                          check=True, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    steps = json.loads(done.stdout.strip().splitlines()[-1])
    steps["process"] = time.perf_counter() - started
    steps["process_cpu"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return steps


def report(times: dict[str, list[tuple[float, float]]], steps: dict[str, float],
           runs: int) -> str:
    lines = [header("benchmarks.cli_startup").rstrip("\n"),
             f"code: {CODE}; load average before: {os.getloadavg()[0]:.2f}; {runs} runs of "
             "each, alternated",
             "", f"{'command':44} {'median s':>9} {'fastest s':>10} {'median CPU s':>13}"]
    for name, values in times.items():
        walls, cpus = [wall for wall, _cpu in values], [cpu for _wall, cpu in values]
        lines.append(f"{name:44} {statistics.median(walls):9.3f} {min(walls):10.3f} "
                     f"{statistics.median(cpus):13.3f}")
    def part(suffix: str) -> list[tuple[str, float]]:
        article = steps["second" + suffix]  # the first ingest's work, the models loaded
        models = steps["spacy" + suffix] + steps["first" + suffix] - article
        interpreter = steps["process" + suffix] - sum(steps[name + suffix] for name in (
            "imports", "store", "spacy", "first", "second"))
        return [("interpreter start and exit", interpreter),
                ("imports (CLI, store, stages)", steps["imports" + suffix]),
                ("opening a new store (schema, migrations)", steps["store" + suffix]),
                ("loading the models (spaCy, tagger, MiniLM)", models),
                ("the article (read, clean, analyse, store, story)", article)]

    walls, cpus = part(""), part("_cpu")
    total, total_cpu = sum(s for _n, s in walls), sum(s for _n, s in cpus)
    lines += ["", "one process: ingest one article into a new store (then a second article, "
              "to time the article alone); medians of the splits",
              f"{'part':50} {'wall s':>7} {'share':>6} {'CPU s':>7} {'share':>6}"]
    lines += [f"{name:50} {wall:7.3f} {wall / total:6.0%} {cpu:7.3f} {cpu / total_cpu:6.0%}"
              for (name, wall), (_same, cpu) in zip(walls, cpus)]
    lines.append(f"{'total':50} {total:7.3f} {'':6} {total_cpu:7.3f}")
    if WARM_INGEST in times:
        lines += warm_shares(times, steps)
    return "\n".join(lines) + "\n"


def warm_shares(times: dict[str, list[tuple[float, float]]], steps: dict[str, float]
                ) -> list[str]:
    """The article's share of a warm one-article ingest: the article's wall time against
    the client's (what the user waits for), and its CPU time against the client's and the
    job's together."""
    client_wall, client_cpu = medians(times[WARM_INGEST])
    job_wall, job_cpu = medians(times[WARM_JOB])
    article_wall, article_cpu = steps["second"], steps["second_cpu"]
    return ["", "warm worker: one-article ingest into a new store (medians)",
            f"{'part':50} {'wall s':>7} {'share':>6} {'CPU s':>7} {'share':>6}",
            f"{'client (start, send, wait, exit)':50} {client_wall:7.3f} {'':6} "
            f"{client_cpu:7.3f} {client_cpu / (client_cpu + job_cpu):6.0%}",
            f"{'  of which the job in the worker':50} {job_wall:7.3f} "
            f"{job_wall / client_wall:6.0%} {job_cpu:7.3f} "
            f"{job_cpu / (client_cpu + job_cpu):6.0%}",
            f"{'the article (from the split above)':50} {article_wall:7.3f} "
            f"{article_wall / client_wall:6.0%} {article_cpu:7.3f} "
            f"{article_cpu / (client_cpu + job_cpu):6.0%}"]


def medians(values: list[tuple[float, float]]) -> tuple[float, float]:
    return (statistics.median(wall for wall, _cpu in values),
            statistics.median(cpu for _wall, cpu in values))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--splits", type=int, default=3,
                        help="processes that split one ingest into its parts (medians)")
    parser.add_argument("--repo", type=Path, default=REPO,
                        help="the checkout whose code to time (default: this one)")
    args = parser.parse_args()
    global CODE
    CODE = args.repo.resolve()
    with tempfile.TemporaryDirectory(prefix="crosscheck-startup-") as folder:
        work = Path(folder)
        times, splits = timed_runs(args.runs, work, splits=args.splits)
        steps = {name: statistics.median(split[name] for split in splits)
                 for name in splits[0]}  # each part's median
    print(report(times, steps, args.runs), end="")


if __name__ == "__main__":
    main()
