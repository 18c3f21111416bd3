"""The batch clustering on ECB+ (crosscheck/stories/batch.py): fitting, CV and held-out runs.

Used by ``python -m benchmarks.ecbplus --batch [--cv | --calibrate] [--no-embed]``. The
article-pair model is fitted on the pairs a batch of the training topics would score
(blocking as in the library), its threshold is the grid value with the best BCubed F1 on
the training topics clustered as one batch; the test topics are then clustered as one batch.
A batch does not depend on the order of its articles, so one order is scored (``check_order``
confirms it on a shuffled order). ``--batch-threshold-by`` picks another fit: the threshold
from pooled out-of-fold clusterings, a learned merge decision, neighbourhood evidence, or a
split pass over the groups (``fit_batch``; ``fit_split``, options ``SplitFit``).
"""

from __future__ import annotations

import dataclasses
import itertools
from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np

from crosscheck.settings import StorySettings
from crosscheck.stories.batch import (
    MERGE_FEATURES,
    GroupEvidence,
    Pairs,
    agglomerate,
    batch_features,
    cluster_batch,
    merge_rule,
    neighbour_lists,
    neighbour_pairs,
    neighbourhoods,
    score_pairs,
    uses_embeddings,
)
from crosscheck.stories.calibrate import batch_pair_examples, feature_names
from crosscheck.stories.features import ArticleFeatures, Ingredients, TermStats
from crosscheck.stories.index import PairModel
from crosscheck.stories.split import SPLIT_FEATURES, proposed_split, split_groups

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
THRESHOLD_BY = ("in-sample", "out-of-fold", "learned-merge", "neighbours", "split")
# The learned merge decision (fit_merge): the oracle replay's link floor, then the grids the
# link threshold and the merge model's threshold are chosen on.
MERGE_FLOOR = 0.05
MERGE_FLOORS = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3]
MERGE_GRID = [0.3, 0.4, 0.5, 0.6, 0.7]
# The split pass (fit_split): the grid its decision's threshold is chosen on.
SPLIT_GRID = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]


@dataclasses.dataclass(frozen=True)
class SplitFit:
    """How the split decision is fitted: the out-of-fold groups it learns from are made at
    the link threshold plus each of ``offsets`` (a lower threshold makes more groups that
    join two look-alike events: the cuts worth taking are rare at the threshold itself);
    ``balanced``: the two labels weigh alike in the fit (sklearn's class_weight);
    ``exclude``: evidence left out of the model (its weight 0)."""

    offsets: tuple[float, ...] = (0.0,)
    balanced: bool = False
    exclude: tuple[str, ...] = ()


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
    groups = agglomerate(len(order), pairs, threshold, linkage=settings.batch_linkage,
                         rule=merge_rule(features, pairs, settings))
    if settings.batch_split_weights:
        groups = split_groups(features, neighbour_lists(len(order), pairs), groups, settings)
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
    split_fit: SplitFit = SplitFit(),
) -> StorySettings:
    """The article-pair model fitted on these documents, then its threshold: the grid value
    with the best BCubed F1 of the training documents clustered as one batch ("in-sample"),
    or of their out-of-fold clusterings pooled ("out-of-fold", ``oof_threshold``); or a
    learned merge decision with it, both chosen out of fold ("learned-merge", ``fit_merge``);
    or the in-sample threshold and a split pass fitted out of fold ("split", ``fit_split``)."""
    fitted = fit_pair_model(parts, gold, embed=embed, settings=settings, inputs=inputs)
    if threshold_by == "learned-merge":
        return fit_merge(parts, gold, embed=embed, settings=fitted, inputs=inputs)
    if threshold_by == "neighbours":
        return fit_neighbours(parts, gold, embed=embed, settings=fitted, inputs=inputs)
    if threshold_by == "split":
        best = best_threshold(batch_labels(parts, settings=fitted, embed=embed,
                                           thresholds=GRID), gold)
        fitted = dataclasses.replace(fitted, **{f"batch_threshold_{suffix(fitted, embed)}": best})
        return fit_split(parts, gold, embed=embed, settings=fitted, inputs=inputs,
                         fit=split_fit)
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


