"""Speed of the compare stage: the dossier of a 10-article story, after analysis.

The story is made from the two seeds (read and cleaned as `crosscheck compare` does): each
of the ten articles keeps a different random 70% of one seed's body lines, so the articles
overlap as several outlets' reports of one event do. Analysis runs first and is not timed;
then build_dossier runs ``--repeat`` times (the first run also loads the models, reported
apart). Target (issue 4): under 2 s per dossier. Then the same story stored in a temporary
SQLite file: the first ``dossier_json`` builds and keeps the JSON, the next ones read it back
(what `crosscheck show --json` and the web pages ask for).

    python -m benchmarks.dossier_speed [--articles 10] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from benchmarks.common import data_dir, header
from crosscheck.records import Analysis, Article, Story, content_id


def story_articles(count: int, *, seed: int = 0) -> list[Article]:
    from crosscheck.compare.files import read_articles

    seeds, _ = read_articles(sorted((data_dir() / "seeds").glob("*.txt")))
    rng = random.Random(seed)
    articles = []
    for n in range(count):
        base = seeds[n % len(seeds)]
        lines = [line for line in base.text.split("\n") if line.strip()]
        head, body = lines[0], lines[1:]
        kept = [line for line in body if rng.random() < 0.7] or body[:1]
        text = "\n".join([head, *kept])
        articles.append(replace(base, id=content_id(str(n), text), text=text,
                                outlet=f"Outlet {n}", source=f"synthetic:{n}"))
    return articles


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from crosscheck.analyze import analyze_articles
    from crosscheck.compare import build_dossier

    articles = story_articles(args.articles)
    analyses = analyze_articles(articles)
    started = time.perf_counter()
    build_dossier(articles, analyses)
    first = time.perf_counter() - started
    times, cpu = [], []
    for _ in range(args.repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        dossier = build_dossier(articles, analyses)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    words = sum(len(a.text.split()) for a in articles)
    print(header("benchmarks.dossier_speed"))
    print(f"story: {len(articles)} articles, {words} words, {sum(len(a.sentences) for a in analyses)} sentences")
    print(f"dossier: {len(dossier.claims)} claims, {len(dossier.quotes)} quotes, "
          f"{len(dossier.framing)} framing rows, {len(dossier.summary)} summary sentences")
    print(f"first run (loads spaCy and the embedder): {first:.2f} s")
    print(f"warm runs: median {statistics.median(times):.2f} s, max {max(times):.2f} s "
          f"over {len(times)} (target < 2 s)")
    print(f"CPU time of this process per warm run: median {statistics.median(cpu):.2f} s "
          f"(all threads); load average during the run: {os.getloadavg()[0]:.1f} on "
          f"{os.cpu_count()} cores")
    built, kept = stored_timings(articles, analyses, repeat=args.repeat)
    print(f"stored story, dossier_json: first (built and kept) {built:.2f} s, then read back: "
          f"median {statistics.median(kept) * 1000:.1f} ms over {len(kept)}")


def stored_timings(articles: list[Article], analyses: list[Analysis], *,
                   repeat: int) -> tuple[float, list[float]]:
    """Seconds of the first dossier_json of the story stored, and of the next ones."""
    from crosscheck.compare import dossier_json
    from crosscheck.store import Database

    with tempfile.TemporaryDirectory(prefix="dossier-speed-") as folder:
        with Database(Path(folder) / "store.db") as db:
            for article, analysis in zip(articles, analyses):
                db.add_article(article, analysis)
            story = Story(articles[0].id, articles[0].title, tuple(a.id for a in articles))
            db.save_story(story)
            started = time.perf_counter()
            dossier_json(db, story.id)
            built = time.perf_counter() - started
            kept = []
            for _ in range(repeat):
                started = time.perf_counter()
                dossier_json(db, story.id)
                kept.append(time.perf_counter() - started)
    return built, kept


if __name__ == "__main__":
    main()
