"""Speed and growth of story clustering on synthetic articles made from ECB+ texts.

Each synthetic story takes one ECB+ document as its template, gives it new people, places
and a new date (fresh names, so look-alike stories share the words of their kind of event
but not their actors), and each of its articles swaps a tenth of the body words for other
words of the corpus and drops a few more. Stories have 1 to 12 articles. Features are made
without NLP (the template's spaCy entities, renamed; its MiniLM vector plus noise), so the
figures are the clustering step alone: StoryIndex.assign_ingredients over the stream, or with
--batch the whole stream as one ingest clusters it (batch.assign_parts: chunks of
batch_chunk articles clustered whole, their groups joining the stories before them).

    python -m benchmarks.stories_scale --sizes 10000 100000 1000000
    python -m benchmarks.stories_scale --batch --sizes 10000 100000   # the batch clustering
Each size runs in its own process so that its peak memory (max RSS) is its own.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence

import numpy as np

from benchmarks.common import header
from crosscheck.stories.features import Ingredients
from crosscheck.stories.index import StoryIndex

SWAP_RATE = 0.10
DROP_RATE = 0.05


def templates() -> list[tuple[Ingredients, np.ndarray]]:
    from benchmarks import ecbplus

    documents = ecbplus.load(range(1, 36))
    parts = ecbplus.ingredient_list(documents, embed=False)
    vectors = ecbplus.embeddings(documents)
    return list(zip(parts, vectors))


def renamed(counts: Counter[str], story: int, prefix: str) -> Counter[str]:
    """Each name of the template becomes a name of this story only."""
    return Counter({f"{prefix}{story}x{hash(term) % 997}": n for term, n in counts.items()})


def stream(count: int, seed: int = 7) -> Iterator[Ingredients]:
    rng = random.Random(seed)
    bank = templates()
    vocabulary = sorted({term for parts, _ in bank for term in parts.body})
    produced, story = 0, 0
    while produced < count:
        parts, vector = bank[rng.randrange(len(bank))]
        who, where = renamed(parts.who, story, "p"), renamed(parts.where, story, "l")
        when = Counter({f"d{story % 5000}": 1})
        day = f"20{10 + story % 15:02d}-{1 + story % 12:02d}-{1 + story % 28:02d}"
        for _ in range(min(count - produced, rng.randint(1, 12))):
            body = varied(parts.body, vocabulary, rng) + who + where
            noise = np.random.default_rng(produced).normal(0, 0.02, vector.shape)
            embedding = (vector + noise).astype(np.float32)
            yield Ingredients(
                article_id=f"a{produced}", title=varied(parts.title, vocabulary, rng) + who,
                body=body, who=who, where=where, when=when, year=Counter({day[:4]: 1}),
                title_text=f"story {story}",
                published=day, embedding=embedding / np.linalg.norm(embedding),
                num=renamed(parts.num, story, "n"),
                person=renamed(parts.person, story, "p"),
                quantities={
                    unit: frozenset(f"{value}s{story}" for value in values)
                    for unit, values in parts.quantities.items()
                },
            )
            produced += 1
        story += 1


def varied(counts: Counter[str], vocabulary: Sequence[str], rng: random.Random) -> Counter[str]:
    out: Counter[str] = Counter()
    for term, n in counts.items():
        roll = rng.random()
        if roll < DROP_RATE:
            continue
        swapped = roll < DROP_RATE + SWAP_RATE
        out[vocabulary[rng.randrange(len(vocabulary))] if swapped else term] += n
    return out


def measure(size: int, probes: int) -> dict[str, float]:
    """Cluster ``size`` articles, then time ``probes`` single assignments into that index."""
    index = StoryIndex(use_embeddings=True, detect_duplicates=False)
    items = stream(size + probes)
    clustering = cpu = 0.0
    for _ in range(size):
        item = next(items)
        started, started_cpu = time.perf_counter(), time.process_time()
        index.assign_ingredients(item)
        clustering += time.perf_counter() - started
        cpu += time.process_time() - started_cpu
    return probed(index, items, size=size, wall=clustering, cpu=cpu)


def measure_batch(size: int, probes: int) -> dict[str, float]:
    """Cluster ``size`` articles as one ingest does (``assign_parts``: batches of at most
    ``batch_chunk``, each clustered whole, its groups joining the stories before it), then
    time ``probes`` single assignments into that index. The synthetic articles of a chunk
    are made before its clock starts."""
    from crosscheck.stories.batch import assign_parts

    index = StoryIndex(use_embeddings=True, detect_duplicates=False)
    items = stream(size + probes)
    chunk = index.settings.batch_chunk
    wall = cpu = 0.0
    for start in range(0, size, chunk):  # made a chunk at a time, as the stream path's are
        parts = [next(items) for _ in range(min(chunk, size - start))]
        started, started_cpu = time.perf_counter(), time.process_time()
        assign_parts(index, parts)
        wall += time.perf_counter() - started
        cpu += time.process_time() - started_cpu
    return probed(index, items, size=size, wall=wall, cpu=cpu)


def probed(
    index: StoryIndex, probes: Iterator[Ingredients], *, size: int, wall: float, cpu: float,
) -> dict[str, float]:
    """The clustering's figures, then the CPU time of each remaining article assigned alone
    (events and stories are counted before the probes add theirs)."""
    stories = sum(state.is_story for state in index.slots)
    events = len(index.slots) - stories
    latencies = []
    for item in probes:
        started = time.process_time()
        index.assign_ingredients(item)
        latencies.append((time.process_time() - started) * 1000)
    latencies.sort()
    return {
        "size": size,
        "wall_seconds": wall,
        "seconds": cpu,
        "stories": stories,
        "events": events,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "assign_ms_median": statistics.median(latencies),
        "assign_ms_p95": latencies[int(0.95 * (len(latencies) - 1))],
    }


def measure_duplicates(count: int, seed: int = 7) -> dict[str, float]:
    """find_duplicates over ``count`` texts: ECB+ documents, each copied with 5% of words
    swapped (a re-publication) about every third time; how many copies it finds."""
    from benchmarks import ecbplus
    from crosscheck.records import Article
    from crosscheck.stories import find_duplicates

    rng = random.Random(seed)
    texts = [doc.article.text for doc in ecbplus.load(range(1, 36))]
    articles, planted = [], 0
    for position in range(count):
        if articles and rng.random() < 1 / 3:  # a copy of an earlier text, 5% of words swapped
            planted += 1
            words = articles[rng.randrange(len(articles))].text.split()
            words = [w if rng.random() > 0.05 else rng.choice(words) for w in words]
        else:  # an independent text: a template's words shuffled beyond recognition
            words = texts[position % len(texts)].split()
            rng.shuffle(words)
        text = " ".join(words)
        articles.append(Article(id=f"d{position}", source="synthetic", format="text", text=text))
    started = time.process_time()
    found = find_duplicates(articles)
    return {"size": count, "seconds": time.process_time() - started, "planted": planted,
            "found": len(found)}


def main(argv: Sequence[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--probes", type=int, default=200)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--duplicates", type=int, help="time find_duplicates on N texts")
    parser.add_argument("--batch", action="store_true",
                        help="the batch clustering (batch.py) instead of the incremental path")
    args = parser.parse_args(argv)
    if args.duplicates:
        print(repr(measure_duplicates(args.duplicates)))
        return
    if args.one:
        measured = measure_batch if args.batch else measure
        print(repr(measured(args.one, args.probes)))
        return
    print(header("benchmarks.stories_scale"))
    print("Times are CPU seconds of this process (the machine is shared: wall time is "
          "printed beside them).\n")
    print("| articles | clustering CPU s (wall s) | CPU ms per article | events / stories | "
          "peak RSS MB | one assign CPU ms (median / p95) |\n|---|---|---|---|---|---|")
    results = []
    for size in args.sizes:
        out = subprocess.run(
            [sys.executable, "-m", "benchmarks.stories_scale", "--one", str(size),
             "--probes", str(args.probes), *(["--batch"] if args.batch else [])],
            capture_output=True, text=True, check=True,
        ).stdout.strip().splitlines()[-1]
        row = eval(out, {"__builtins__": {}})  # our own repr of a dict of numbers
        results.append(row)
        print(f"| {size:,} | {row['seconds']:.1f} ({row['wall_seconds']:.0f}) | "
              f"{1000 * row['seconds'] / size:.3f} | "
              f"{row['events']:,} / {row['stories']:,} | {row['peak_mb']:.0f} | "
              f"{_latency(row)} |", flush=True)
    for small, large in zip(results, results[1:]):
        exponent = math.log(large["seconds"] / small["seconds"]) / math.log(
            large["size"] / small["size"]
        )
        print(f"\ngrowth {small['size']:,} -> {large['size']:,}: CPU time ~ n^{exponent:.2f}")
    print(f"\nload average while running: {os.getloadavg()[0]:.1f}")


def _latency(row: dict[str, float]) -> str:
    return f"{row['assign_ms_median']:.2f} / {row['assign_ms_p95']:.2f}"


if __name__ == "__main__":
    main(sys.argv[1:])
