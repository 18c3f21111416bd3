"""The batch clustering (crosscheck/stories/batch.py): the same stories in any order,
look-alike events apart, story ids stable, and the agglomeration exact."""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import numpy as np
import pytest

from crosscheck.records import Article
from crosscheck.settings import DEFAULT
from crosscheck.stories import StoryIndex, cluster
from crosscheck.stories.assign import assign_all
from crosscheck.stories.batch import (
    MERGE_FEATURES,
    GroupEvidence,
    Pairs,
    agglomerate,
    neighbour_pairs,
    neighbourhoods,
)
from crosscheck.stories.features import FIELDS, ArticleFeatures, SparseVector
from tests.test_stories import article

RIVERTOWN = [
    ("Floods close Rivertown highway",
     "Flooding closed the main highway between Rivertown and Lakeside on Tuesday after two "
     "days of heavy rain. Mayor Elena Brandt urged drivers to take the northern route and "
     "opened shelters at the Rivertown sports hall for families from the Corran valley."),
    ("Rivertown mayor opens shelters as river floods",
     "Mayor Elena Brandt of Rivertown opened emergency shelters in the sports hall after the "
     "Corran burst its banks and water covered the Lakeside highway, police said on Tuesday. "
     "Crews hope to reopen one lane on Thursday."),
    ("Corran floods cut road to Lakeside",
     "The road from Rivertown to Lakeside stayed shut on Tuesday as the Corran flooded fields "
     "and homes. Elena Brandt, the mayor, said about 200 families spent the night in the "
     "Rivertown sports hall."),
]
HOLLOWAY = [
    ("Floods close Holloway bridge",
     "Flooding closed the old bridge between Holloway and Pinecrest on Friday after a week "
     "of storms. Governor Marcus Feld sent the National Guard to Holloway and opened shelters "
     "in the Pinecrest high school for residents of the Tamar valley."),
    ("Governor Feld sends troops as Tamar floods",
     "Governor Marcus Feld ordered National Guard troops to Holloway on Friday after the Tamar "
     "river rose over the Pinecrest bridge, officials said. The high school in Pinecrest "
     "became a shelter."),
    ("Tamar floods strand Pinecrest residents",
     "Residents of Pinecrest were stranded on Friday when the Tamar flooded the bridge to "
     "Holloway. Marcus Feld, the governor, said 40 people were rescued by boat."),
]


def reports(texts: list[tuple[str, str]], outlet: str, published: str) -> list[Article]:
    return [article(text, title=title, outlet=f"{outlet}{n}", published=published)
            for n, (title, text) in enumerate(texts)]


def partition(stories) -> set[frozenset[str]]:
    return {frozenset(story.article_ids) for story in stories}


def text_cluster(articles: list[Article], *, settings=DEFAULT.stories):
    """The batch clustering without the embedding model (as on a machine without it)."""
    index = StoryIndex(settings=settings, use_embeddings=False)
    assign_all(index, articles, {}, batch=True)
    return index.stories()


def test_two_lookalike_floods_form_two_stories_in_any_order() -> None:
    rivertown = reports(RIVERTOWN, "r", "2024-03-05")
    holloway = reports(HOLLOWAY, "h", "2024-03-08")
    everything = rivertown + holloway
    expected = {frozenset(a.id for a in rivertown), frozenset(a.id for a in holloway)}
    for seed in range(4):
        shuffled = random.Random(seed).sample(everything, len(everything))
        assert partition(text_cluster(shuffled)) == expected


def test_a_story_id_is_its_first_article_in_the_given_order() -> None:
    rivertown = reports(RIVERTOWN, "r", "2024-03-05")
    for first in rivertown:
        ordered = [first, *(item for item in rivertown if item is not first)]
        [story] = text_cluster(ordered)
        assert story.id == first.id
        assert story.article_ids == tuple(item.id for item in ordered)


