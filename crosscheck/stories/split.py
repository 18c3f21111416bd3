"""A split pass over batch groups: a group that holds two look-alike events is cut in two.

The pair model compares two articles against the whole batch's statistics, so the words
of a kind of event ("earthquake", "magnitude", "killed") weigh as much between two
look-alike events of a topic as within one, and agglomeration can join the two. Within one
group those shared words carry no information: the pass re-weighs each member's terms by
an IDF over the group's own members (``contrastive_similarity``), so terms every member
holds vanish and the names, places, numbers and years that only part of the group shares
dominate. The group is cut in two on that similarity, optionally mixed with the pair
model's probabilities (``bipartition``: average link down to two clusters), and a logistic
model over evidence about the cut (``SPLIT_FEATURES``) decides whether to take it. Halves
are split again while the model accepts.

Members are taken in article-id order and ties go to the lower position, so the outcome
is a function of the group's set of articles. Off by default (``batch_split_weights``
empty); fitted and cross-validated by ``benchmarks.ecbplus --batch --cv
--batch-threshold-by split``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from crosscheck.settings import StorySettings
from crosscheck.stories.features import FIELDS, ArticleFeatures

# The evidence the split decision weighs (``split_row``).
SPLIT_FEATURES = (
    "contrast_within", "contrast_across", "p_within", "p_across", "balance", "size",
    "year_other", "person", "where", "contrast_z", "p_z",
)
# Random cuts a proposed cut's gaps are compared with (``standing``); the seed is fixed so
# that the evidence is a function of the group.
RANDOM_CUTS = 100


def contrastive_similarity(features: Sequence[ArticleFeatures]) -> np.ndarray:
    """Cosines between members whose sub-vectors (all ``FIELDS``, kept apart by field) are
    re-weighed by the group's own IDF, log(members / members holding the term): a term in
    every member weighs 0, one shared by half of them log 2."""
    columns: dict[tuple[int, int], int] = {}
    cells: list[tuple[int, int, float]] = []
    for row, item in enumerate(features):
        for number, name in enumerate(FIELDS):
            vector = item.vectors[name]
            for term, weight in zip(vector.ids.tolist(), vector.weights.tolist()):
                column = columns.setdefault((number, term), len(columns))
                cells.append((row, column, weight))
    matrix = np.zeros((len(features), len(columns)))
    for row, column, weight in cells:
        matrix[row, column] = weight
    held = np.count_nonzero(matrix, axis=0)
    # A term of one member alone links no pair; it would only lengthen that member's vector.
    matrix *= np.where(held > 1, np.log(len(features) / np.maximum(held, 1)), 0.0)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    matrix = np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)
    return matrix @ matrix.T


def bipartition(similarity: np.ndarray) -> np.ndarray:
    """A 2-way cut of the members: average-link agglomeration on ``similarity`` until two
    clusters remain (the best link merges first; ties: the lower positions). Returns, per
    member, whether it is on the side without the first member."""
    count = len(similarity)
    sums = similarity.astype(float).copy()
    sizes = np.ones(count)
    alive = np.ones(count, bool)
    owner = np.arange(count)
    for _ in range(count - 2):
        links = sums / np.outer(sizes, sizes)
        links[~alive, :] = -np.inf
        links[:, ~alive] = -np.inf
        links[np.tril_indices(count)] = -np.inf
        first, second = np.unravel_index(int(np.argmax(links)), links.shape)
        sums[first] += sums[second]
        sums[:, first] += sums[:, second]
        sizes[first] += sizes[second]
        alive[second] = False
        owner[owner == second] = first
    return owner != owner[0]


def spectral_bipartition(similarity: np.ndarray) -> np.ndarray:
    """A 2-way cut by the sign of the Fiedler vector of the normalised Laplacian of the
    similarity graph (negative similarities 0): a normalised cut, which favours halves of
    comparable weight where average link peels off one outlier. Same return as
    ``bipartition``."""
    weights = np.clip(similarity, 0.0, None)
    np.fill_diagonal(weights, 0.0)
    degree = weights.sum(axis=1) + 1e-9
    scale = 1.0 / np.sqrt(degree)
    laplacian = np.eye(len(weights)) - scale[:, None] * weights * scale[None, :]
    _, vectors = np.linalg.eigh(laplacian)
    fiedler = vectors[:, 1] * scale
    return (fiedler > 0) != (fiedler[0] > 0)


def group_probabilities(members: Sequence[int], neighbours: Sequence[dict[int, float]]
                        ) -> np.ndarray:
    """The pair model's probabilities among ``members`` (unscored pairs 0, diagonal 1)."""
    matrix = np.eye(len(members))
    for row, position in enumerate(members):
        for column, other in enumerate(members):
            if row != column:
                matrix[row, column] = neighbours[position].get(other, 0.0)
    return matrix


def split_row(features: Sequence[ArticleFeatures], contrast: np.ndarray,
              probability: np.ndarray, side: np.ndarray) -> np.ndarray:
    """The values of ``SPLIT_FEATURES`` for cutting a group along ``side``: the mean
    contrastive cosine and pair probability within the halves and across the cut; the
    smaller half's share; the group's size (log); the share of dated pairs across the cut
    whose latest years differ; the overlap (Jaccard) of the halves' person and place
    terms; how far the cut's two gaps (within minus across) stand out from random cuts'."""
    within, across = _masks(side)
    halves = [[item for item, right in zip(features, side) if right == flag]
              for flag in (False, True)]
    return np.array([
        contrast[within].mean(), contrast[across].mean(),
        probability[within].mean(), probability[across].mean(),
        min(side.sum(), (~side).sum()) / len(side), np.log(len(side)),
        _years_differ(*halves), _jaccard(*(_terms(half, "person") for half in halves)),
        _jaccard(*(_terms(half, "where") for half in halves)),
        *standing(side, contrast, probability),
    ])


