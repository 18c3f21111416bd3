"""Store speed on synthetic articles: writes (one transaction per article, with its removed
lines and an analysis), an idempotent second pass, bulk reads and full-text search.

    python -m benchmarks.store [--articles N] [--db PATH]

The articles are random word sequences with a fixed seed (no evaluation data is needed); each
has WORDS words in PARAGRAPHS lines, REMOVED removed lines and an analysis of one sentence,
one mention and one quantity per sentence, roughly the JSON size of a real analysis.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.common import header
from crosscheck.records import (
    Analysis, Article, Mention, Quantity, RemovedLine, Sentence, Span, content_id,
)
from crosscheck.store import Database

WORDS = 500
PARAGRAPHS = 10
REMOVED = 6
VOCABULARY = 20_000


def synthetic_articles(count: int, *, seed: int = 7) -> list[tuple[Article, Analysis]]:
    rng = random.Random(seed)
    vocabulary = [f"w{n}" for n in range(VOCABULARY)]
    made = []
    for number in range(count):
        words = rng.choices(vocabulary, k=WORDS)
        step = WORDS // PARAGRAPHS
        lines = [" ".join(words[start : start + step]) + "." for start in range(0, WORDS, step)]
        title = " ".join(words[:6])
        text = "\n".join([title, *lines])
        outlet = f"Outlet {number % 40}"
        article_id = content_id(outlet, title, text)
        article = Article(
            id=article_id, source=f"synthetic/{number}.txt", format="text", text=text,
            title=title, outlet=outlet,
            published=f"2024-{1 + number % 12:02d}-{1 + number % 28:02d}",
            removed=tuple(RemovedLine(100 + n, f"Subscribe {n}", "newsletter-prompt")
                          for n in range(REMOVED)),
            cleaned=True,
        )
        made.append((article, _analysis(article)))
    return made


def _analysis(article: Article) -> Analysis:
    sentences, mentions, quantities = [], [], []
    offset = len(article.title) + 1
    for index, line in enumerate(article.text.split("\n")[1:]):
        span = Span(offset, offset + len(line))
        sentences.append(Sentence(span, index, paragraph=index))
        mentions.append(Mention(Span(offset, offset + 4), line[:4], "PERSON"))
        quantities.append(Quantity(Span(offset, offset + 2), 1000.0, qualifier="more than"))
        offset = span.end + 1
    return Analysis(article.id, sentences=tuple(sentences), mentions=tuple(mentions),
                    quantities=tuple(quantities))


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def run(count: int, path: Path) -> list[str]:
    made = synthetic_articles(count)
    lines = []
    with Database(path) as db:
        write = timed(lambda: [db.add_article(a, analysis=x) for a, x in made])
        again = timed(lambda: [db.add_article(a, analysis=x) for a, x in made])
        read = timed(db.articles)
        ids = [article.id for article, _ in made]
        analyses = timed(lambda: db.analyses(ids))
        rng = random.Random(3)
        queries = [" ".join(rng.choices([f"w{n}" for n in range(VOCABULARY)], k=2))
                   for _ in range(50)]
        latencies = []
        for query in queries:
            latencies.append(timed(lambda: db.search(query)))
    size = path.stat().st_size
    lines.append(f"articles: {count} ({WORDS} words, {REMOVED} removed lines, analysis each)")
    lines.append(f"write, one transaction per article: {count / write:,.0f} articles/s "
                 f"({write:.1f} s)")
    lines.append(f"second pass (all already present): {count / again:,.0f} articles/s "
                 f"({again:.1f} s)")
    lines.append(f"read all articles: {read:.2f} s; all analyses by id: {analyses:.2f} s")
    lines.append(f"search, 2-word queries: median {statistics.median(latencies) * 1000:.1f} ms, "
                 f"max {max(latencies) * 1000:.1f} ms")
    lines.append(f"database size: {size / count / 1024:.1f} KiB per article")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--db", type=Path, default=None, help="default: a temporary file")
    args = parser.parse_args()
    print(header("benchmarks.store"))
    with tempfile.TemporaryDirectory() as folder:
        path = args.db or Path(folder) / "bench.db"
        print("\n".join(run(args.articles, path)))


if __name__ == "__main__":
    main()
