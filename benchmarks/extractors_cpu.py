"""CPU time of the per-article extractors alone, on Docs parsed once: the analysis's own cost.

Same texts as ``benchmarks.analyze_speed`` (the first NeuS validation articles). The parse is
done once, outside the timing; then ``analyze_doc`` runs over every Doc, ``--rounds`` times,
in this one process, and the CPU time (``time.process_time``) of each round is reported with
the best. CPU time of one process is steadier than wall time on a shared machine.
``--profile`` prints the cProfile of one more round (sorted by own time) instead.

    python -m benchmarks.extractors_cpu [--articles 300] [--rounds 7] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import time

from benchmarks.analyze_speed import neus_articles
from benchmarks.common import header
from crosscheck.analyze.pipeline import analyze_doc
from crosscheck.nlp import spacy_model
from crosscheck.settings import DEFAULT


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    articles = neus_articles(args.articles)
    docs = list(spacy_model.load().pipe([article.text for article in articles]))
    pairs = list(zip(docs, articles))
    _extract(pairs)  # warm up: the cue model, lazily compiled patterns
    if args.profile:
        profile = cProfile.Profile()
        profile.runcall(_extract, pairs)
        pstats.Stats(profile).sort_stats("tottime").print_stats(30)
        return
    seconds = [_extract(pairs) for _ in range(args.rounds)]
    print(header("benchmarks.extractors_cpu"))
    print(f"texts: {len(articles)} NeuS validation articles; one process, {args.rounds} rounds")
    print("CPU s per round: " + " ".join(f"{s:.3f}" for s in seconds))
    print(f"best {min(seconds):.3f} s, median {statistics.median(seconds):.3f} s")


def _extract(pairs: list) -> float:  # type: ignore[type-arg]
    """CPU seconds for every extractor over every (Doc, Article) pair."""
    started = time.process_time()
    for doc, article in pairs:
        analyze_doc(doc, article, settings=DEFAULT.analyze)
    return time.process_time() - started


if __name__ == "__main__":
    main()
