"""Rebuild a StoryIndex from the store: stored stories keep their ids and members, and
their centroids are recomputed from the stored articles and analyses. Ingest reads the index
kept in the store instead (``assign.py``); this runs once when that is missing or stale.

Embedding vectors are read from the store when it keeps them (``Database.vectors``); only
articles without a stored vector are embedded, and their vectors are stored, so an article
is embedded for the index once, not at every ingest.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import numpy as np

from crosscheck.records import Article
from crosscheck.settings import DEFAULT, StorySettings
from crosscheck.stories.index import Embedder, StoryIndex, embedding_text

log = logging.getLogger(__name__)

PROGRESS_EVERY = 5_000  # stories between two progress lines of a rebuild

# The name stored vectors are kept under: a vector from another model (or a future build
# with other weights) must never be mixed with this one's.
VECTOR_MODEL = "minilm-l6-v2-int8/story-text"


def restore_index(
    db: Any, *, settings: StorySettings = DEFAULT.stories, embedder: Embedder | None = None
) -> StoryIndex:
    index = StoryIndex(settings=settings, embedder=embedder)
    stories = db.stories()
    # events go back into their stored developing stories, in each story's order of events;
    # events of none (stored before stories had events) come last and are linked anew
    threads = db.threads()
    thread_of = {event_id: thread for thread in threads for event_id in thread.event_ids}
    position = {event_id: (number, rank) for number, thread in enumerate(threads)
                for rank, event_id in enumerate(thread.event_ids)}
    stories.sort(key=lambda story: position.get(story.id, (len(threads), 0)))
    wanted = [article_id for story in stories for article_id in story.article_ids]
    articles = {article.id: article for article in db.articles(wanted)} if wanted else {}
    analyses = db.analyses(articles) if articles else {}
    embeddings: dict[str, np.ndarray] = {}
    if index.use_embeddings and embedder is not None and articles:
        embeddings = stored_embeddings(db, list(articles.values()), embedder)
    for number, story in enumerate(stories, 1):
        if number % PROGRESS_EVERY == 0:
            log.info("story index: %d of %d stories restored", number, len(stories))
        members = [
            (articles[article_id], analyses.get(article_id), embeddings.get(article_id))
            for article_id in story.article_ids
            if article_id in articles
        ]
        index.restore(story, members, thread=thread_of.get(story.id))
    return index


def stored_embeddings(db: Any, articles: Sequence[Article], embedder: Embedder
                      ) -> dict[str, np.ndarray]:
    """The articles' vectors: stored ones read back, the others embedded and stored."""
    found = db.vectors(VECTOR_MODEL, [article.id for article in articles])
    missing = [article for article in articles if article.id not in found]
    if missing:
        vectors = embedder([embedding_text(article) for article in missing])
        made = {article.id: vector for article, vector in zip(missing, vectors)}
        db.save_vectors(VECTOR_MODEL, made)
        found.update(made)
    return found