def test_a_later_batch_joins_the_story_and_keeps_its_id() -> None:
    rivertown = reports(RIVERTOWN, "r", "2024-03-05")
    holloway = reports(HOLLOWAY, "h", "2024-03-08")
    index = StoryIndex(use_embeddings=False)
    assign_all(index, rivertown[:2], {}, batch=True)
    [story] = index.stories()
    assign_all(index, [*holloway, rivertown[2]], {}, batch=True)
    joined = {item.id: item for item in index.stories()}
    assert joined[story.id].article_ids == tuple(item.id for item in rivertown)
    assert partition(index.stories()) == {
        frozenset(item.id for item in rivertown), frozenset(item.id for item in holloway)}


def test_a_batch_of_one_is_the_incremental_path() -> None:
    items = [*reports(RIVERTOWN, "r", "2024-03-05"), *reports(HOLLOWAY, "h", "2024-03-08")]
    one_by_one, batches_of_one = StoryIndex(use_embeddings=False), StoryIndex(use_embeddings=False)
    for item in items:
        one_by_one.assign(item)
        assign_all(batches_of_one, [item], {}, batch=True)
    assert one_by_one.stories() == batches_of_one.stories()


def test_a_copy_in_the_batch_joins_its_original_as_a_duplicate() -> None:
    rivertown = reports(RIVERTOWN, "r", "2024-03-05")
    copy = dataclasses.replace(rivertown[0], id="copy", outlet="paper", source="paper.txt")
    stories = text_cluster([*rivertown, copy])
    [story] = stories
    assert dict(story.duplicates) == {"copy": rivertown[0].id}


def test_cluster_rejects_an_unknown_method() -> None:
    with pytest.raises(ValueError, match="unknown clustering method"):
        cluster([], method="fastest")


@pytest.mark.parametrize("linkage", ["average", "weighted"])
def test_the_sparse_agglomeration_is_scipys_with_unscored_pairs_at_zero(linkage) -> None:
    from scipy.cluster.hierarchy import fcluster
    from scipy.cluster.hierarchy import linkage as scipy_linkage
    from scipy.spatial.distance import squareform

    rng = np.random.default_rng(3)
    count = 40
    first, second = np.triu_indices(count, 1)
    scored = rng.random(len(first)) < 0.3
    probability = rng.random(scored.sum()) ** 2
    pairs = Pairs(first[scored], second[scored], probability)
    dense = np.zeros((count, count))
    dense[pairs.first, pairs.second] = probability
    tree = scipy_linkage(squareform(1 - (dense + dense.T), checks=False), linkage)
    for threshold in (0.2, 0.4, 0.6):
        ours = agglomerate(count, pairs, threshold, linkage=linkage)
        theirs = fcluster(tree, 1 - threshold + 1e-12, "distance")
        assert _groups(ours) == _groups(theirs)


def _groups(labels) -> set[frozenset[int]]:
    found: dict[int, set[int]] = {}
    for position, label in enumerate(labels):
        found.setdefault(int(label), set()).add(position)
    return {frozenset(group) for group in found.values()}


@pytest.mark.data
def test_ecbplus_topics_cluster_the_same_in_two_orders(shared_data: Path) -> None:
    if not (shared_data / "ecbplus" / "ECB+").is_dir():
        pytest.skip("ECB+ not found in the evaluation data")
    from benchmarks import ecbplus

    articles = [doc.article for doc in ecbplus.load(range(1, 6))]
    shuffled = random.Random(1).sample(articles, len(articles))
    first, second = text_cluster(articles), text_cluster(shuffled)
    assert partition(first) == partition(second)
    assert 5 < len(first) < len(articles) / 3
    assert DEFAULT.stories.batch_linkage == "weighted"


