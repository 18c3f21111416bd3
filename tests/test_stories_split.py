"""The split pass over batch groups (crosscheck/stories/split.py): a group of two look-alike
events is cut in two, a coherent one is left whole, and the input order changes nothing."""

from __future__ import annotations

import dataclasses
import random

import numpy as np
import pytest

from crosscheck.settings import DEFAULT
from crosscheck.stories.batch import Pairs, neighbour_lists
from crosscheck.stories.features import FIELDS, ArticleFeatures, SparseVector
from crosscheck.stories.split import (
    SPLIT_FEATURES,
    bipartition,
    contrastive_similarity,
    proposed_split,
    spectral_bipartition,
    split_groups,
)
from tests.test_stories_batch import HOLLOWAY, RIVERTOWN, partition, reports, text_cluster

# Cut when the contrastive cosine within the halves exceeds that across the cut by 0.3.
CONTRAST = dataclasses.replace(
    DEFAULT.stories, batch_split_weights=(("contrast_within", 10.0), ("contrast_across", -10.0)),
    batch_split_bias=-3.0,
)


def _features(article_id: str, persons: list[int], *, year: int | None = None
              ) -> ArticleFeatures:
    vectors = {name: SparseVector.empty() for name in FIELDS}
    weights = np.ones(len(persons), np.float32) / np.sqrt(len(persons))
    vectors["person"] = SparseVector(np.array(sorted(persons), np.int32), weights)
    return ArticleFeatures(article_id, article_id, None, vectors, (), latest_year=year)


def _two_events() -> list[ArticleFeatures]:
    """Six reports naming the same two officials (1, 2); the first three also name 10 and
    11, the others 20 and 21; each names one person of its own (100 + position)."""
    return [_features(str(i), [1, 2, *((10, 11) if i < 3 else (20, 21)), 100 + i])
            for i in range(6)]


def test_terms_every_member_holds_weigh_nothing_within_the_group() -> None:
    similarity = contrastive_similarity(_two_events())
    assert similarity[:3, :3] == pytest.approx(np.ones((3, 3)))  # only 10 and 11 count
    assert similarity[:3, 3:] == pytest.approx(np.zeros((3, 3)))
    alike = [_features(str(i), [1, 2, 100 + i]) for i in range(4)]
    assert contrastive_similarity(alike) == pytest.approx(np.zeros((4, 4)))


def test_both_cuts_find_two_blocks_and_keep_the_first_member_on_the_false_side() -> None:
    rng = np.random.default_rng(3)
    blocks = np.kron(np.eye(2), np.ones((4, 4))) * 0.8 + rng.random((8, 8)) * 0.1
    blocks = (blocks + blocks.T) / 2
    shuffle = rng.permutation(8)
    mixed = blocks[np.ix_(shuffle, shuffle)]
    expected = shuffle >= 4 if shuffle[0] < 4 else shuffle < 4
    assert (bipartition(mixed) == expected).all()
    assert (spectral_bipartition(mixed) == expected).all()
    assert bipartition(np.ones((5, 5))).tolist() == [False, False, False, False, True]


def test_a_group_of_two_events_is_cut_and_a_coherent_group_is_not() -> None:
    features = _two_events()
    none = neighbour_lists(6, Pairs(np.empty(0, int), np.empty(0, int), np.empty(0)))
    side, row = proposed_split(features, list(range(6)), none, mix=0.0)
    assert side.tolist() == [False] * 3 + [True] * 3
    evidence = dict(zip(SPLIT_FEATURES, row))
    assert (evidence["contrast_within"], evidence["contrast_across"]) == pytest.approx((1, 0))
    assert evidence["balance"] == 0.5 and evidence["person"] == pytest.approx(2 / 12)
    assert split_groups(features, none, [0] * 6, CONTRAST) == [0, 0, 0, 1, 1, 1]
    # One event: each report shares a detail with the next (a ring), none splits the rest.
    ring = [_features(str(i), [1, 2, 10 + i, 10 + (i + 1) % 6, 100 + i]) for i in range(6)]
    assert split_groups(ring, none, [0] * 6, CONTRAST) == [0] * 6


def test_the_pass_is_off_without_weights_and_cuts_only_groups_within_its_sizes() -> None:
    features = _two_events()
    none = neighbour_lists(6, Pairs(np.empty(0, int), np.empty(0, int), np.empty(0)))
    assert split_groups(features, none, [0] * 6, DEFAULT.stories) == [0] * 6
    small = dataclasses.replace(CONTRAST, batch_split_min_size=7)
    assert split_groups(features, none, [0] * 6, small) == [0] * 6
    large = dataclasses.replace(CONTRAST, batch_split_max_size=5)
    assert split_groups(features, none, [0] * 6, large) == [0] * 6
    assert split_groups(features, none, [5, 5, 5, 2, 2, 2], CONTRAST) == [5, 5, 5, 2, 2, 2]


def test_two_lookalike_floods_joined_by_a_low_threshold_are_split_in_any_order() -> None:
    items = [*reports(RIVERTOWN, "r", "2024-03-05"), *reports(HOLLOWAY, "h", "2024-03-08")]
    low = dataclasses.replace(DEFAULT.stories, batch_threshold_text=0.0,
                              batch_min_probability=0.0)
    assert len(text_cluster(items, settings=low)) == 1
    expected = {frozenset(a.id for a in items[:3]), frozenset(a.id for a in items[3:])}
    split = dataclasses.replace(CONTRAST, batch_threshold_text=0.0, batch_min_probability=0.0)
    for seed in range(4):
        shuffled = random.Random(seed).sample(items, len(items))
        assert partition(text_cluster(shuffled, settings=split)) == expected


def test_split_examples_label_a_cut_by_whether_it_raises_bcubed() -> None:
    from benchmarks.ecbplus_batch import split_examples

    features = _two_events()
    first, second = np.triu_indices(6, 1)
    pairs = Pairs(first, second, np.full(len(first), 0.9))
    settings = dataclasses.replace(DEFAULT.stories, batch_split_min_size=4)
    two = ["1/ecb"] * 3 + ["1/ecbplus"] * 3
    rows, labels = split_examples(([0, 1, 2, 3, 4, 5], features, pairs), two,
                                  settings=settings, threshold=0.5)
    assert labels == [1] and len(rows) == 1  # the halves are too small to cut again
    rows, labels = split_examples(([0, 1, 2, 3, 4, 5], features, pairs), ["1/ecb"] * 6,
                                  settings=settings, threshold=0.5)
    assert labels == [0]
