"""Story clustering on real news: NeuS, where each line is one story told by three outlets.

ECB+ asks for look-alike events kept apart; NeuS (AllSides' left, centre and right reports of
one story, `neus/*.source`) asks for what a news stream is like: thousands of stories of
which many share their actors (a president, a party) without being one story. Gold story of
an article = its line. The batch clustering runs over a whole split as one batch, with no
publication dates (NeuS has none, so nothing keeps two years' stories apart but the text):
a harder setting than a day's ingest.

The train split's blocked pairs are also calibration data for the batch pair model
(``benchmarks.ecbplus --batch --neus-weight W``, ``pair_rows``); val is scored here:

    python -m benchmarks.neus_stories [--split val]

Articles are analysed once (spaCy) and their story ingredients cached outside the repository.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from benchmarks.common import data_dir, header
from benchmarks.neus import parse_source
from crosscheck.settings import DEFAULT, StorySettings, cache_dir
from crosscheck.stories.features import FIELDS, Ingredients, ingredients


def load(split: str) -> tuple[list[Ingredients], list[str]]:
    """Each article's story ingredients and its gold story (its line's number)."""
    source = data_dir() / "neus" / f"{split}.source"
    if not source.is_file():
        raise SystemExit(f"NeuS {split} not found at {source}: the batch pair model's fit "
                         "reads NeuS train (--neus-weight 0 fits on ECB+ alone)")
    lines = source.read_text(encoding="utf-8").splitlines()
    articles, gold = [], []
    for number, line in enumerate(lines):
        for article in parse_source(line, number):
            articles.append(article)
            gold.append(f"{split}/{number}")
    cache = cache_dir() / f"neus-{split}-ingredients.json"
    stored = json.loads(cache.read_text()) if cache.exists() else {}
    missing = [article for article in articles if article.id not in stored]
    if missing:
        from crosscheck.analyze import analyze_articles

        for article, analysis in zip(missing, analyze_articles(missing, n_process=2)):
            stored[article.id] = _to_json(ingredients(article, analysis))
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps(stored))
    return [_from_json(article.id, stored[article.id]) for article in articles], gold


def _to_json(parts: Ingredients) -> dict[str, object]:
    data: dict[str, object] = {name: dict(parts.counts(name)) for name in FIELDS}
    data["title_text"] = parts.title_text
    data["quantities"] = {unit: sorted(values) for unit, values in parts.quantities.items()}
    return data


def _from_json(article_id: str, data: dict) -> Ingredients:  # type: ignore[type-arg]
    return Ingredients(
        article_id, **{name: Counter(data[name]) for name in FIELDS},
        title_text=data["title_text"],
        quantities={unit: frozenset(values) for unit, values in data["quantities"].items()},
    )


@lru_cache(maxsize=4)
def pair_rows(settings: StorySettings, inputs: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """The train split's blocked pairs as the batch model sees them: rows (columns
    ``inputs``) and labels (1 = one story)."""
    from crosscheck.stories.calibrate import batch_pair_examples, feature_names

    parts, gold = load("train")
    rows, labels = batch_pair_examples(parts, gold, settings=settings, with_embeddings=False)
    available = feature_names(with_embeddings=False)
    return rows[:, [available.index(name) for name in inputs]], labels


def score(split: str, settings: StorySettings) -> dict[str, float]:
    from benchmarks.ecbplus import scores
    from benchmarks.ecbplus_batch import run_batch

    parts, gold = load(split)
    predicted = run_batch(parts, settings=settings, embed=False)
    return {**scores(predicted, gold), "stories": len(set(predicted)),
            "gold_stories": len(set(gold)), "articles": len(gold)}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="val", choices=("val", "train"))
    args = parser.parse_args(argv)
    started = time.perf_counter()
    found = score(args.split, DEFAULT.stories)
    print(header("benchmarks.neus_stories"))
    print(f"NeuS {args.split}: {found['articles']} articles, {found['gold_stories']} stories "
          f"(3 outlets each), clustered as one batch without dates: {found['stories']} stories")
    print(f"BCubed P {found['bcubed_p']:.3f} R {found['bcubed_r']:.3f} F1 "
          f"{found['bcubed_f1']:.3f}; pairwise P {found['pair_p']:.3f} R {found['pair_r']:.3f} "
          f"F1 {found['pair_f1']:.3f}  ({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
