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
from crosscheck.stories.batch import Pairs, agglomerate
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



def fragment_features(items: list[Article]):
    from crosscheck.stories.features import TermStats, featurize, ingredients

    stats, settings = TermStats(), DEFAULT.stories
    return [featurize(ingredients(item, None), stats, keep=dict(settings.article_terms),
                      key_terms=settings.key_terms) for item in items]


def test_reports_left_alone_join_their_event_not_its_lookalike() -> None:
    from crosscheck.stories.batch import attach_fragments

    rivertown = reports(RIVERTOWN, "r", "2024-03-05")
    holloway = reports(HOLLOWAY, "h", "2024-03-08")
    brief_r = article("Rivertown mayor Elena Brandt opens sports hall shelters as Corran floods "
                      "the Lakeside highway.", outlet="brief-r", published="2024-03-05")
    brief_h = article("Governor Marcus Feld sends National Guard to Holloway as the Tamar floods "
                      "the Pinecrest bridge.", outlet="brief-h", published="2024-03-08")
    unrelated = article("Orchestra of Valmont names Ilse Novak its conductor for the season.",
                        outlet="brief-u", published="2024-03-06")
    features = fragment_features([*rivertown, *holloway, brief_r, brief_h, unrelated])
    # as agglomeration might leave them: the two events, and three reports alone
    labels = [0, 0, 0, 3, 3, 3, 6, 7, 8]
    assert attach_fragments(features, labels, DEFAULT.stories) == [0, 0, 0, 3, 3, 3, 0, 3, 8]
    off = dataclasses.replace(DEFAULT.stories, batch_fragment_size=0)
    assert attach_fragments(features, labels, off) == labels


def test_fragments_are_decided_against_the_groups_as_agglomeration_left_them() -> None:
    from crosscheck.stories.batch import attach_fragments

    rivertown = reports(RIVERTOWN, "r", "2024-03-05")
    brief = article("Elena Brandt opens Rivertown sports hall as the Corran floods.",
                    outlet="brief", published="2024-03-05")
    again = article("Elena Brandt opens Rivertown sports hall as the Corran floods again.",
                    outlet="brief2", published="2024-03-05")
    features = fragment_features([brief, again, *rivertown])
    # two fragments that fit each other best: both join the three-article group (a fragment
    # is never a target), and so in either order of the labels
    assert attach_fragments(features, [0, 1, 2, 2, 2], DEFAULT.stories) == [2, 2, 2, 2, 2]
    assert attach_fragments(features, [1, 0, 2, 2, 2], DEFAULT.stories) == [2, 2, 2, 2, 2]