def _masks(side: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs within the halves (the diagonal left out) and pairs across the cut."""
    across = np.not_equal.outer(side, side)
    within = ~across
    np.fill_diagonal(within, False)
    return within, across


def standing(side: np.ndarray, *similarities: np.ndarray) -> list[float]:
    """For each similarity, the z-score of the cut's gap (mean within the halves minus mean
    across) among ``RANDOM_CUTS`` random cuts of the same sizes. Any cut of a group has some
    gap, and the best of many grows with the group's noise; a group of two events has a cut
    that stands far above chance."""
    rng = np.random.default_rng(0)
    cuts = [rng.permutation(side) for _ in range(RANDOM_CUTS)]
    scores = []
    for similarity in similarities:
        chance = np.array([_gap(similarity, cut) for cut in cuts])
        spread = chance.std()
        scores.append((_gap(similarity, side) - chance.mean()) / spread if spread > 0 else 0.0)
    return scores


def _gap(similarity: np.ndarray, side: np.ndarray) -> float:
    within, across = _masks(side)
    return float(similarity[within].mean() - similarity[across].mean())


def _years_differ(mine: Sequence[ArticleFeatures], theirs: Sequence[ArticleFeatures]) -> float:
    dated = [(a.latest_year, b.latest_year) for a in mine for b in theirs
             if a.latest_year is not None and b.latest_year is not None]
    return sum(a != b for a, b in dated) / len(dated) if dated else 0.0


def _terms(half: Sequence[ArticleFeatures], name: str) -> set[int]:
    return {term for item in half for term in item.vectors[name].ids.tolist()}


def _jaccard(mine: set[int], theirs: set[int]) -> float:
    union = len(mine | theirs)
    return len(mine & theirs) / union if union else 0.0


def proposed_split(features: Sequence[ArticleFeatures], members: Sequence[int],
                   neighbours: Sequence[dict[int, float]], *, mix: float,
                   method: str = "average") -> tuple[np.ndarray, np.ndarray]:
    """A group's proposed cut (True: the side without its first member) and its evidence.
    The cut is made on the contrastive cosine mixed with the pair probabilities (``mix``
    of the latter), by ``method``: "average" (``bipartition``) or "spectral"."""
    group = [features[position] for position in members]
    contrast = contrastive_similarity(group)
    probability = group_probabilities(members, neighbours)
    cut = spectral_bipartition if method == "spectral" else bipartition
    side = cut((1 - mix) * contrast + mix * probability)
    return side, split_row(group, contrast, probability, side)


class SplitDecision:
    """Take a proposed cut when a logistic model over its evidence gives at least
    ``batch_split_threshold`` (weights ``batch_split_weights``, see StorySettings)."""

    def __init__(self, settings: StorySettings) -> None:
        weights = dict(settings.batch_split_weights)
        self.weights = np.array([weights.get(name, 0.0) for name in SPLIT_FEATURES])
        self.bias = settings.batch_split_bias
        self.threshold = settings.batch_split_threshold

    def probability(self, row: np.ndarray) -> float:
        logit = self.bias + float(row @ self.weights)
        return float(1.0 / (1.0 + np.exp(-np.clip(logit, -50, 50))))

    def accept(self, row: np.ndarray) -> bool:
        return self.probability(row) >= self.threshold


def split_group(features: Sequence[ArticleFeatures], members: list[int],
                neighbours: Sequence[dict[int, float]], decision: SplitDecision, *,
                settings: StorySettings) -> list[list[int]]:
    """A group (positions in id order) as the parts the pass leaves: cut while the decision
    accepts and a part has from ``batch_split_min_size`` to ``batch_split_max_size``
    members (the cut costs the cube of a group's size)."""
    if not settings.batch_split_min_size <= len(members) <= settings.batch_split_max_size:
        return [members]
    side, row = proposed_split(features, members, neighbours, mix=settings.batch_split_mix,
                               method=settings.batch_split_method)
    if not decision.accept(row):
        return [members]
    halves = [[m for m, right in zip(members, side) if right == flag] for flag in (False, True)]
    return [part for half in halves
            for part in split_group(features, half, neighbours, decision, settings=settings)]


def split_groups(features: Sequence[ArticleFeatures], neighbours: Sequence[dict[int, float]],
                 labels: Sequence[int], settings: StorySettings) -> list[int]:
    """Labels after the split pass (``labels``: a group number per position, positions in
    article-id order). A part cut off a group takes a new number above all others, parts
    numbered in the order of their first position."""
    if not settings.batch_split_weights:
        return list(labels)
    decision = SplitDecision(settings)
    groups: dict[int, list[int]] = {}
    for position, label in enumerate(labels):
        groups.setdefault(label, []).append(position)
    result = list(labels)
    fresh = max(labels, default=-1) + 1
    for label in sorted(groups, key=lambda key: groups[key][0]):
        parts = split_group(features, groups[label], neighbours, decision, settings=settings)
        for part in parts[1:]:
            for position in part:
                result[position] = fresh
            fresh += 1
    return result
