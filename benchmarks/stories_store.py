"""Assigning one new article in a large store: the story index read from the store.

A SQLite store is filled with N synthetic articles (the stream of benchmarks.stories_scale,
written out as texts with their entities as an analysis and their MiniLM vector), clustered by
one in-memory StoryIndex through the real path (``StoryIndex.assign``: features from the
text, near-duplicate signatures), with its stories and the index state written in bulk.
Then further articles of the stream, stored beforehand as ingest stores them, are assigned
one at a time:

- rolled back: ``Assignment.in_store`` inside ``Database.story_index_session`` (read the
  needed rows, assign, write the changes), then the transaction is rolled back, so every
  probe meets the same store of N articles;
- committed: ``crosscheck.stories.assign_articles(db, [article])``, everything ingest does
  for the stories stage (the article's stored vector read back, the commit).

Embedding the article and loading the model are timed apart; the probes use stored vectors.

    python -m benchmarks.stories_store --sizes 10000 100000 [--probes 60] [--rebuild]
    python -m benchmarks.stories_store --sizes 10000 --url postgresql://...   (an empty database)
Each size runs in its own process; its store is a temporary file, removed afterwards.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import sqlalchemy as sa

from benchmarks.common import header
from benchmarks.ecbplus import entity_analysis
from benchmarks.stories_scale import stream
from crosscheck.records import Analysis, Article, to_dict
from crosscheck.settings import DEFAULT
from crosscheck.store import Database, codec, schema
from crosscheck.stories import assign_articles
from crosscheck.stories.assign import Assignment
from crosscheck.stories.embedding import available_embedder
from crosscheck.stories.features import Ingredients
from crosscheck.stories.index import StoryIndex, embedding_text
from crosscheck.stories.restore import VECTOR_MODEL
from crosscheck.stories.stored import full_changes, index_fingerprint

BATCH = 5_000  # rows per bulk insert while building


class Rollback(Exception):
    """Raised inside a probe's transaction so that the store is left as it was."""


def expand(counts: Counter[str]) -> list[str]:
    return [term for term, count in counts.items() for _ in range(count)]


def synthetic(parts: Ingredients) -> tuple[Article, Analysis]:
    """The stream's item as ingest would store it: a text and its entities."""
    title = " ".join(expand(parts.title))
    numbers = [term[1:] for term in expand(parts.num)]
    body = " ".join(expand(parts.body) + numbers + expand(parts.year))
    ents = ([[name, "PERSON"] for name in expand(parts.who)]
            + [[name, "GPE"] for name in expand(parts.where)]
            + [[name, "DATE"] for name in expand(parts.when)])
    article = Article(id=parts.article_id, source=f"synthetic/{parts.article_id}", format="text",
                      text=f"{title}\n{body}", title=title, published=parts.published)
    return article, entity_analysis(article.id, ents)


def articles(count: int) -> Iterator[tuple[Article, Analysis, np.ndarray]]:
    for parts in stream(count):
        article, analysis = synthetic(parts)
        yield article, analysis, parts.embedding


def insert_articles(db: Database, batch: Sequence[tuple[Article, Analysis, np.ndarray]]) -> None:
    """Articles, analyses and vectors in bulk (the full-text index is left out: the stories
    stage does not read it)."""
    with db.engine.begin() as conn:
        conn.execute(sa.insert(schema.articles), [codec.article_row(a) for a, _, _ in batch])
        conn.execute(sa.insert(schema.analyses),
                     [{"article_id": a.id, "data": to_dict(an)} for a, an, _ in batch])
        conn.execute(sa.insert(schema.article_vectors), [
            {"article_id": a.id, "model": VECTOR_MODEL, "vector": v.astype("<f4").tobytes()}
            for a, _, v in batch])


def build(db: Database, size: int, probes: int) -> list[tuple[Article, Analysis, np.ndarray]]:
    """Cluster ``size`` articles in memory, write them with stories and index state; store
    the next ``probes`` articles unassigned and return them."""
    index = StoryIndex(use_embeddings=True)
    items = articles(size + probes)
    for start in range(0, size, BATCH):
        batch = list(itertools.islice(items, min(BATCH, size - start)))
        for article, analysis, vector in batch:
            index.assign(article, analysis, embedding=vector)
        insert_articles(db, batch)
    write_stories(db, index)
    rest = list(items)
    insert_articles(db, rest)
    if db.engine.dialect.name == "postgresql":
        # planner statistics of the bulk-loaded tables, as autovacuum gathers them in time
        # (the first probes after a bulk load otherwise met plans made without them)
        with db.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    return rest


def write_stories(db: Database, index: StoryIndex) -> None:
    stories = index.stories()
    with db.engine.begin() as conn:
        conn.execute(sa.insert(schema.stories), [
            {"id": s.id, "title": s.title, "created": "2026-11-29T00:00:00+00:00"}
            for s in stories])
        conn.execute(sa.insert(schema.story_articles), [
            {"story_id": s.id, "article_id": a, "position": n,
             "duplicate_of": dict(s.duplicates).get(a)}
            for s in stories for n, a in enumerate(s.article_ids)])
    fingerprint = index_fingerprint(DEFAULT.stories, model=VECTOR_MODEL)
    with db.story_index_session() as store:
        store.save([], full_changes(index, fingerprint))


