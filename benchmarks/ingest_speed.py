"""End-to-end `crosscheck ingest` against spaCy's own full pipeline over the same texts, as
whole processes (each loads its models), in one run: 1 worker against ``nlp.pipe`` in one
process, and ``--workers 2`` against ``nlp.pipe(n_process=2)``. Target: spaCy's time / the
ingest's >= 0.8.

Articles: the real news articles of ``giveme-dev/articles.jsonl`` and
``dossier-dev/articles.jsonl`` (as crosscheck JSONL, their ``text`` fields; up to
``--articles``), written to one JSONL file; spaCy parses the same ``text`` fields. Each
ingest goes into a fresh SQLite file. The sides alternate and each keeps its best of
``--rounds`` (the machine is shared); each pair's own ratio is printed too.

    python -m benchmarks.ingest_speed [--articles 300] [--rounds 2]
"""

from __future__ import annotations

import argparse
import json
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


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=False, capture_output=True, timeout=3600)
    return time.perf_counter() - started


def ingest_command(corpus: Path, folder: Path, workers: int, round_: int) -> list[str]:
    db = folder / f"store-{workers}-{round_}.db"
    return [sys.executable, "-m", "crosscheck", "ingest", str(corpus), "--db", str(db),
            "--workers", str(workers)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=2)
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
                pair = []
                for name, command in sides.items():
                    seconds = timed(command)
                    pair.append(seconds)
                    best[name] = min(best.get(name, seconds), seconds)
                print(f"  round {round_ + 1}, {workers} process(es): ingest {pair[0]:.1f} s, "
                      f"spaCy {pair[1]:.1f} s, ratio {pair[1] / pair[0]:.2f}", flush=True)
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


if __name__ == "__main__":
    main()
