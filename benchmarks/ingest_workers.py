"""Speed of `ingest` in-process, with 2 local worker processes, and on a 2-worker Dask
LocalCluster, on the same articles in one run.

Articles: NeuS validation articles (as ``benchmarks/analyze_speed.py`` builds them), written
to a temporary folder as plain-text files, so every stage runs: read, clean, analyse, store,
stories. Each side ingests them into a fresh SQLite file, with the stages the package
provides. The rounds alternate the sides and each side keeps its best (the machine is
shared). The spaCy model is loaded before the rounds on every side (in this process, so
forked workers inherit it; in the Dask workers by a warm-up ingest): the figures are the
steady state of a long ingest, not a model's start-up. Cleaning and analysis, the stages
that run on the executor, are also timed alone, from the progress callback.

    python -m benchmarks.ingest_workers [--articles 300] [--rounds 2]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.analyze_speed import neus_articles
from benchmarks.common import header
from crosscheck.run import ingest
from crosscheck.store import Database

SIDES = ("1 worker", "2 workers", "Dask LocalCluster, 2 workers")


def write_texts(folder: Path, count: int) -> int:
    """The articles as text files (headline line, then body); the number of words."""
    articles = neus_articles(count)
    for number, article in enumerate(articles):
        (folder / f"{number:04d}.txt").write_text(article.text + "\n", encoding="utf-8")
    return sum(len(article.text.split()) for article in articles)


class PhaseClock:
    """Seconds from each phase's first progress call to its last: the progress callback."""

    def __init__(self) -> None:
        self.started: dict[str, float] = {}
        self.ended: dict[str, float] = {}

    def __call__(self, phase: str, _done: int, _total: int) -> None:
        now = time.perf_counter()
        self.started.setdefault(phase, now)
        self.ended[phase] = now

    def seconds(self, *phases: str) -> float:
        return sum(self.ended[p] - self.started[p] for p in phases if p in self.started)


def timed_ingest(folder: Path, store: Path, **executor: object) -> tuple[float, float, int]:
    """Wall seconds of the whole ingest, of cleaning + analysis, and the articles stored."""
    clock = PhaseClock()
    started = time.perf_counter()
    with Database(store) as db:
        report = ingest([folder], db=db, progress=clock, **executor)
    return time.perf_counter() - started, clock.seconds("clean", "analyze"), report.new


def best_of_rounds(sides: dict[str, Callable[[Path], tuple[float, float, int]]], rounds: int,
                   scratch: Path) -> dict[str, tuple[float, float, int]]:
    runs: dict[str, list[tuple[float, float, int]]] = {name: [] for name in sides}
    for number in range(rounds):  # alternate, keep each side's best: the machine is shared
        for name, run in sides.items():
            store = scratch / f"{number}-{len(runs[name])}-{name.split()[0]}.db"
            runs[name].append(run(store))
            store.unlink()
    return {name: min(found) for name, found in runs.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    from distributed import LocalCluster

    from crosscheck.nlp import spacy_model

    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        scratch, folder, warm = Path(tmp), Path(tmp) / "articles", Path(tmp) / "warm"
        folder.mkdir()
        warm.mkdir()
        words = write_texts(folder, args.articles)
        write_texts(warm, 8)
        spacy_model.load()
        started = time.perf_counter()
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                          dashboard_address=":0") as cluster:
            cluster_seconds = time.perf_counter() - started
            address = cluster.scheduler_address
            sides = {
                SIDES[0]: lambda store: timed_ingest(folder, store),
                SIDES[1]: lambda store: timed_ingest(folder, store, workers=2),
                SIDES[2]: lambda store: timed_ingest(folder, store, dask=address),
            }
            for name, run in sides.items():  # warm-up: models, caches, the Dask workers
                run(scratch / f"warm-{name.split()[0]}.db")
            best = best_of_rounds(sides, args.rounds, scratch)
    report(best, words=words, rounds=args.rounds, cluster_seconds=cluster_seconds,
           load=(load_before, os.getloadavg()[0]))


def report(best: dict[str, tuple[float, float, int]], *, words: int, rounds: int,
           cluster_seconds: float, load: tuple[float, float]) -> None:
    print(header("benchmarks.ingest_workers"))
    stored = {found for _wall, _stages, found in best.values()}
    print(f"articles: {stored.pop() if len(stored) == 1 else stored} NeuS validation articles "
          f"as text files, {words} words; best of {rounds} alternating rounds; load average "
          f"{load[0]:.2f} before, {load[1]:.2f} after; LocalCluster start {cluster_seconds:.2f} s")
    one_wall, one_stages, _ = best[SIDES[0]]
    print(f"{'side':<31} {'ingest s':>9} {'articles/s':>11} {'x 1 worker':>11} "
          f"{'clean+analyse s':>16} {'x 1 worker':>11}")
    for name, (wall, stages, found) in best.items():
        print(f"{name:<31} {wall:9.2f} {found / wall:11.1f} {one_wall / wall:11.2f} "
              f"{stages:16.2f} {one_stages / stages:11.2f}")


if __name__ == "__main__":
    main()
