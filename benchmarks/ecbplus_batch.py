"""The batch clustering on ECB+ (crosscheck/stories/batch.py): fitting, CV and held-out runs.

Used by ``python -m benchmarks.ecbplus --batch [--cv | --calibrate] [--no-embed]``. The
article-pair model is fitted on the pairs a batch of the training topics would score
(blocking as in the library), its threshold is the grid value with the best BCubed F1 on
the training topics clustered as one batch; the test topics are then clustered as one batch.
A batch does not depend on the order of its articles, so one order is scored (``check_order``
confirms it on a shuffled order).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np

from crosscheck.settings import StorySettings
from crosscheck.stories.batch import (
    agglomerate,
    batch_features,
    cluster_batch,
    score_pairs,
    uses_embeddings,
)
from crosscheck.stories.calibrate import batch_pair_examples, feature_names
from crosscheck.stories.features import Ingredients, TermStats
from crosscheck.stories.index import PairModel

# The batch pair model's inputs per mode, chosen by 5-fold CV over topics 1-25
# (``--batch --cv``, figures in benchmarks/results/ecbplus.md).
_TEXT = (
    "title", "body", "who", "where", "when", "year", "num", "person", "has_who", "has_where",
    "has_when", "has_year", "conflict", "year_same", "year_other",
)
BATCH_FEATURES = {"embed": (*_TEXT, "embed"), "text": _TEXT}
GRID = [round(float(t), 2) for t in np.arange(0.05, 0.96, 0.05)]
REGULARISATION = 1.0


def batch_labels(
    parts: Sequence[Ingredients], *, settings: StorySettings, embed: bool,
    thresholds: Sequence[float],
) -> dict[float, list[str]]:
    """A story label per article for each threshold; the pairs are scored once."""
    embed = uses_embeddings(settings, embed)
    order = sorted(range(len(parts)), key=lambda i: parts[i].article_id)
    features = batch_features([parts[i] for i in order], TermStats(), settings=settings)
    model = PairModel(settings, with_embeddings=embed, batch=True)
    pairs = score_pairs(features, model, settings)
    out = {}
    for threshold in thresholds:
        labels = [""] * len(parts)
        for rank, group in enumerate(
            agglomerate(len(order), pairs, threshold, linkage=settings.batch_linkage)
        ):
            labels[order[rank]] = str(group)
        out[threshold] = labels
    return out


def run_batch(parts: Sequence[Ingredients], *, settings: StorySettings, embed: bool) -> list[str]:
    """A story label per article from the library's batch clustering (``cluster_batch``)."""
    groups, _ = cluster_batch(parts, settings=settings, use_embeddings=embed)
    labels = [""] * len(parts)
    for number, group in enumerate(groups):
        for position in group:
            labels[position] = str(number)
    return labels


def fit_batch(
    parts: Sequence[Ingredients], gold: Sequence[str], *, embed: bool, settings: StorySettings,
    inputs: Sequence[str] | None = None,
) -> StorySettings:
    """The article-pair model fitted on these documents, then its threshold (best BCubed F1
    of the training documents clustered as one batch)."""
    from sklearn.linear_model import LogisticRegression

    from benchmarks.ecbplus import scores

    mode = suffix(settings, embed)
    model_embed = uses_embeddings(settings, embed)
    rows, labels = batch_pair_examples(parts, gold, settings=settings,
                                       with_embeddings=model_embed)
    available = feature_names(with_embeddings=model_embed)
    names = [name for name in available if name in (inputs or BATCH_FEATURES[mode])]
    rows = rows[:, [available.index(name) for name in names]]
    model = LogisticRegression(C=REGULARISATION, max_iter=2000).fit(rows, labels)
    settings = dataclasses.replace(settings, **{
        f"batch_weights_{mode}": tuple(
            (name, round(float(w), 3)) for name, w in zip(names, model.coef_[0])
        ),
        f"batch_bias_{mode}": round(float(model.intercept_[0]), 3),
    })
    runs = batch_labels(parts, settings=settings, embed=embed, thresholds=GRID)
    best = max(GRID, key=lambda t: scores(runs[t], gold)["bcubed_f1"])
    return dataclasses.replace(settings, **{f"batch_threshold_{mode}": best})


def suffix(settings: StorySettings, embed: bool) -> str:
    """Which of the batch settings' two models a run uses ("embed" or "text")."""
    return "embed" if uses_embeddings(settings, embed) else "text"


def check_order(parts: Sequence[Ingredients], labels: Sequence[str], *,
                settings: StorySettings, embed: bool) -> None:
    """Raise when a shuffled order of the batch gives another partition."""
    from benchmarks.ecbplus import shuffled

    order = shuffled(len(parts), seed=1)
    again = run_batch([parts[i] for i in order], settings=settings, embed=embed)
    if len(set(again)) != len(set(labels)):
        raise RuntimeError("the batch clustering changed with the order of its articles")
    mapping: dict[str, str] = {}
    for position, label in zip(order, again):
        mapping.setdefault(label, labels[position])
        if mapping[label] != labels[position]:
            raise RuntimeError("the batch clustering changed with the order of its articles")
