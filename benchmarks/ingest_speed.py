"""End-to-end `crosscheck ingest` against spaCy's own full pipeline over the same texts, as
whole processes (each loads its models), in one run: 1 worker against ``nlp.pipe`` in one
process, and ``--workers 2`` against ``nlp.pipe(n_process=2)``. Target: spaCy's time / the
ingest's >= 0.8.

Articles: the real news articles of ``giveme-dev/articles.jsonl`` and
``dossier-dev/articles.jsonl`` (as crosscheck JSONL, their ``text`` fields; up to
``--articles``), written to one JSONL file; spaCy parses the same ``text`` fields. Each
ingest goes into a fresh SQLite file. The sides alternate and each keeps its best of
``--rounds`` (the machine is shared); each pair's own ratio is printed too, with the CPU
seconds of each side's processes (a figure the load of a shared machine moves much less than
wall time) and the load average.

``--phases`` then runs one ingest in this process (1 worker) and gives each phase's wall
and CPU seconds (this process's, its onnxruntime threads included) from the progress
callback, against spaCy's full pipeline over the same texts in the same process: where the
time beyond spaCy's parse goes.

    python -m benchmarks.ingest_speed [--articles 300] [--rounds 2] [--phases]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import data_dir, header

TARGET = 0.8
SOURCES = ("giveme-dev/articles.jsonl", "dossier-dev/articles.jsonl")
SPACY_SIDE = """
import json, sys
from crosscheck.nlp import spacy_model
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
nlp = spacy_model.load()
docs = list(nlp.pipe(texts, n_process=int(sys.argv[2]), batch_size=16))
print(sum(len(doc) for doc in docs))
"""


def write_corpus(path: Path, limit: int) -> tuple[int, int]:
    """The articles as one JSONL file; (articles, words)."""
    lines = []
    for name in SOURCES:
        with open(data_dir() / name, encoding="utf-8") as source:
            lines += [line for line in source if line.strip()]
    lines = lines[:limit]
    path.write_text("".join(lines), encoding="utf-8")
    words = sum(len(json.loads(line)["text"].split()) for line in lines)
    return len(lines), words


def children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def timed(command: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of the command (its processes, workers included)."""
    started, cpu = time.perf_counter(), children_cpu()
    subprocess.run(command, check=False, capture_output=True, timeout=3600)
    return time.perf_counter() - started, children_cpu() - cpu


def self_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime


class PhaseTimes:
    """Wall and CPU seconds from each phase's first progress call to its last."""

    def __init__(self) -> None:
        self.first: dict[str, tuple[float, float]] = {}
        self.last: dict[str, tuple[float, float]] = {}

    def __call__(self, phase: str, _done: int, _total: int) -> None:
        now = (time.perf_counter(), self_cpu())
        self.first.setdefault(phase, now)
        self.last[phase] = now

    def seconds(self, phase: str) -> tuple[float, float]:
        (wall0, cpu0), (wall1, cpu1) = self.first[phase], self.last[phase]
        return wall1 - wall0, cpu1 - cpu0


def phases(corpus: Path, folder: Path) -> None:
    """One in-process ingest by phase, then spaCy's full pipeline over the same texts."""
    from crosscheck.nlp import spacy_model
    from crosscheck.run import ingest
    from crosscheck.store import Database

    clock = PhaseTimes()
    started = (time.perf_counter(), self_cpu())
    with Database(folder / "phases.db") as db:
        ingest([corpus], db=db, progress=clock)
    wall, cpu = time.perf_counter() - started[0], self_cpu() - started[1]
    texts = [json.loads(line)["text"] for line in open(corpus, encoding="utf-8")]
    nlp = spacy_model.load()
    parse_started = (time.perf_counter(), self_cpu())
    for _doc in nlp.pipe(texts, batch_size=16):
        pass
    parse = time.perf_counter() - parse_started[0], self_cpu() - parse_started[1]
    print(f"\none ingest in this process by phase (load average {os.getloadavg()[0]:.1f}):")
    print("| phase | wall s | CPU s | share of the ingest's CPU |")
    print("|---|---|---|---|")
    for phase in clock.first:
        phase_wall, phase_cpu = clock.seconds(phase)
        print(f"| {phase} | {phase_wall:.1f} | {phase_cpu:.1f} | {phase_cpu / cpu:.0%} |")
    print(f"| whole ingest (models loaded in it) | {wall:.1f} | {cpu:.1f} | 100% |")
    print(f"| spaCy's full pipeline, same texts, model loaded | {parse[0]:.1f} | {parse[1]:.1f} "
          f"| {parse[1] / cpu:.0%} |")


def ingest_command(corpus: Path, folder: Path, workers: int, round_: int) -> list[str]:
    db = folder / f"store-{workers}-{round_}.db"
    return [sys.executable, "-m", "crosscheck", "ingest", str(corpus), "--db", str(db),
            "--workers", str(workers)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--phases", action="store_true",
                        help="then one in-process ingest timed by phase")
    args = parser.parse_args()
    print(header("benchmarks.ingest_speed"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        corpus = folder / "articles.jsonl"
        count, words = write_corpus(corpus, args.articles)
        print(f"{count} real articles, {words} words (giveme-dev + dossier-dev)\n")
        best: dict[str, float] = {}
        print("each pair, run back to back (the load of a shared machine moves between pairs):")
        for round_ in range(args.rounds):
            for workers in (1, 2):
                sides = {
                    f"ingest, {workers} worker(s)": ingest_command(corpus, folder, workers,
                                                                   round_),
                    f"spaCy, n_process={workers}": [sys.executable, "-c", SPACY_SIDE,
                                                    str(corpus), str(workers)],
                }
                pair, cpus = [], []
                load = os.getloadavg()[0]
                for name, command in sides.items():
                    seconds, cpu = timed(command)
                    pair.append(seconds)
                    cpus.append(cpu)
                    best[name] = min(best.get(name, seconds), seconds)
                print(f"  round {round_ + 1}, {workers} process(es): ingest {pair[0]:.1f} s "
                      f"({cpus[0]:.1f} CPU s), spaCy {pair[1]:.1f} s ({cpus[1]:.1f} CPU s), "
                      f"ratio {pair[1] / pair[0]:.2f} (CPU {cpus[1] / cpus[0]:.2f}); load "
                      f"average {load:.1f} before, {os.getloadavg()[0]:.1f} after", flush=True)
        print()
        print("| processes | ingest s | spaCy full pipeline s | spaCy / ingest | target |")
        print("|---|---|---|---|---|")
        for workers in (1, 2):
            ours = best[f"ingest, {workers} worker(s)"]
            spacy = best[f"spaCy, n_process={workers}"]
            ratio = spacy / ours
            verdict = "met" if ratio >= TARGET else "NOT met"
            print(f"| {workers} | {ours:.1f} | {spacy:.1f} | {ratio:.2f} | >= {TARGET} {verdict} |")
        print(f"\n2 workers against 1: {best['ingest, 1 worker(s)'] / best['ingest, 2 worker(s)']:.2f} x")
        if args.phases:
            phases(corpus, folder)


if __name__ == "__main__":
    main()
