"""Fitting the pair models and scoring clusterings (used by benchmarks.ecbplus and the gate).

Training pairs come from replaying a labelled corpus through the incremental path with the
gold stories: each article is compared with the candidate stories the index would retrieve
for it (plus its own gold story), exactly the decision ``StoryIndex.assign`` makes later.
The batch clustering's article-pair model is fitted on the pairs its blocking would score
in a batch of the labelled corpus (``batch_pair_examples``).
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence

import numpy as np

from crosscheck.settings import StorySettings
from crosscheck.stories.batch import batch_features, candidate_pairs, pair_matrix, single_states
from crosscheck.stories.centroid import StoryState
from crosscheck.stories.centroid import similarity_matrix
from crosscheck.stories.features import FIELDS, PRESENCE, Ingredients, TermStats, featurize
from crosscheck.stories.index import StoryIndex


def feature_names(*, with_embeddings: bool) -> tuple[str, ...]:
    presence = tuple(f"has_{name}" for name in PRESENCE)
    scalars = ("conflict", "year_same", "year_other") + (("embed",) if with_embeddings else ())
    return FIELDS + presence + scalars


def pair_examples(
    parts: Sequence[Ingredients], gold: Sequence[str], *, settings: StorySettings,
    with_embeddings: bool,
) -> tuple[np.ndarray, np.ndarray]:
    """Similarity rows (article vs. candidate story) and labels (1 = its gold story)."""
    index = StoryIndex(settings=settings, use_embeddings=with_embeddings, detect_duplicates=False)
    names = feature_names(with_embeddings=with_embeddings)
    gold_state: dict[str, StoryState] = {}
    rows, labels = [], []
    for item, label in zip(parts, gold):
        features = featurize(item, index.stats, keep=index.keep, key_terms=settings.key_terms)
        candidates = {story.slot: story for story in index.candidates(features.keys)}
        if label in gold_state:
            candidates[gold_state[label].slot] = gold_state[label]
        stories = list(candidates.values())
        if stories:
            rows.extend(similarity_matrix(features, stories, names).tolist())
            labels.extend(int(story is gold_state.get(label)) for story in stories)
        state = gold_state.get(label) or index.new_story(features)
        gold_state[label] = state
        state.add(features, caps=index.caps)
        index.index_keys(state, features.keys)
    return np.array(rows, dtype=np.float64), np.array(labels)


def batch_pair_examples(
    parts: Sequence[Ingredients], gold: Sequence[str], *, settings: StorySettings,
    with_embeddings: bool,
) -> tuple[np.ndarray, np.ndarray]:
    """Similarity rows of the pairs a batch of these articles would score (blocking as in
    ``batch.score_pairs``) and labels (1 = same gold story): what the batch model is fitted on.
    Days apart are left out: the model's time penalty is set by hand, as for the stream."""
    order = sorted(range(len(parts)), key=lambda i: parts[i].article_id)
    features = batch_features([parts[i] for i in order], TermStats(), settings=settings)
    pairs = candidate_pairs(
        features, limit=settings.batch_candidates, posting_cap=settings.posting_cap
    )
    names = feature_names(with_embeddings=with_embeddings)
    rows, _ = pair_matrix(features, single_states(features, settings), pairs, names)
    labels = [int(gold[order[first]] == gold[order[second]]) for first, second in pairs]
    return rows, np.array(labels)


def bcubed(predicted: Sequence[str], gold: Sequence[str]) -> tuple[float, float, float]:
    """BCubed precision, recall and F1 of a clustering (labels per item)."""
    pairs = Counter(zip(predicted, gold))
    by_predicted, by_gold = Counter(predicted), Counter(gold)
    precision = sum(n * n / by_predicted[p] for (p, _), n in pairs.items()) / len(gold)
    recall = sum(n * n / by_gold[g] for (_, g), n in pairs.items()) / len(gold)
    return precision, recall, _f1(precision, recall)


def pairwise(predicted: Sequence[str], gold: Sequence[str]) -> tuple[float, float, float]:
    """Precision, recall and F1 over all pairs of items put (or meant to be) together."""
    def linked(labels: Sequence[str]) -> set[tuple[int, int]]:
        groups: dict[str, list[int]] = {}
        for position, label in enumerate(labels):
            groups.setdefault(label, []).append(position)
        return {pair for members in groups.values() for pair in itertools.combinations(members, 2)}

    ours, theirs = linked(predicted), linked(gold)
    both = len(ours & theirs)
    precision = both / len(ours) if ours else 1.0
    recall = both / len(theirs) if theirs else 1.0
    return precision, recall, _f1(precision, recall)


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0
