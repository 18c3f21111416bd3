"""The batch clustering on ECB+ (crosscheck/stories/batch.py): fitting, CV and held-out runs.

Used by ``python -m benchmarks.ecbplus --batch [--cv | --calibrate] [--no-embed]``. The
article-pair model is fitted on the pairs a batch of the training topics would score
(blocking as in the library), its threshold is the grid value with the best BCubed F1 on
the training topics clustered as one batch; the test topics are then clustered as one batch.
A batch does not depend on the order of its articles, so one order is scored (``check_order``
confirms it on a shuffled order). ``--batch-threshold-by out-of-fold`` picks the threshold
from pooled out-of-fold clusterings instead. The refinements once fitted here (a learned
merge decision, neighbourhood evidence, a split pass) left the library with their record:
benchmarks/results/stories_experiments.md.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

import numpy as np

from crosscheck.settings import StorySettings
from crosscheck.stories.batch import (
    Pairs,
    agglomerate,
    batch_features,
    cluster_batch,
    score_pairs,
    uses_embeddings,
)
from crosscheck.stories.calibrate import batch_pair_examples, feature_names
from crosscheck.stories.features import ArticleFeatures, Ingredients, TermStats
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
# Weight of one NeuS train pair in the pair model's fit, beside ECB+'s (weight 1): NeuS's
# 264k blocked pairs are real stories sharing their actors. Chosen as the largest NeuS val
# BCubed F1 with ECB+ CV at least 0.924 / 0.910 (benchmarks/results/ecbplus.md).
NEUS_WEIGHT = 0.01
FOLD_TOPICS = 5  # topics per (inner) CV fold, as in the outer CV
THRESHOLD_BY = ("in-sample", "out-of-fold")



def scored_batch(
    parts: Sequence[Ingredients], *, settings: StorySettings, embed: bool,
) -> tuple[list[int], list[ArticleFeatures], Pairs]:
    """The batch's positions in article-id order, their features and scored pairs."""
    order = sorted(range(len(parts)), key=lambda i: parts[i].article_id)
    features = batch_features([parts[i] for i in order], TermStats(), settings=settings)
    model = PairModel(settings, with_embeddings=uses_embeddings(settings, embed), batch=True)
    return order, features, score_pairs(features, model, settings)


def batch_labels(
    parts: Sequence[Ingredients], *, settings: StorySettings, embed: bool,
    thresholds: Sequence[float],
) -> dict[float, list[str]]:
    """A story label per article for each threshold; the pairs are scored once."""
    scored = scored_batch(parts, settings=settings, embed=embed)
    return {t: labels_at(scored, settings=settings, threshold=t) for t in thresholds}


def labels_at(
    scored: tuple[list[int], list[ArticleFeatures], Pairs], *, settings: StorySettings,
    threshold: float,
) -> list[str]:
    """A story label per article (``parts``' order) of a scored batch at a threshold, with
    the settings' merge rule."""
    order, features, pairs = scored
    labels = [""] * len(order)
    groups = agglomerate(len(order), pairs, threshold, linkage=settings.batch_linkage)
    for rank, group in enumerate(groups):
        labels[order[rank]] = str(group)
    return labels


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
    inputs: Sequence[str] | None = None, threshold_by: str = "in-sample",
) -> StorySettings:
    """The article-pair model fitted on these documents, then its threshold: the grid value
    with the best BCubed F1 of the training documents clustered as one batch ("in-sample"),
    or of their out-of-fold clusterings pooled ("out-of-fold", ``oof_threshold``)."""
    fitted = fit_pair_model(parts, gold, embed=embed, settings=settings, inputs=inputs)
    if threshold_by == "in-sample":
        best = best_threshold(batch_labels(parts, settings=fitted, embed=embed,
                                           thresholds=GRID), gold)
    elif threshold_by == "out-of-fold":
        best = oof_threshold(parts, gold, embed=embed, settings=settings, inputs=inputs)
    else:
        raise ValueError(f"unknown threshold_by {threshold_by!r}")
    return dataclasses.replace(fitted, **{f"batch_threshold_{suffix(fitted, embed)}": best})