def test_a_large_batch_is_clustered_in_chunks_that_join_the_stories_before_them() -> None:
    rivertown = reports(RIVERTOWN, "r", "2024-03-05")
    holloway = reports(HOLLOWAY, "h", "2024-03-08")
    chunked = dataclasses.replace(DEFAULT.stories, batch_chunk=2)
    index = StoryIndex(settings=chunked, use_embeddings=False)
    assign_all(index, [*rivertown, *holloway], {}, batch=True)  # chunks r0 r1 | r2 h0 | h1 h2
    assert partition(index.stories()) == {
        frozenset(item.id for item in rivertown), frozenset(item.id for item in holloway)}
    assert [story.id for story in index.stories()] == [rivertown[0].id, holloway[0].id]


class _Refuse:
    """A merge rule that refuses every proposal and records them."""

    def __init__(self) -> None:
        self.proposed: list[tuple[int, int, float]] = []

    def accept(self, first: int, second: int, link: float) -> bool:
        self.proposed.append((first, second, link))
        return False

    def merged(self, first: int, second: int, merged: int) -> None:
        raise AssertionError("a refused merge was made")


class _Accept(_Refuse):
    def accept(self, first: int, second: int, link: float) -> bool:
        super().accept(first, second, link)
        return True

    def merged(self, first: int, second: int, merged: int) -> None:
        pass


def _random_pairs(count: int, seed: int) -> Pairs:
    rng = np.random.default_rng(seed)
    first, second = np.triu_indices(count, 1)
    scored = rng.random(len(first)) < 0.3
    return Pairs(first[scored], second[scored], rng.random(scored.sum()) ** 2)


def test_a_merge_rule_decides_every_proposal_best_link_first() -> None:
    pairs = _random_pairs(30, seed=5)
    refuse = _Refuse()
    assert _groups(agglomerate(30, pairs, 0.3, linkage="weighted", rule=refuse)) == {
        frozenset([i]) for i in range(30)}
    links = [link for _, _, link in refuse.proposed]
    assert links == sorted(links, reverse=True) and min(links) >= 0.3
    accept = _Accept()
    assert agglomerate(30, pairs, 0.3, linkage="weighted", rule=accept) == agglomerate(
        30, pairs, 0.3, linkage="weighted")
    assert len(accept.proposed) == 30 - len(set(agglomerate(30, pairs, 0.3, linkage="weighted")))


def _features(article_id: str, *, persons: list[int], places: list[int],
              year: int | None) -> ArticleFeatures:
    def vector(ids: list[int]) -> SparseVector:
        return SparseVector(np.array(sorted(ids), np.int32), np.ones(len(ids), np.float32))

    vectors = {name: SparseVector.empty() for name in FIELDS}
    vectors["person"], vectors["where"] = vector(persons), vector(places)
    return ArticleFeatures(article_id, article_id, None, vectors, (), latest_year=year)


def test_group_evidence_weighs_cross_pairs_years_and_shared_names() -> None:
    features = [
        _features("a", persons=[1, 2], places=[7], year=2019),
        _features("b", persons=[2], places=[], year=2019),
        _features("c", persons=[2, 3], places=[7], year=2019),
        _features("d", persons=[4], places=[8], year=2020),
    ]
    pairs = Pairs(np.array([0, 0, 1]), np.array([1, 2, 3]), np.array([0.9, 0.6, 0.2]))
    evidence = GroupEvidence(features, pairs)
    evidence.merged(0, 1, 4)  # {a, b}
    row = dict(zip(MERGE_FEATURES, evidence.row(4, 2, 0.3)))  # against {c}: one scored pair
    assert row["link"] == 0.3 and row["mean"] == pytest.approx(0.3)
    assert (row["max"], row["min"], row["above_half"], row["scored"]) == (0.6, 0.6, 0.5, 0.5)
    assert row["small"] == 0 and row["large"] == pytest.approx(np.log(2))
    assert (row["year_same"], row["year_other"]) == (1.0, 0.0)
    assert row["person"] == pytest.approx(1 / 3) and row["where"] == 1.0
    row = dict(zip(MERGE_FEATURES, evidence.row(4, 3, 0.1)))  # against {d}
    assert (row["year_same"], row["year_other"], row["person"], row["where"]) == (0, 1, 0, 0)
    assert row["min"] == 0.2 and row["scored"] == 0.5