class OracleMerge(GroupEvidence):
    """Replays an agglomeration merging just the groups whose majority gold stories agree
    (ties: the first label), recording each proposal's evidence and that label."""

    def __init__(self, features: Sequence[ArticleFeatures], pairs: Pairs,
                 gold: Sequence[str]) -> None:
        super().__init__(features, pairs)
        self.stories = {i: Counter([label]) for i, label in enumerate(gold)}
        self.rows: list[np.ndarray] = []
        self.labels: list[int] = []

    def majority(self, group: int) -> str:
        counts = self.stories[group]
        return min(counts, key=lambda label: (-counts[label], label))

    def accept(self, first: int, second: int, link: float) -> bool:
        same = self.majority(first) == self.majority(second)
        self.rows.append(self.row(first, second, link))
        self.labels.append(int(same))
        return same

    def merged(self, first: int, second: int, merged: int) -> None:
        super().merged(first, second, merged)
        stories = self.stories.pop(first)
        stories.update(self.stories.pop(second))
        self.stories[merged] = stories


def _fit_merge_model(
    settings: StorySettings, rows: Sequence[np.ndarray], labels: Sequence[int]
) -> StorySettings:
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=REGULARISATION, max_iter=2000).fit(np.array(rows), labels)
    return dataclasses.replace(
        settings,
        batch_merge_weights=tuple((name, round(float(w), 3))
                                  for name, w in zip(MERGE_FEATURES, model.coef_[0])),
        batch_merge_bias=round(float(model.intercept_[0]), 3),
    )


def fit_neighbours(
    parts: Sequence[Ingredients], gold: Sequence[str], *, embed: bool, settings: StorySettings,
    inputs: Sequence[str] | None = None,
) -> StorySettings:
    """``settings`` (their pair model fitted on these documents) with the second stage of
    neighbourhood evidence (``batch.neighbour_pairs``), fitted on the out-of-fold scored
    pairs (``out_of_fold``: the first stage is over-confident on its own training pairs),
    and the threshold chosen by the pooled out-of-fold BCubed F1 with it."""
    from sklearn.linear_model import LogisticRegression

    folds = out_of_fold(parts, gold, embed=embed, settings=settings, inputs=inputs)
    rows, labels = [], []
    for (order, _, pairs), fold_gold in folds:
        p = np.clip(pairs.probability, 1e-6, 1 - 1e-6)
        rows.append(np.column_stack([np.log(p / (1 - p)), neighbourhoods(len(order), pairs)]))
        ranked = [fold_gold[i] for i in order]
        labels.extend(int(ranked[a] == ranked[b])
                      for a, b in zip(pairs.first.tolist(), pairs.second.tolist()))
    model = LogisticRegression(C=REGULARISATION, max_iter=2000).fit(np.vstack(rows), labels)
    fitted = dataclasses.replace(
        settings,
        batch_neighbour_weights=(("logit", round(float(model.coef_[0][0]), 3)),
                                 ("neighbours", round(float(model.coef_[0][1]), 3))),
        batch_neighbour_bias=round(float(model.intercept_[0]), 3),
    )
    rescored = [((order, features, neighbour_pairs(len(order), pairs, fitted)), fold_gold)
                for (order, features, pairs), fold_gold in folds]
    threshold = pooled_best(rescored, settings=fitted, thresholds=GRID)[0]
    return dataclasses.replace(fitted, **{f"batch_threshold_{suffix(fitted, embed)}": threshold})


def fit_merge(
    parts: Sequence[Ingredients], gold: Sequence[str], *, embed: bool, settings: StorySettings,
    inputs: Sequence[str] | None = None,
) -> StorySettings:
    """``settings`` (their pair model fitted on these documents) with a learned merge
    decision: the out-of-fold scored folds (``out_of_fold``) are agglomerated down to
    ``MERGE_FLOOR`` by the gold rule (``OracleMerge``), a logistic model is fitted on the
    proposals seen, then the link threshold and the merge model's threshold are chosen
    together by the pooled out-of-fold BCubed F1."""
    folds = out_of_fold(parts, gold, embed=embed, settings=settings, inputs=inputs)
    rows, labels = [], []
    for (order, features, pairs), fold_gold in folds:
        oracle = OracleMerge(features, pairs, [fold_gold[i] for i in order])
        agglomerate(len(order), pairs, MERGE_FLOOR, linkage=settings.batch_linkage,
                    rule=oracle)
        rows.extend(oracle.rows)
        labels.extend(oracle.labels)
    fitted = _fit_merge_model(settings, rows, labels)
    mode = suffix(settings, embed)
    best = (-1.0, fitted)
    for cut in MERGE_GRID:
        trial = dataclasses.replace(fitted, batch_merge_threshold=cut)
        threshold, f1 = pooled_best(folds, settings=trial, thresholds=MERGE_FLOORS)
        if f1 > best[0]:
            best = (f1, dataclasses.replace(trial, **{f"batch_threshold_{mode}": threshold}))
    return best[1]


