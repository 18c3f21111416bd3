"""The upper level: stories that link events over days to months.

An event (a ``StoryState`` of the index: the reports of one happening) belongs to one story.
A story is a ``StoryState`` too, whose weighed sub-vectors are summed over all the articles of
its events; it is never a candidate for single articles (it is not in the postings): it is
found through its events.
When an article starts a new event, the event is linked to the story whose centroid it fits
best, found among the stories of the events its key terms retrieve; when none fits well
enough, the event starts a story of its own. An article that joins an existing event joins
that event's story. Nothing already linked moves, so a story's id (a hash of its first
event's id) is stable.

The fit is a weighted mean of sub-vector cosines (title, body, people, places) minus a soft
time term that grows with the log of the days between the event and the story's date range:
time is evidence, not a wall, so a follow-up weeks later joins when it shares the story's
actors and subject. A publication date earlier than the latest year the text names is a
crawl date the text contradicts, and is not used.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

import numpy as np

from crosscheck.records import Thread, content_id
from crosscheck.stories.centroid import SparseSum, StoryState, parse_day, similarity_matrix
from crosscheck.stories.features import FIELDS, ArticleFeatures, SparseVector

if TYPE_CHECKING:
    from crosscheck.stories.index import StoryIndex


def story_id_of(event_id: str) -> str:
    """A story's id, from its first event's (so that it never equals an event's id)."""
    return content_id("story", event_id)


def as_thread(state: StoryState) -> Thread:
    """The record of a developing story's state."""
    return Thread(id=state.id, title=state.title, event_ids=tuple(state.events or ()))


def trusted_day(features: ArticleFeatures) -> date | None:
    """The publication day, unless the text names a later year (a wrong crawl date)."""
    day = parse_day(features.published)
    if day is not None and features.latest_year is not None and features.latest_year > day.year:
        return None
    return day


def link_event(index: StoryIndex, event: StoryState, probe: ArticleFeatures) -> StoryState:
    """The story of a new event, judged on ``probe`` (its first article, or the centroid of
    a batch group): the best-fitting story among its candidates, else a new story."""
    best, score = best_story(index, probe, exclude=event.id)
    if best is None or score < index.settings.thread_threshold:
        best = new_story(index, story_id_of(event.id), event.title)
    best.events.append(event.id)  # type: ignore[union-attr]  # a story's list
    event.thread = best.id
    return best


def restore_link(index: StoryIndex, event: StoryState, thread: Thread) -> None:
    """Put a restored event back into its stored developing story (made on first use, with
    its stored id and title; its centroid then grows with the events' articles)."""
    story = index.stories_by_id.get(thread.id) or new_story(index, thread.id, thread.title)
    story.events.append(event.id)  # type: ignore[union-attr]
    event.thread = story.id


def new_story(index: StoryIndex, story_id: str, title: str) -> StoryState:
    """A developing story with no events yet, in the index's slots (so that the stored
    index keeps its state as it keeps the events')."""
    story = StoryState(story_id, len(index.slots), title, events=[])
    index.slots.append(story)
    index.stories_by_id[story.id] = story
    return story


def best_story(
    index: StoryIndex, probe: ArticleFeatures, *, exclude: str
) -> tuple[StoryState | None, float]:
    stories = candidate_stories(index, probe.keys, exclude=exclude)
    if not stories:
        return None, 0.0
    scores = fit_scores(index, probe, stories)
    best = int(np.argmax(scores))
    return stories[best], float(scores[best])


def candidate_stories(index: StoryIndex, keys: Sequence[int], *, exclude: str
                      ) -> list[StoryState]:
    """The stories of the events that the key terms retrieve, in retrieval order."""
    ids = [event.thread for event in index.candidates(keys)
           if event.id != exclude and event.thread is not None]
    return index.story_states(list(dict.fromkeys(ids)))


def fit_scores(index: StoryIndex, probe: ArticleFeatures, stories: list[StoryState]
               ) -> np.ndarray:
    weights = dict(index.settings.thread_weights)
    names = tuple(weights)
    matrix = similarity_matrix(probe, stories, names)
    fit = matrix @ np.array([weights[name] for name in names]) / sum(weights.values())
    day = trusted_day(probe)
    gaps = np.array([story.days_apart(day) for story in stories])
    settings = index.settings
    return fit - settings.thread_time_weight * np.log1p(gaps / settings.thread_time_scale_days)


def add_to_story(index: StoryIndex, event: StoryState, features: ArticleFeatures) -> None:
    """An article of the event joins the event's story's centroid: only the sub-vectors the
    fit weighs, and the date range (a story keeps no list of articles: its events do), so
    that a story's state stays bounded however long it runs."""
    story = index.story_state(event.thread)  # type: ignore[arg-type]
    for name, _ in index.settings.thread_weights:
        story.sums[name].add(features.vectors[name], cap=index.caps.get(name, 32))
    story.independent += 1
    story.widen(trusted_day(features))
    index.changed_story(story)


def group_probe(group: Sequence[ArticleFeatures]) -> ArticleFeatures:
    """One probe for a batch group: its members' sub-vectors summed and normalised, their
    key terms, earliest date and latest named year."""
    vectors = {}
    for name in FIELDS:
        total = SparseSum()
        for item in group:
            total.add(item.vectors[name], cap=1 << 30)
        norm = total.norm or 1.0
        vectors[name] = SparseVector(total.ids, (total.weights / norm).astype(np.float32))
    dated = [item for item in group if item.published]
    first = min(dated, key=lambda item: item.published or "") if dated else group[0]
    keys = tuple(dict.fromkeys(key for item in group for key in item.keys))
    years = [item.latest_year for item in group if item.latest_year is not None]
    return ArticleFeatures(
        first.article_id, first.title, first.published, vectors, keys,
        latest_year=max(years) if years else None,
    )
