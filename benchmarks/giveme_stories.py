"""Developing stories on real news: giveme-dev (169 articles of 29 labelled stories, many
outlets, some stories followed for weeks), ingested alone.

The articles go through what ingest does before the stories stage: the JSONL reader, the
cleaner, the rejection of texts that are not articles (``clean.length``), the analysis
(spaCy; the story ingredients are cached outside the repository). They are then grouped at
both levels: events, then the stories that link them. The story labels are scored against
the gold stories, BCubed and pairwise, every article counted (a rejected one, or one left
alone, is a singleton), for the two paths an ingest takes: the whole set as one batch, and
one article at a time in publication order.

    python -m benchmarks.giveme_stories
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Sequence

import numpy as np

from benchmarks.common import data_dir, header
from benchmarks.ecbplus import scores
from crosscheck.clean import clean_articles
from crosscheck.clean.length import not_an_article
from crosscheck.readers.jsonl import read_jsonl_lines
from crosscheck.records import Article
from crosscheck.settings import DEFAULT, StorySettings, cache_dir
from crosscheck.stories.features import FIELDS, Ingredients, ingredients
from crosscheck.stories import cluster_parts
from crosscheck.stories.embedding import available_embedder
from crosscheck.stories.index import embedding_text


def load() -> tuple[list[Ingredients], list[str], list[str]]:
    """The story ingredients of the articles ingest keeps and their gold stories, in the
    file's order, and the gold stories of the inputs it rejects."""
    path = data_dir() / "giveme-dev" / "articles.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    gold = [json.loads(line)["story"] for line in lines]
    read = list(read_jsonl_lines(lines, source=str(path)))
    articles = clean_articles([item for item in read if isinstance(item, Article)])
    cleaned = iter(articles)
    kept, rejected = [], []
    for item, label in zip(read, gold):
        article = next(cleaned) if isinstance(item, Article) else None
        if article is None or not_an_article(article) is not None:
            rejected.append(label)
        else:
            kept.append((article, label))
    return cached_ingredients([a for a, _ in kept]), [g for _, g in kept], rejected


def cached_ingredients(articles: Sequence[Article]) -> list[Ingredients]:
    cache = cache_dir() / "giveme-dev-cleaned-ingredients.json"
    stored = json.loads(cache.read_text()) if cache.exists() else {}
    missing = [article for article in articles if article.id not in stored]
    if missing:
        from crosscheck.analyze import analyze_articles

        for article, analysis in zip(missing, analyze_articles(missing, n_process=2)):
            stored[article.id] = _to_json(ingredients(article, analysis))
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps(stored))
    vectors = embeddings(articles)
    return [_from_json(article, stored[article.id], vectors.get(article.id))
            for article in articles]


def embeddings(articles: Sequence[Article]) -> dict[str, np.ndarray]:
    """MiniLM vectors of the articles when the model is built (ingest then uses them in
    the stream model), cached outside the repository; else none."""
    embedder = available_embedder()
    if embedder is None:
        return {}
    cache = cache_dir() / "giveme-dev-embeddings.npz"
    stored = dict(np.load(cache)) if cache.exists() else {}
    missing = [article for article in articles if article.id not in stored]
    if missing:
        vectors = embedder([embedding_text(article) for article in missing])
        stored.update({article.id: vector for article, vector in zip(missing, vectors)})
        np.savez(cache, **stored)
    return {article.id: stored[article.id] for article in articles}


def _to_json(parts: Ingredients) -> dict[str, object]:
    data: dict[str, object] = {name: dict(parts.counts(name)) for name in FIELDS}
    data["title_text"] = parts.title_text
    data["quantities"] = {unit: sorted(values) for unit, values in parts.quantities.items()}
    return data


def _from_json(article: Article, data: dict,  # type: ignore[type-arg]
               vector: np.ndarray | None) -> Ingredients:
    return Ingredients(
        article.id, **{name: Counter(data[name]) for name in FIELDS},
        title_text=data["title_text"], published=article.published, embedding=vector,
        quantities={unit: frozenset(values) for unit, values in data["quantities"].items()},
    )


def in_date_order(parts: Sequence[Ingredients]) -> list[int]:
    """Positions in publication order (undated last; ties by article id)."""
    return sorted(range(len(parts)),
                  key=lambda i: (parts[i].published or "9999", parts[i].article_id))


def run(parts: Sequence[Ingredients], *, settings: StorySettings, batch: bool
        ) -> tuple[list[str], list[str]]:
    """Story and event labels per article (``parts``' order); the stream path takes the
    articles one at a time in publication order."""
    order = list(range(len(parts))) if batch else in_date_order(parts)
    embed = parts[0].embedding is not None if parts else False
    stories, events = cluster_parts([parts[i] for i in order], settings=settings, batch=batch,
                                    use_embeddings=embed)
    story_of, event_of = [""] * len(parts), [""] * len(parts)
    for rank, position in enumerate(order):
        story_of[position], event_of[position] = stories[rank], events[rank]
    return story_of, event_of


def report(settings: StorySettings = DEFAULT.stories) -> str:
    parts, gold, rejected = load()
    model = "with" if parts and parts[0].embedding is not None else "without"
    lines = [header("benchmarks.giveme_stories"), f"{model} the embedding model (events)",
             f"{len(parts) + len(rejected)} articles, {len(set(gold) | set(rejected))} gold "
             f"stories; {len(rejected)} rejected as not articles (each a singleton)\n",
             "| path | stories | events | BCubed P | R | F1 | pairwise P | R | F1 |",
             "|---|---|---|---|---|---|---|---|---|"]
    for name, batch in (("batch", True), ("one by one, date order", False)):
        story_of, event_of = run(parts, settings=settings, batch=batch)
        alone = [f"rejected-{number}" for number in range(len(rejected))]
        s = scores(story_of + alone, gold + rejected)
        lines.append(
            f"| {name} | {len(set(story_of))} | {len(set(event_of))} | {s['bcubed_p']:.3f} | "
            f"{s['bcubed_r']:.3f} | {s['bcubed_f1']:.3f} | {s['pair_p']:.3f} | "
            f"{s['pair_r']:.3f} | {s['pair_f1']:.3f} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    argparse.ArgumentParser(description=__doc__).parse_args(argv)
    print(report())


if __name__ == "__main__":
    main()