def split_examples(
    scored: tuple[list[int], list[ArticleFeatures], Pairs], gold: Sequence[str], *,
    settings: StorySettings, threshold: float,
) -> tuple[list[np.ndarray], list[int]]:
    """The split pass's proposals on one scored fold agglomerated at ``threshold``: each
    group's proposed cut, labelled 1 when taking it raises the fold's BCubed F1; a taken
    cut's halves are proposed again (as the pass recurses)."""
    from benchmarks.ecbplus import scores

    order, features, pairs = scored
    neighbours = neighbour_lists(len(order), pairs)
    ranked = [gold[i] for i in order]
    labels = agglomerate(len(order), pairs, threshold, linkage=settings.batch_linkage,
                         rule=merge_rule(features, pairs, settings))
    groups: dict[int, list[int]] = {}
    for position, label in enumerate(labels):
        groups.setdefault(label, []).append(position)
    rows: list[np.ndarray] = []
    decided: list[int] = []
    fresh = max(labels, default=-1) + 1
    pending = sorted(groups.values())
    while pending:
        members = pending.pop()
        if not settings.batch_split_min_size <= len(members) <= settings.batch_split_max_size:
            continue
        side, row = proposed_split(features, members, neighbours, mix=settings.batch_split_mix,
                                   method=settings.batch_split_method)
        cut = list(labels)
        for position, right in zip(members, side):
            if right:
                cut[position] = fresh
        gain = (scores([str(x) for x in cut], ranked)["bcubed_f1"]
                - scores([str(x) for x in labels], ranked)["bcubed_f1"])
        rows.append(row)
        decided.append(int(gain > 0))
        if gain > 0:
            labels, fresh = cut, fresh + 1
            pending.extend([m for m, right in zip(members, side) if right == flag]
                           for flag in (False, True))
    return rows, decided


def fit_split(
    parts: Sequence[Ingredients], gold: Sequence[str], *, embed: bool, settings: StorySettings,
    inputs: Sequence[str] | None = None, fit: SplitFit = SplitFit(),
) -> StorySettings:
    """``settings`` (pair model and link threshold fitted on these documents) with a split
    pass: the out-of-fold scored folds (``out_of_fold``) are agglomerated at the link
    threshold plus each of ``fit.offsets``, a logistic model is fitted on their groups'
    proposed cuts labelled by the gold (``split_examples``), and its threshold is chosen by
    the pooled out-of-fold BCubed F1 at the link threshold (the pass left off when no
    threshold beats no pass)."""
    from sklearn.linear_model import LogisticRegression

    folds = out_of_fold(parts, gold, embed=embed, settings=settings, inputs=inputs)
    threshold = getattr(settings, f"batch_threshold_{suffix(settings, embed)}")
    rows, labels = [], []
    for (scored, fold_gold), offset in itertools.product(folds, fit.offsets):
        more_rows, more_labels = split_examples(scored, fold_gold, settings=settings,
                                                threshold=round(threshold + offset, 3))
        rows.extend(more_rows)
        labels.extend(more_labels)
    if len(set(labels)) < 2:
        return settings  # nothing to learn: the pass stays off
    model = LogisticRegression(C=REGULARISATION, max_iter=2000,
                               class_weight="balanced" if fit.balanced else None)
    names = [name for name in SPLIT_FEATURES if name not in fit.exclude]
    columns = [SPLIT_FEATURES.index(name) for name in names]
    model.fit(np.array(rows)[:, columns], labels)
    fitted = dataclasses.replace(
        settings,
        batch_split_weights=tuple((name, round(float(w), 3))
                                  for name, w in zip(names, model.coef_[0])),
        batch_split_bias=round(float(model.intercept_[0]), 3),
    )
    best = (pooled_best(folds, settings=settings, thresholds=[threshold])[1], settings)
    for cut in SPLIT_GRID:  # the pass is left off unless a cut threshold beats no pass
        trial = dataclasses.replace(fitted, batch_split_threshold=cut)
        f1 = pooled_best(folds, settings=trial, thresholds=[threshold])[1]
        if f1 > best[0]:
            best = (f1, trial)
    return best[1]


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
