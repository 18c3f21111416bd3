"""The second pass (StoryIndex.reassign): articles move to the story they fit best."""

from __future__ import annotations

import dataclasses

import pytest

from crosscheck.settings import DEFAULT
from crosscheck.stories import StoryIndex, cluster
from crosscheck.stories.reassign import _rebuild
from tests.test_stories import WIRE, article, edited

BUDGET = (
    "The city council of Marbury approved a new budget for public libraries on Monday. "
    "Councillor Tom Okafor said evening hours at four branches would begin in May, and the "
    "library board will hire six librarians for the Marbury central branch and its reading "
    "rooms. The budget passed by seven votes to two after a long debate on school funding."
)
SETTINGS = dataclasses.replace(DEFAULT.stories, reassign_rounds=5)


def _index() -> StoryIndex:
    return StoryIndex(settings=SETTINGS, use_embeddings=False, detect_duplicates=False,
                      keep_features=True)


def _floods(count: int):
    days = ("Tuesday", "Tuesday night", "Tuesday evening", "late Tuesday")
    return [
        article(edited(WIRE, {"Tuesday": days[n]}), title=f"Floods close highway {n}",
                outlet=f"f{n}")
        for n in range(count)
    ]


def _budgets(count: int):
    days = ("Monday", "Monday night", "Monday evening")
    return [
        article(edited(BUDGET, {"Monday": days[n]}), title=f"Marbury backs library budget {n}",
                outlet=f"b{n}")
        for n in range(count)
    ]


def _groups(index: StoryIndex) -> dict[str, set[str]]:
    return {story.id: set(story.article_ids) for story in index.stories()}


def test_a_clean_clustering_is_left_as_it_is() -> None:
    index = _index()
    floods, budgets = _floods(3), _budgets(2)
    for item in [*floods, *budgets]:
        index.assign(item)
    before = _groups(index)
    assert before == {floods[0].id: {f.id for f in floods}, budgets[0].id: {b.id for b in budgets}}
    assert index.reassign() == 0
    assert _groups(index) == before


def test_a_misplaced_article_moves_to_its_story_and_ids_stay() -> None:
    index = _index()
    floods, budgets = _floods(4), _budgets(2)
    for item in [*floods, *budgets]:
        index.assign(item)
    # Put the last flood report into the budget story, as an unlucky order might.
    label = {f.id: floods[0].id for f in floods} | {b.id: budgets[0].id for b in budgets}
    label[floods[3].id] = budgets[0].id
    _rebuild(index, label)
    assert floods[3].id in _groups(index)[budgets[0].id]
    assert index.reassign() >= 1
    assert _groups(index) == {
        floods[0].id: {f.id for f in floods}, budgets[0].id: {b.id for b in budgets},
    }
    assert index.story_id(floods[3].id) == floods[0].id


def test_fragments_of_one_story_are_merged_under_the_oldest_id() -> None:
    index = _index()
    floods, budgets = _floods(4), _budgets(2)
    index.model.threshold = 1.01  # every article starts a story of its own
    for item in [*floods, *budgets]:
        index.assign(item)
    assert len(index.stories()) == 6
    index.model.threshold = SETTINGS.threshold_text
    assert index.reassign() >= 4
    assert _groups(index) == {
        floods[0].id: {f.id for f in floods}, budgets[0].id: {b.id for b in budgets},
    }
    # The merged states are rebuilt: a new report still finds its story.
    extra = article(edited(WIRE, {"Tuesday": "on Tuesday morning"}), title="Highway shut",
                    outlet="late")
    assert index.assign(extra) == floods[0].id


def test_a_story_keeps_its_id_with_its_majority_when_its_first_article_leaves() -> None:
    index = _index()
    floods, budgets = _floods(3), _budgets(3)
    for item in [*floods, *budgets]:
        index.assign(item)
    # The flood story's first article lands in the budget story: each story keeps its id
    # with its majority, then the pass brings the article home.
    label = {f.id: floods[0].id for f in floods} | {b.id: budgets[0].id for b in budgets}
    label[floods[0].id] = budgets[0].id
    _rebuild(index, label)
    assert _groups(index) == {
        floods[0].id: {floods[1].id, floods[2].id},
        budgets[0].id: {floods[0].id, *(b.id for b in budgets)},
    }
    assert index.reassign() >= 1
    assert _groups(index) == {
        floods[0].id: {f.id for f in floods}, budgets[0].id: {b.id for b in budgets},
    }


def test_a_copy_follows_the_article_it_copies() -> None:
    index = _index()
    floods, budgets = _floods(3), _budgets(3)
    for item in [*floods, *budgets]:
        index.assign(item)
    copy = article(budgets[1].text, title="Copy", outlet="copier")
    index.add_duplicate(copy.id, None, budgets[1].id)
    label = {f.id: floods[0].id for f in floods} | {b.id: budgets[0].id for b in budgets}
    label[budgets[1].id] = floods[0].id
    _rebuild(index, label)
    assert {budgets[1].id, copy.id} <= _groups(index)[floods[0].id]
    assert index.reassign() >= 1
    assert _groups(index)[budgets[0].id] == {copy.id, *(b.id for b in budgets)}
    assert index.stories_by_id[budgets[0].id].duplicates == {copy.id: budgets[1].id}


def test_reassign_needs_the_kept_features() -> None:
    with pytest.raises(ValueError):
        StoryIndex(settings=SETTINGS, use_embeddings=False).reassign()


def test_cluster_runs_the_pass_when_the_settings_ask_for_it(monkeypatch) -> None:
    # the pass belongs to the incremental path; the batch clustering has no arrival order
    calls = []
    original = StoryIndex.reassign
    monkeypatch.setattr(StoryIndex, "reassign", lambda self: calls.append(1) or original(self))
    items = [*_floods(2), *_budgets(1)]
    cluster(items, settings=dataclasses.replace(SETTINGS, reassign_rounds=0), method="stream")
    assert calls == []
    cluster(items, settings=SETTINGS)
    assert calls == []
    stories = cluster(items, settings=SETTINGS, method="stream")
    assert calls == [1]
    assert sorted(len(story.article_ids) for story in stories) == [1, 2]
