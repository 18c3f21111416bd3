"""Speed of the per-article analysis against spaCy alone on the same texts, in one run.

Texts: NeuS validation articles (``neus/val.source``: each line holds several articles, each
``TITLE=> ... ARTICLE=> ...``), as headline line + body. Both sides use the same loaded
model and the same number of processes; spaCy alone is ``nlp.pipe`` (Docs returned to the
parent), ours is ``crosscheck.analyze.analyze_articles`` (parse + every extractor, Analysis
records returned). Target: ours <= 1.3 x spaCy's time.

    python -m benchmarks.analyze_speed [--articles 300] [--processes 2] [--rounds 2]
"""

from __future__ import annotations

import argparse
import re
import time

from benchmarks.common import data_dir, header
from crosscheck.analyze import analyze_articles
from crosscheck.nlp import spacy_model
from crosscheck.records import Article

_ARTICLE = re.compile(r"TITLE=>\s*(?P<title>.*?)\s*ARTICLE=>\s*(?P<body>.*)", re.DOTALL)
TARGET_RATIO = 1.3


def neus_articles(limit: int) -> list[Article]:
    articles: list[Article] = []
    with open(data_dir() / "neus" / "val.source", encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            for part, chunk in enumerate(line.split("[SEP]")):
                match = _ARTICLE.search(chunk)
                if not match or not match.group("body").strip():
                    continue
                text = match.group("title").strip() + "\n" + match.group("body").strip()
                articles.append(Article(id=f"neus-val-{number}-{part}", source="neus/val.source",
                                        format="text", text=text, cleaned=True))
                if len(articles) == limit:
                    return articles
    return articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    articles = neus_articles(args.articles)
    texts = [article.text for article in articles]
    words = sum(len(text.split()) for text in texts)
    nlp = spacy_model.load()
    list(nlp.pipe(texts[:4]))  # warm up both sides' caches
    analyze_articles(articles[:4])

    spacy_runs, ours_runs = [], []
    for _ in range(args.rounds):  # alternate, keep each side's best: the machine is shared
        started = time.perf_counter()
        docs = list(nlp.pipe(texts, n_process=args.processes, batch_size=16))
        spacy_runs.append(time.perf_counter() - started)
        started = time.perf_counter()
        analyses = analyze_articles(articles, n_process=args.processes)
        ours_runs.append(time.perf_counter() - started)
    assert len(docs) == len(analyses) == len(articles)
    spacy_seconds, ours_seconds = min(spacy_runs), min(ours_runs)
    extract_seconds = _extractors_alone(docs, articles)

    ratio = ours_seconds / spacy_seconds
    print(header("benchmarks.analyze_speed"))
    print(f"texts: {len(articles)} NeuS validation articles, {words} words; "
          f"processes: {args.processes}; best of {args.rounds} alternating rounds")
    print(f"spaCy alone (nlp.pipe):      {spacy_seconds:7.1f} s  "
          f"{len(articles) / spacy_seconds:6.1f} articles/s")
    print(f"analyze_articles (all):      {ours_seconds:7.1f} s  "
          f"{len(articles) / ours_seconds:6.1f} articles/s")
    print(f"ratio ours/spaCy: {ratio:.2f} (target <= {TARGET_RATIO})"
          f" {'met' if ratio <= TARGET_RATIO else 'NOT met'}")
    print(f"extractors alone on the parsed Docs (one process): {extract_seconds:.1f} s, "
          f"{extract_seconds / spacy_seconds:.2f} of spaCy's time above")
    found = {name: sum(len(getattr(a, name)) for a in analyses)
             for name in ("sentences", "entities", "quotes", "attributions", "quantities",
                          "dates", "hedges")}
    print("items found: " + ", ".join(f"{name} {count}" for name, count in found.items()))


def _extractors_alone(docs: list, articles: list[Article]) -> float:
    """Seconds for every extractor over already parsed Docs: the analysis's own cost."""
    from crosscheck.analyze.pipeline import analyze_docs
    from crosscheck.settings import DEFAULT

    started = time.perf_counter()
    analyze_docs(docs, articles, settings=DEFAULT.analyze)
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