def test_a_learned_merge_decision_can_keep_every_article_alone_in_any_order() -> None:
    items = [*reports(RIVERTOWN, "r", "2024-03-05"), *reports(HOLLOWAY, "h", "2024-03-08")]
    never = dataclasses.replace(DEFAULT.stories, batch_merge_weights=(("link", 1.0),),
                                batch_merge_bias=-20.0)
    assert len(text_cluster(items, settings=never)) == len(items)
    always = dataclasses.replace(never, batch_merge_bias=20.0)
    assert partition(text_cluster(items, settings=always)) == partition(text_cluster(items))
    mild = dataclasses.replace(DEFAULT.stories, batch_merge_weights=tuple(
        (name, 1.0) for name in MERGE_FEATURES), batch_merge_bias=-2.0)
    expected = partition(text_cluster(items, settings=mild))
    for seed in range(3):
        shuffled = random.Random(seed).sample(items, len(items))
        assert partition(text_cluster(shuffled, settings=mild)) == expected


def test_neighbourhood_cosines_are_the_dense_rows_cosines() -> None:
    pairs = _random_pairs(25, seed=8)
    dense = np.eye(25)
    dense[pairs.first, pairs.second] = dense[pairs.second, pairs.first] = pairs.probability
    unit = dense / np.linalg.norm(dense, axis=1, keepdims=True)
    expected = (unit[pairs.first] * unit[pairs.second]).sum(axis=1)
    assert np.allclose(neighbourhoods(25, pairs), expected)


def test_the_neighbourhood_stage_rescores_pairs_from_the_first_stage() -> None:
    pairs = _random_pairs(25, seed=9)
    same = dataclasses.replace(DEFAULT.stories, batch_neighbour_bias=0.0,
                               batch_neighbour_weights=(("logit", 1.0), ("neighbours", 0.0)))
    assert np.allclose(neighbour_pairs(25, pairs, same).probability,
                       np.clip(pairs.probability, 1e-6, 1 - 1e-6))
    lifted = dataclasses.replace(same, batch_neighbour_weights=(("logit", 1.0),
                                                                ("neighbours", 2.0)))
    assert (neighbour_pairs(25, pairs, lifted).probability >= pairs.probability - 1e-9).all()
    items = [*reports(RIVERTOWN, "r", "2024-03-05"), *reports(HOLLOWAY, "h", "2024-03-08")]
    expected = partition(text_cluster(items, settings=lifted))
    shuffled = random.Random(2).sample(items, len(items))
    assert partition(text_cluster(shuffled, settings=lifted)) == expected


def test_the_gold_replay_merges_only_groups_of_one_story_and_labels_each_proposal() -> None:
    from benchmarks.ecbplus_batch import OracleMerge, topic_folds

    features = [_features(str(i), persons=[], places=[], year=None) for i in range(4)]
    pairs = Pairs(np.array([0, 1, 2]), np.array([1, 2, 3]), np.array([0.9, 0.8, 0.7]))
    gold = ["1/ecb", "1/ecb", "2/ecb", "2/ecb"]
    oracle = OracleMerge(features, pairs, gold)
    labels = agglomerate(4, pairs, 0.05, linkage="weighted", rule=oracle)
    assert _groups(labels) == {frozenset([0, 1]), frozenset([2, 3])}
    # (0, 1) at 0.9, then (2, 3) at 0.7 (the link {0, 1}-2 fell to 0.4), then {0, 1}-{2, 3}
    # at 0.2, refused
    assert oracle.labels == [1, 1, 0]
    assert [round(link, 3) for link in (row[0] for row in oracle.rows)] == [0.9, 0.7, 0.2]
    assert topic_folds(["3/ecb", "1/ecb", "7/ecbplus", "2/ecb"], size=2) == [[1, 3], [0, 2]]
