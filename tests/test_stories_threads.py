"""Developing stories (crosscheck/stories/threads.py): events linked over weeks by their
actors and subject, look-alike stories kept apart, stable ids, wrong crawl dates distrusted,
and the same stories from the store as in memory. Invented articles only."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from crosscheck.records import Thread
from crosscheck.settings import DEFAULT
from crosscheck.stories import StoryIndex, assign_articles, cluster_levels
from crosscheck.stories.features import FIELDS, ArticleFeatures, Counted, SparseVector
from crosscheck.stories.threads import story_id_of, trusted_day
from crosscheck.store import Database
from tests.test_stories import article

COLLAPSE = (
    "The Varnholm dam on the Ossel river collapsed early on Monday, flooding the villages of "
    "Tarrow and Kemble. Regional governor Ilse Marrant said 14 people were missing and "
    "ordered an inquiry into the dam's operator, Northfall Hydro. Rescue teams from Dunmere "
    "searched flooded streets by boat while engineers inspected a second dam upstream."
)
COLLAPSE_AGAIN = (
    "Rescuers in Tarrow searched for 14 missing people after the Varnholm dam gave way on "
    "Monday and the Ossel river swept through Tarrow and Kemble. Governor Ilse Marrant blamed "
    "Northfall Hydro, the operator, and said an inquiry would start at once. Boats from "
    "Dunmere carried families to shelters."
)
INQUIRY = (
    "Three weeks after the Varnholm dam collapse, the inquiry ordered by governor Ilse "
    "Marrant found that Northfall Hydro had ignored cracks in the dam's wall for two years. "
    "Families in Tarrow and Kemble, where the Ossel flood killed 11 people, called for the "
    "operator's licence to be withdrawn. Northfall Hydro said it would appeal the findings."
)
ELECTION = (
    "Voters in Castelmar chose Rufus Oyelaran as mayor on Sunday after a campaign about bus "
    "fares and housing. Oyelaran, a former teacher, beat the sitting mayor Greta Lindqvist by "
    "a narrow margin and promised free buses for pupils from September."
)


def _articles():
    return [
        article(COLLAPSE, title="Varnholm dam collapses, 14 missing", published="2025-04-07",
                outlet="wire"),
        article(COLLAPSE_AGAIN, title="Search for missing after Varnholm dam failure",
                published="2025-04-07", outlet="paper"),
        article(ELECTION, title="Oyelaran elected mayor of Castelmar", published="2025-04-13",
                outlet="paper"),
        article(INQUIRY, title="Varnholm dam inquiry blames operator", published="2025-04-28",
                outlet="radio"),
    ]


@pytest.mark.parametrize("method", ["batch", "stream"])
def test_a_follow_up_weeks_later_joins_its_story_as_a_new_event(method) -> None:
    collapse, again, election, inquiry = _articles()
    threads, events = cluster_levels([collapse, again, election, inquiry], method=method)
    event_of = {a: e.id for e in events for a in e.article_ids}
    assert event_of[collapse.id] == event_of[again.id] != event_of[inquiry.id]
    by_event = {e: t.id for t in threads for e in t.event_ids}
    assert by_event[event_of[collapse.id]] == by_event[event_of[inquiry.id]]
    assert by_event[event_of[election.id]] != by_event[event_of[collapse.id]]
    # stable ids: a story's id comes from its first event's, an event's from its first article
    assert by_event[event_of[collapse.id]] == story_id_of(event_of[collapse.id])
    assert event_of[collapse.id] == collapse.id


def test_ids_stay_when_later_articles_arrive() -> None:
    collapse, again, election, inquiry = _articles()
    index = StoryIndex(use_embeddings=False)
    index.assign(collapse)
    before = index.threads()
    for item in (again, election, inquiry):
        index.assign(item)
    after = {thread.id: thread for thread in index.threads()}
    [first] = before
    assert after[first.id].event_ids[0] == first.event_ids[0]
    assert index.thread_id(inquiry.id) == first.id


def test_time_is_evidence_not_a_wall() -> None:
    # The same follow-up: a stronger time term keeps it apart, the default lets it join.
    collapse, again, _, inquiry = _articles()
    strict = dataclasses.replace(DEFAULT.stories, thread_time_weight=1.0)
    loose_threads, _ = cluster_levels([collapse, again, inquiry], method="stream")
    strict_threads, _ = cluster_levels([collapse, again, inquiry], method="stream",
                                       settings=strict)
    assert len(loose_threads) == 1 and len(strict_threads) == 2


def _features(published: str | None, latest_year: int | None) -> ArticleFeatures:
    empty = {name: SparseVector.empty() for name in FIELDS}
    return ArticleFeatures("a", "t", published, empty, (), None, Counted.of({}), latest_year)


def test_a_crawl_date_earlier_than_the_year_the_text_names_is_not_trusted() -> None:
    assert trusted_day(_features("2016-11-04", 2017)) is None  # written in 2017 at the earliest
    assert str(trusted_day(_features("2017-12-25", 2017))) == "2017-12-25"
    assert str(trusted_day(_features("2018-01-02", 2017))) == "2018-01-02"  # names a past year
    assert trusted_day(_features(None, 2017)) is None


@pytest.mark.parametrize("backend", ["sqlite"])
def test_the_store_keeps_both_levels_as_an_index_in_memory_makes_them(tmp_path, backend,
                                                                     monkeypatch) -> None:
    import crosscheck.stories as stories

    monkeypatch.setattr(stories, "available_embedder", lambda: None)
    items = _articles()
    memory = StoryIndex(use_embeddings=False)
    for item in items:
        memory.assign(item)
    with Database(tmp_path / "store.db") as db:
        for item in items:
            db.add_article(item)
            assign_articles(db, [item], batch=False)  # one arrival per ingest
        stored = db.threads()
        assert {t.id: t.event_ids for t in stored} == {
            t.id: t.event_ids for t in memory.threads()}
        assert all(isinstance(thread, Thread) for thread in stored)
        [story] = [t for t in stored if len(t.event_ids) == 2]
        assert db.thread(story.id) == story
        assert db.thread_of_event(story.event_ids[1]) == story.id
        assert db.resolve_thread_id(story.id[:6]) == story.id


def test_a_rebuilt_index_writes_the_stories_again(tmp_path, monkeypatch) -> None:
    import sqlalchemy as sa

    import crosscheck.stories as stories
    from crosscheck.store import schema

    monkeypatch.setattr(stories, "available_embedder", lambda: None)
    items = _articles()
    with Database(tmp_path / "store.db") as db:
        for item in items:
            db.add_article(item)
        assign_articles(db, items)
        first = {t.id: t.event_ids for t in db.threads()}
        with db.engine.begin() as conn:  # lose the index state: the next ingest rebuilds it
            conn.execute(sa.delete(schema.story_index))
        stories.rebuild_index(db)
        assert {t.id: t.event_ids for t in db.threads()} == first
        assert np.all([len(ids) >= 1 for ids in first.values()])
