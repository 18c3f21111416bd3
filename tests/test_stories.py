"""Near-duplicates and incremental story clustering: hand-made records first, seeds last."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from crosscheck.records import Article, content_id
from crosscheck.stories import StoryIndex, assign_articles, cluster, find_duplicates

WIRE = (
    "Flooding closed the main highway between Rivertown and Lakeside on Tuesday after two days "
    "of heavy rain, the regional transport office said. Crews expect to reopen one lane by "
    "Thursday. Mayor Elena Brandt urged drivers to use the northern route and said emergency "
    "shelters at the Rivertown sports hall would stay open overnight for families whose homes "
    "were damaged. The weather service warned that more rain could fall over the weekend and "
    "asked residents near the Corran river to move cars and valuables to higher ground."
)


def article(text: str, *, title: str = "", published: str | None = None, outlet: str = "x"):
    return Article(
        id=content_id(outlet, title, text), source=f"{outlet}.txt", format="text",
        text=(title + "\n" + text) if title else text, title=title, outlet=outlet,
        published=published,
    )


def edited(text: str, swaps: dict[str, str]) -> str:
    for old, new in swaps.items():
        text = text.replace(old, new)
    return text


def test_find_duplicates_links_copies_to_the_earliest() -> None:
    later = article(WIRE, published="2024-03-06", outlet="paper-a")
    original = article(
        edited(WIRE, {"Tuesday": "Tuesday morning", "urged": "asked"}),
        published="2024-03-05", outlet="wire",
    )
    other = article(
        "The city council approved a new budget for public libraries on Monday, adding "
        "evening hours at four branches and a mobile library for outlying villages.",
        published="2024-03-04", outlet="paper-b",
    )
    assert find_duplicates([later, original, other]) == {later.id: original.id}


def test_find_duplicates_prefers_input_order_when_undated() -> None:
    first, second = article(WIRE, outlet="a"), article(WIRE + " More soon.", outlet="b")
    assert find_duplicates([first, second]) == {second.id: first.id}


def test_a_copy_joins_its_original_story_as_a_duplicate() -> None:
    index = StoryIndex(use_embeddings=False)
    original = article(WIRE, title="Floods close highway", outlet="wire")
    copy = article(WIRE, title="Highway shut by floods", outlet="paper")
    story_id = index.assign(original)
    assert index.assign(copy) == story_id
    [story] = index.stories()
    assert story.id == original.id
    assert story.article_ids == (original.id, copy.id)
    assert dict(story.duplicates) == {copy.id: original.id}


def test_an_unrelated_article_starts_its_own_story_and_ids_stay_stable() -> None:
    index = StoryIndex(use_embeddings=False)
    flood = article(WIRE, title="Floods close highway", outlet="wire")
    budget = article(
        "The city council of Marbury approved a new budget for public libraries on Monday. "
        "Councillor Tom Okafor said evening hours at four branches would begin in May.",
        title="Marbury council backs library budget", outlet="paper",
    )
    first = index.assign(flood)
    second = index.assign(budget)
    assert (first, second) == (flood.id, budget.id)
    assert {story.id for story in index.stories()} == {flood.id, budget.id}


def test_cluster_is_the_incremental_path_in_order() -> None:
    flood = article(WIRE, title="Floods close highway", outlet="wire")
    copy = article(WIRE, title="Highway shut by floods", outlet="paper")
    stories = cluster([flood, copy])
    assert [story.article_ids for story in stories] == [(flood.id, copy.id)]


def test_assign_articles_keeps_stored_stories_and_their_ids() -> None:
    from crosscheck.store import Database

    flood = article(WIRE, title="Floods close highway", outlet="wire")
    copy = article(WIRE, title="Highway shut by floods", outlet="paper")
    with Database() as db:
        for item in (flood, copy):
            db.add_article(item)
        assign_articles(db, [flood])
        assert [story.id for story in db.stories()] == [flood.id]
        assign_articles(db, [copy])  # a later ingest: the index is restored from the store
        [story] = db.stories()
        assert story.id == flood.id
        assert story.article_ids == (flood.id, copy.id)
        assert dict(story.duplicates) == {copy.id: flood.id}


# --- the seeds, and a look-alike event written for this test -----------------------------

LOOKALIKE_TITLE = "Kenya and Tanzania form joint border force after attacks near Lake Natron"
LOOKALIKE = """President William Ruto of Kenya said on Thursday that a joint military task force \
with Tanzania will deploy to the shared border near Lake Natron after a series of cross-border \
raids by armed groups.
The Kenyan Defence Forces said the task force includes more than 800 troops from both countries \
and has already begun forming at a base outside Namanga.
Tanzanian President Samia Suluhu Hassan agreed to the deployment during a meeting in Arusha, \
the Daily Nation reported, and said more soldiers could follow within weeks.
"This is about protecting herders and traders on both sides," Ruto told reporters in Nairobi.
Opposition leader Raila Odinga questioned the cost of the mission and asked parliament to \
review it."""


def seed_articles(seeds: Path, *, cleaned: bool) -> list[Article]:
    from crosscheck.readers import read_path

    articles = [item for item in read_path(seeds) if isinstance(item, Article)]
    if not cleaned:  # clustering must cope with raw text too (boilerplate and all)
        return articles
    clean = pytest.importorskip("crosscheck.clean")
    if not hasattr(clean, "clean_article"):
        pytest.skip("crosscheck.clean.clean_article not there yet")
    return [clean.clean_article(item) for item in articles]


@pytest.mark.data
@pytest.mark.model
@pytest.mark.parametrize("cleaned", [False, True], ids=["raw", "cleaned"])
def test_seeds_form_one_story_and_a_lookalike_event_does_not_join(
    seeds: Path, cleaned: bool
) -> None:
    from crosscheck.analyze import analyze_article

    articles = seed_articles(seeds, cleaned=cleaned)
    assert len(articles) == 2
    lookalike = article(LOOKALIKE, title=LOOKALIKE_TITLE, published="2023-05-11", outlet="test")
    everything = [*articles, lookalike]
    analyses = {item.id: analyze_article(item) for item in everything}
    stories = cluster(everything, analyses)
    by_article = {article_id: story.id for story in stories for article_id in story.article_ids}
    assert by_article[articles[0].id] == by_article[articles[1].id]
    assert by_article[lookalike.id] != by_article[articles[0].id]
    # Order must not matter: the look-alike first, then the seeds.
    stories = cluster([lookalike, *articles], analyses)
    assert len(stories) == 2


@pytest.mark.data
def test_seeds_form_one_story_without_an_analysis(seeds: Path) -> None:
    articles = seed_articles(seeds, cleaned=False)
    lookalike = article(LOOKALIKE, title=LOOKALIKE_TITLE, outlet="test")
    stories = cluster([*articles, lookalike])
    sizes = sorted(len(story.article_ids) for story in stories)
    assert sizes == [1, 2]


def test_dates_far_apart_keep_similar_texts_apart() -> None:
    # The same wording a month later is another event unless the text is a copy.
    index = StoryIndex(use_embeddings=False, detect_duplicates=False)
    march = article(WIRE, title="Floods close highway", published="2024-03-05", outlet="a")
    april = dataclasses.replace(
        article(WIRE, title="Floods close highway again", published="2024-04-20", outlet="b")
    )
    assert index.assign(march) != index.assign(april)


# --- numbers and the things they count ------------------------------------------------------


def test_numbers_leave_out_years_and_read_number_words() -> None:
    from crosscheck.stories.features import numbers

    found = numbers("In 2012 the 36-year-old won in the sixth round, 58-3 with 51 knockouts.")
    assert found == {"#36": 1, "#6": 1, "#58": 1, "#3": 1, "#51": 1}


def test_quantities_pair_each_number_with_what_it_counts() -> None:
    from crosscheck.stories.features import quantities

    found = quantities(
        "The 36 - year - old champion won in the sixth round with 51 knockouts; three people "
        "were hurt two days ago and an eight-year, $200 million offer stands since 2012."
    )
    assert found == {
        "year-old": {"36"}, "round": {"6"}, "knockout": {"51"}, "people": {"3"},
        "million": {"200"},
    }  # spans of time ("two days", "eight-year") are left out: reports differ in them


def _pair_row(first: str, second: str, names: tuple[str, ...]) -> dict[str, float]:
    from crosscheck.stories.centroid import StoryState, similarity_matrix
    from crosscheck.stories.features import TermStats, featurize, ingredients

    stats, keep = TermStats(), {}
    story = StoryState("s", 0, "")
    story.add(featurize(ingredients(article(first), None), stats, keep=keep, key_terms=12),
              caps={})
    incoming = featurize(ingredients(article(second), None), stats, keep=keep, key_terms=12)
    return dict(zip(names, similarity_matrix(incoming, [story], names)[0]))


def test_counting_one_thing_differently_is_a_conflict() -> None:
    bout = "Klitschko, 36, stopped the challenger in the {} round on Saturday; {} people watched."
    same = _pair_row(bout.format("sixth", "40,000"), bout.format("6th", "40,000"),
                     ("num", "conflict"))
    other = _pair_row(bout.format("sixth", "40,000"), bout.format("seventh", "52,000"),
                      ("num", "conflict"))
    assert same["conflict"] == 0.0 and other["conflict"] == 1.0
    assert same["num"] > other["num"]


def test_a_lookalike_counting_differently_stays_apart_with_the_conflict_weight() -> None:
    from crosscheck.settings import DEFAULT

    settings = dataclasses.replace(
        DEFAULT.stories,
        weights_text=(("title", 3.0), ("body", 1.0), ("who", 6.0), ("num", 2.0),
                      ("conflict", -2.0)),
        bias_text=-5.5, threshold_text=0.15,
    )
    bout = (
        "Wladimir Klitschko retained his heavyweight titles on Saturday night, stopping "
        "{} in the {} round in front of {} fans. The champion, {} years old, improved to {}."
    )
    first = article(bout.format("Hasim Rahman", "seventh", "14,000", "32", "52-3"),
                    title="Klitschko stops Rahman", outlet="a")
    again = article(bout.format("Hasim Rahman", "seventh", "14,000", "32", "52-3")
                    .replace("retained", "kept"), title="Klitschko keeps belts", outlet="b")
    lookalike = article(bout.format("Tony Thompson", "sixth", "50,000", "36", "58-3"),
                        title="Klitschko stops Thompson", outlet="c")
    index = StoryIndex(settings=settings, use_embeddings=False, detect_duplicates=False)
    story = index.assign(first)
    assert index.assign(again) == story
    assert index.assign(lookalike) != story
    # Without the conflict weight the same words and champion would pull it in.
    blind = dataclasses.replace(settings, weights_text=settings.weights_text[:-1])
    index = StoryIndex(settings=blind, use_embeddings=False, detect_duplicates=False)
    assert index.assign(first) == index.assign(lookalike)


def test_restoring_the_index_embeds_each_stored_article_once(tmp_path):
    """Rebuilding the index at each ingest reads stored vectors instead of embedding every
    stored article again."""
    import numpy as np

    from crosscheck.records import Article, Story
    from crosscheck.store import Database
    from crosscheck.stories.restore import VECTOR_MODEL, restore_index

    embedded: list[str] = []

    def embedder(texts):
        embedded.extend(texts)
        return np.ones((len(texts), 4), dtype=np.float32) / 2

    articles = [Article(id=f"a{i}", source=f"{i}.txt", format="text", title=f"Title {i}",
                        text=f"Title {i}\nBody number {i} about the harbour fire.")
                for i in range(3)]
    with Database(tmp_path / "s.db") as db:
        for article in articles:
            db.add_article(article)
        db.save_story(Story(id="a0", title="Title 0", article_ids=("a0", "a1", "a2")))
        restore_index(db, embedder=embedder)
        assert len(embedded) == 3
        assert set(db.vectors(VECTOR_MODEL, ["a0", "a1", "a2"])) == {"a0", "a1", "a2"}
        index = restore_index(db, embedder=embedder)
        assert len(embedded) == 3  # the second rebuild embedded nothing
        assert index.story_id("a2") == "a0"


def test_latest_year_is_the_latest_a_text_names() -> None:
    from collections import Counter

    from crosscheck.stories.features import latest_year

    assert latest_year(Counter({"1995": 1, "2008": 2, "2005": 1})) == 2008
    assert latest_year(Counter()) is None


def test_latest_years_agree_or_clash() -> None:
    names = ("year_same", "year_other")
    vote = "Turkmenistan held a parliamentary election on Sunday, its first since {}{}."
    same = _pair_row(vote.format("1999", " in 2008"), vote.format("2008", ""), names)
    other = _pair_row(vote.format("1999", " in 2008"), vote.format("1999", " in 2013"), names)
    undated = _pair_row(vote.format("1999", " in 2008"), "Turkmenistan voted on Sunday.", names)
    assert same == {"year_same": 1.0, "year_other": 0.0}
    assert other == {"year_same": 0.0, "year_other": 1.0}
    assert undated == {"year_same": 0.0, "year_other": 0.0}


def test_people_are_kept_apart_from_the_other_names() -> None:
    from crosscheck.records import Analysis, Entity
    from crosscheck.stories.features import ingredients

    text = "The Angels offered Mark Teixeira an eight-year contract in Anaheim."
    analysis = Analysis(article_id="a", entities=(
        Entity(0, "Mark Teixeira", "PERSON", (0,)), Entity(1, "Angels", "ORG", (0,)),
        Entity(2, "Anaheim", "GPE", (0,)),
    ))
    parts = ingredients(article(text), analysis)
    assert set(parts.person) == {"mark", "teixeira"}
    assert set(parts.who) == {"mark", "teixeira", "angels"}


def _member_index(members: int) -> StoryIndex:
    from crosscheck.settings import DEFAULT

    settings = dataclasses.replace(DEFAULT.stories, members_text=members)
    return StoryIndex(settings=settings, use_embeddings=False, detect_duplicates=False)


def test_a_story_keeps_its_first_articles_as_members() -> None:
    index = _member_index(2)
    reports = [
        article(edited(WIRE, {"Tuesday": day}), title=f"Floods close highway {n}", outlet=str(n))
        for n, day in enumerate(("Tuesday", "Tuesday night", "Tuesday evening"))
    ]
    story_ids = {index.assign(report) for report in reports}
    assert len(story_ids) == 1
    story = index.stories_by_id[story_ids.pop()]
    assert [member.article_ids for member in story.first_members] == [
        [reports[0].id], [reports[1].id]
    ]


def test_member_scoring_is_the_mean_over_the_first_members() -> None:
    import numpy as np

    from crosscheck.stories.centroid import similarity_matrix
    from crosscheck.stories.features import featurize, ingredients

    index = _member_index(2)
    for n, day in enumerate(("Tuesday", "Tuesday night", "Tuesday evening")):
        index.assign(article(edited(WIRE, {"Tuesday": day}), title=f"Floods {n}", outlet=str(n)))
    story = index.slots[0]
    incoming = featurize(
        ingredients(article(WIRE + " Schools stay shut.", outlet="z"), None), index.stats,
        keep=index.keep, key_terms=12,
    )
    each = index.model.probabilities(
        similarity_matrix(incoming, story.first_members, index.model.names), np.zeros(2)
    )
    scored = index.member_probabilities(incoming, [story], np.zeros(1))
    assert scored[0] == pytest.approx(each.mean())


def test_a_story_without_kept_members_is_scored_by_its_centroid() -> None:
    import numpy as np

    from crosscheck.stories.centroid import similarity_matrix
    from crosscheck.stories.features import featurize, ingredients

    index = _member_index(2)
    index.assign(article(WIRE, title="Floods close highway", outlet="a"))
    story = index.slots[0]
    story.first_members.clear()  # as a story restored from before members were kept
    incoming = featurize(
        ingredients(article(WIRE + " Schools stay shut.", outlet="z"), None), index.stats,
        keep=index.keep, key_terms=12,
    )
    centroid = index.model.probabilities(
        similarity_matrix(incoming, [story], index.model.names), np.zeros(1)
    )
    assert index.member_probabilities(incoming, [story], np.zeros(1)) == pytest.approx(centroid)
