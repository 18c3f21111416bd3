"""Peak memory of one ingest as the corpus grows: 1,000 articles against 100,000 (target:
the larger at most 1.5 x the smaller), each ingest in its own process, peak RSS from GNU
time.

Synthetic articles built from real ones: article i takes its headline from NeuS train
article a = i mod N (N = 7,336 real articles, ``neus/train.source``) and its body from the
bodies of articles a and b = (a + 1 + 977 (i div N)) mod N, under one of 20 invented
outlets, written to one JSONL file; the (a, b) pairs differ for every i below 13 N, so every
article is distinct (about 120 words each).

``--stages light`` (the default): ingest's own orchestration, reading, cleaning (with the
repeated-lines signal from the store) and store, with stand-ins for analysis (one sentence
per article) and stories (one story per article): what a 100,000-article run can afford on
this machine, and the part whose memory the corpus size could make grow. ``--stages real``
runs every real stage (spaCy, the stories' embeddings): an hour or more for 100,000.

    python -m benchmarks.ingest_memory [--sizes 1000 100000] [--stages light|real]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import data_dir, header

TARGET = 1.5
OUTLETS = [f"Outlet {number:02d}" for number in range(20)]
_ARTICLE = re.compile(r"TITLE=>\s*(?P<title>.*?)\s*ARTICLE=>\s*(?P<body>.*)", re.DOTALL)
RUNNER = """
import sys
from crosscheck.run import Stages, ingest, default_stages
from crosscheck.records import Analysis, Sentence, Span, Story
from crosscheck.store import Database

def one_sentence(articles):
    return [Analysis(a.id, sentences=(Sentence(Span(0, 1), 0),)) for a in articles]

def own_story(db, articles, analyses):
    for a in articles:
        db.save_story(Story(a.id, a.title or a.id, (a.id,)))

real = default_stages()
stages = real if sys.argv[3] == "real" else Stages(
    clean=real.clean, clean_in_parts=real.clean_in_parts, analyze=one_sentence,
    assign_stories=own_story)
with Database(sys.argv[2]) as db:
    report = ingest([sys.argv[1]], db=db, stages=stages)
print(report.new, report.already_present, report.rejected)
"""


def real_articles() -> list[tuple[str, str]]:
    found = []
    with open(data_dir() / "neus" / "train.source", encoding="utf-8") as lines:
        for line in lines:
            for chunk in line.split("[SEP]"):
                match = _ARTICLE.search(chunk)
                if match and match["body"].strip():
                    found.append((match["title"].strip(), match["body"].strip()))
    return found


def write_corpus(path: Path, count: int, real: list[tuple[str, str]]) -> None:
    with open(path, "w", encoding="utf-8") as out:
        for i in range(count):
            a = i % len(real)
            b = (a + 1 + 977 * (i // len(real))) % len(real)
            record = {"id": f"synthetic-{i}", "outlet": OUTLETS[i % len(OUTLETS)],
                      "title": real[a][0], "text": f"{real[a][1]}\n\n{real[b][1]}"}
            out.write(json.dumps(record) + "\n")


def peak_of_ingest(corpus: Path, db: Path, stages: str) -> tuple[float, float, str]:
    """(peak RSS in MiB, seconds, the run's counts)."""
    started = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%M", sys.executable, "-c", RUNNER,
                           str(corpus), str(db), stages], capture_output=True, text=True,
                          timeout=6 * 3600)
    seconds = time.perf_counter() - started
    peak_kb = int(done.stderr.strip().splitlines()[-1])
    return peak_kb / 1024, seconds, done.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 100_000])
    parser.add_argument("--stages", choices=("light", "real"), default="light")
    args = parser.parse_args()
    print(header("benchmarks.ingest_memory"))
    real = real_articles()
    print(f"synthetic articles from {len(real)} real NeuS train articles; stages: "
          f"{args.stages}\n")
    print("| articles | peak RSS MiB | s | new, present, rejected |")
    print("|---|---|---|---|")
    peaks = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            corpus = Path(tmp) / f"corpus-{size}.jsonl"
            write_corpus(corpus, size, real)
            peak, seconds, counts = peak_of_ingest(corpus, Path(tmp) / f"{size}.db", args.stages)
            peaks.append(peak)
            print(f"| {size:,} | {peak:.0f} | {seconds:.0f} | {counts} |", flush=True)
            corpus.unlink()
    ratio = peaks[-1] / peaks[0]
    print(f"\npeak of {args.sizes[-1]:,} / peak of {args.sizes[0]:,}: {ratio:.2f} "
          f"(target <= {TARGET}: {'met' if ratio <= TARGET else 'NOT met'})")


if __name__ == "__main__":
    main()