def fit_pair_model(
    parts: Sequence[Ingredients], gold: Sequence[str], *, embed: bool, settings: StorySettings,
    inputs: Sequence[str] | None = None, neus_weight: float | None = None,
) -> StorySettings:
    """``settings`` with the batch article-pair model fitted on these documents' blocked
    pairs and, weighed ``neus_weight`` each (default ``NEUS_WEIGHT``; 0: none), NeuS train's
    (its threshold unchanged)."""
    from sklearn.linear_model import LogisticRegression

    mode = suffix(settings, embed)
    model_embed = uses_embeddings(settings, embed)
    rows, labels = batch_pair_examples(parts, gold, settings=settings,
                                       with_embeddings=model_embed)
    available = feature_names(with_embeddings=model_embed)
    names = [name for name in available if name in (inputs or BATCH_FEATURES[mode])]
    rows = rows[:, [available.index(name) for name in names]]
    weights = np.ones(len(labels))
    neus_weight = NEUS_WEIGHT if neus_weight is None else neus_weight
    if neus_weight > 0:
        if model_embed:
            raise ValueError("NeuS rows carry no embedding cosine: fit the text model")
        from benchmarks.neus_stories import pair_rows

        extra_rows, extra_labels = pair_rows(settings, tuple(names))
        rows, labels = np.vstack([rows, extra_rows]), np.concatenate([labels, extra_labels])
        weights = np.concatenate([weights, np.full(len(extra_labels), neus_weight)])
    model = LogisticRegression(C=REGULARISATION, max_iter=3000).fit(
        rows, labels, sample_weight=weights)
    return dataclasses.replace(settings, **{
        f"batch_weights_{mode}": tuple(
            (name, round(float(w), 3)) for name, w in zip(names, model.coef_[0])
        ),
        f"batch_bias_{mode}": round(float(model.intercept_[0]), 3),
    })


def best_threshold(runs: Mapping[float, Sequence[str]], gold: Sequence[str]) -> float:
    """The grid threshold whose labels have the best BCubed F1 (ties: the lowest)."""
    from benchmarks.ecbplus import scores

    return max(GRID, key=lambda t: scores(runs[t], gold)["bcubed_f1"])


def topic_folds(gold: Sequence[str], *, size: int = FOLD_TOPICS) -> list[list[int]]:
    """Positions split into folds of ``size`` consecutive topics (gold labels "topic/...")."""
    topic = [int(label.split("/")[0]) for label in gold]
    ranked = sorted(set(topic))
    chunks = [set(ranked[start : start + size]) for start in range(0, len(ranked), size)]
    return [[i for i, t in enumerate(topic) if t in chunk] for chunk in chunks]


def out_of_fold(
    parts: Sequence[Ingredients], gold: Sequence[str], *, embed: bool, settings: StorySettings,
    inputs: Sequence[str] | None = None,
) -> list[tuple[tuple[list[int], list[ArticleFeatures], Pairs], list[str]]]:
    """For each fold of ``FOLD_TOPICS`` topics: the fold scored as one batch by the pair
    model fitted on the other topics (``scored_batch``), and the fold's gold labels."""
    folds = []
    for outside in topic_folds(gold):
        held = set(outside)
        inside = [i for i in range(len(parts)) if i not in held]
        fitted = fit_pair_model([parts[i] for i in inside], [gold[i] for i in inside],
                                embed=embed, settings=settings, inputs=inputs)
        folds.append((scored_batch([parts[i] for i in outside], settings=fitted, embed=embed),
                      [gold[i] for i in outside]))
    return folds


def pooled_best(
    folds: Sequence[tuple[tuple[list[int], list[ArticleFeatures], Pairs], list[str]]], *,
    settings: StorySettings, thresholds: Sequence[float],
) -> tuple[float, float]:
    """The threshold with the best BCubed F1 of the folds' clusterings pooled (labels kept
    apart by fold; ties: the lowest), and that F1."""
    from benchmarks.ecbplus import scores

    pooled_gold = [label for _, gold in folds for label in gold]
    best = (-1.0, 0.0)
    for t in thresholds:
        pooled = [f"{number}:{label}" for number, (scored, _) in enumerate(folds)
                  for label in labels_at(scored, settings=settings, threshold=t)]
        f1 = scores(pooled, pooled_gold)["bcubed_f1"]
        if f1 > best[0]:
            best = (f1, t)
    return best[1], best[0]


def oof_threshold(
    parts: Sequence[Ingredients], gold: Sequence[str], *, embed: bool, settings: StorySettings,
    inputs: Sequence[str] | None = None,
) -> float:
    """The threshold chosen on out-of-fold clusterings: for each fold of ``FOLD_TOPICS``
    topics, the pair model is fitted on the other topics and the fold clustered as one batch
    at every grid threshold; the grid value with the best pooled BCubed F1 is taken. A model
    is over-confident on its own training pairs, so the in-sample choice may sit too low for
    new topics."""
    folds = out_of_fold(parts, gold, embed=embed, settings=settings, inputs=inputs)
    return pooled_best(folds, settings=settings, thresholds=GRID)[0]


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