def probe_rolled_back(db: Database, item: tuple[Article, Analysis, np.ndarray],
                      embedder: object) -> tuple[float, float]:
    """Wall and CPU ms of one assignment through the stored index, then rolled back."""
    article, analysis, vector = item
    job = Assignment([article], {article.id: analysis}, {article.id: vector},
                     embedder=embedder)  # type: ignore[arg-type]
    started, started_cpu = time.perf_counter(), time.process_time()
    try:
        with db.story_index_session() as store:
            assert job.in_store(store) is not None, "the store's index state is stale"
            elapsed = time.perf_counter() - started, time.process_time() - started_cpu
            raise Rollback
    except Rollback:
        pass
    return elapsed[0] * 1000, elapsed[1] * 1000


def percentiles(values: list[float]) -> tuple[float, float]:
    values = sorted(values)
    return statistics.median(values), values[int(0.95 * (len(values) - 1))]


def measure(size: int, probes: int, *, rebuild: bool, url: str | None) -> dict[str, float]:
    started = time.perf_counter()
    load_started = time.perf_counter()
    embedder = available_embedder() or stub_embedder
    model_seconds = time.perf_counter() - load_started
    with tempfile.TemporaryDirectory(prefix="stories-store-") as folder:
        path = Path(folder) / "store.db"
        with Database(url or path) as db:
            items = build(db, size, probes + probes // 3)
            built = time.perf_counter() - started
            size_mb = 0.0 if url else path.stat().st_size / 1e6
            row = {"size": size, "build_seconds": built, "model_seconds": model_seconds,
                   "store_mb": size_mb, "stories": len(db.stories())}
            walls, cpus = zip(*(probe_rolled_back(db, item, embedder) for item in items[:probes]))
            row["rolled_ms"], row["rolled_p95"] = percentiles(list(walls))
            row["rolled_cpu_ms"] = statistics.median(cpus)
            row["committed_ms"], row["committed_p95"] = percentiles(
                [committed(db, item) for item in items[probes:]])
            row["embed_ms"] = percentiles([embedding_ms(embedder, a) for a, _, _ in items[:20]])[0]
            if rebuild:
                row["rebuild_seconds"] = rebuild_seconds(db)
    return row


def committed(db: Database, item: tuple[Article, Analysis, np.ndarray]) -> float:
    article, analysis, _ = item
    started = time.perf_counter()
    assign_articles(db, [article], {article.id: analysis})
    return (time.perf_counter() - started) * 1000


def embedding_ms(embedder: object, article: Article) -> float:
    started = time.perf_counter()
    embedder([embedding_text(article)])  # type: ignore[operator]
    return (time.perf_counter() - started) * 1000


def rebuild_seconds(db: Database) -> float:
    """The one-time rebuild (what every ingest cost before the state was kept)."""
    from crosscheck.stories import rebuild_index

    started = time.perf_counter()
    rebuild_index(db)
    return time.perf_counter() - started


def stub_embedder(texts: Sequence[str]) -> np.ndarray:
    """Stands in when the model is not built: the probes bring their vectors."""
    return np.zeros((len(texts), 384), np.float32)


def main(argv: Sequence[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--probes", type=int, default=60)
    parser.add_argument("--rebuild", action="store_true",
                        help="also time the one-time rebuild of the index from the store")
    parser.add_argument("--url", help="an empty database to fill instead of a temporary SQLite "
                        "file (a PostgreSQL URL; one size only)")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(repr(measure(args.one, args.probes, rebuild=args.rebuild, url=args.url)))
        return
    print(header("benchmarks.stories_store"))
    print("| articles in store | stories | store MB | build s | one article, rolled back: "
          "wall ms median / p95 (CPU ms median) | one `assign_articles`, committed: wall ms "
          "median / p95 | one rebuild s |\n|---|---|---|---|---|---|---|")
    for size in args.sizes:
        command = [sys.executable, "-m", "benchmarks.stories_store", "--one", str(size),
                   "--probes", str(args.probes)] + (["--rebuild"] if args.rebuild else [])
        command += ["--url", args.url] if args.url else []
        out = subprocess.run(command, capture_output=True, text=True, check=True)
        row = eval(out.stdout.strip().splitlines()[-1], {"__builtins__": {}})  # our own repr
        rebuilt = f"{row['rebuild_seconds']:.1f}" if "rebuild_seconds" in row else "not run"
        print(f"| {size:,} | {row['stories']:,} | {row['store_mb']:.0f} | "
              f"{row['build_seconds']:.0f} | {row['rolled_ms']:.1f} / {row['rolled_p95']:.1f} "
              f"({row['rolled_cpu_ms']:.1f}) | {row['committed_ms']:.1f} / "
              f"{row['committed_p95']:.1f} | {rebuilt} |", flush=True)
        print(f"\n(size {size:,}: embedding one article {row['embed_ms']:.1f} ms; loading the "
              f"embedding model {row['model_seconds']:.1f} s, once per process)\n")
    print(f"load average while running: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main(sys.argv[1:])
