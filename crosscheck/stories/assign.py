"""What ingest calls: give new articles their stories, with the index kept in the store.

The store holds the index's state (``stored.py``), written with the stories in one
transaction. An ingest reads only what its articles' assignment needs, so its cost does not
grow with the store. When the store has no state yet, or state made by other settings, model
or code (its fingerprint differs), the index is rebuilt once from the stored stories and
articles (``restore.py``, as every ingest did before the state was kept) and written whole.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from crosscheck.records import Analysis, Article, Story, Thread
from crosscheck.settings import DEFAULT, StorySettings
from crosscheck.store.story_index import IndexChanges, StoryIndexStore
from crosscheck.stories.batch import assign_batch
from crosscheck.stories.index import Embedder, StoryIndex, embedding_text
from crosscheck.stories.restore import VECTOR_MODEL, restore_index
from crosscheck.stories.threads import as_thread
from crosscheck.stories.stored import StoredIndex, full_changes, index_fingerprint

log = logging.getLogger(__name__)


@dataclass
class Assignment:
    """One batch of articles to assign, with what their features need."""

    articles: Sequence[Article]
    analyses: Mapping[str, Analysis] = field(default_factory=dict)
    embeddings: Mapping[str, np.ndarray] = field(default_factory=dict)
    settings: StorySettings = DEFAULT.stories
    embedder: Embedder | None = None
    # Cluster the new articles as one batch first (batch.py); False: one at a time in order.
    batch: bool = True

    @property
    def fingerprint(self) -> str:
        model = VECTOR_MODEL if self.embedder is not None else None
        return index_fingerprint(self.settings, model=model)

    def in_store(self, store: StoryIndexStore) -> list[Story] | None:
        """Assign through the stored index; None when it is missing or stale."""
        meta = store.meta()
        if meta.get("fingerprint") != self.fingerprint:
            return None
        index = StoredIndex(store, meta, settings=self.settings, embedder=self.embedder)
        assigned = store.story_of(article.id for article in self.articles)
        fresh = [article for article in self.articles if article.id not in assigned]
        return self.run(index, fresh, store, index.changes)

    def rebuilding(self, db: Any, *, force: bool = False) -> list[Story]:
        """Rebuild the index from the stored stories, assign, and write the index whole
        (``force``: even when another ingest has rebuilt it in the meantime)."""
        started = time.perf_counter()
        log.info("story index: rebuilding it from the stored stories (once; later ingests "
                 "read it from the store)")
        index = restore_index(db, settings=self.settings, embedder=self.embedder)
        log.info("story index: %d stories of %d articles restored in %.1f s", len(index.slots),
                 len(index.story_of_article), time.perf_counter() - started)
        fresh = [article for article in self.articles if index.story_id(article.id) is None]
        with db.story_index_session() as store:
            # another ingest may have rebuilt it meanwhile, with stories this one missed
            changed = None if force else self.in_store(store)
            if changed is not None:
                return changed
            return self.run(index, fresh, store, lambda: full_changes(index, self.fingerprint))

    def run(self, index: StoryIndex, fresh: Sequence[Article], store: StoryIndexStore,
            changes: Callable[[], IndexChanges]) -> list[Story]:
        story_ids = set(assign_all(index, fresh, self.analyses, self.embeddings,
                                   batch=self.batch))
        changed = [story for story in index.stories() if story.id in story_ids]
        made = changes()
        store.save(changed, made, changed_threads(index, changed, everything=made.replace))
        log.info("assigned %d articles; %d events changed", len(fresh), len(changed))
        return changed


def changed_threads(index: StoryIndex, events: Sequence[Story], *, everything: bool
                    ) -> list[Thread]:
    """The developing stories of the changed events (``everything``: all of them)."""
    if everything:
        return index.threads()
    ids = {thread for event in events
           if (thread := index.stories_by_id[event.id].thread) is not None}
    return [as_thread(index.story_state(i)) for i in sorted(ids)]


def assign_all(
    index: StoryIndex,
    articles: Sequence[Article],
    analyses: Mapping[str, Analysis],
    embeddings: Mapping[str, np.ndarray] | None = None,
    *,
    batch: bool = False,
) -> list[str]:
    """Assign articles; those without a given embedding are embedded in one batch first
    (much faster than one by one). ``batch``: cluster them as one batch (batch.py), else
    one at a time in order (the incremental path)."""
    embeddings = embedded(index, articles, embeddings or {})
    if batch:
        return assign_batch(index, articles, analyses, embeddings)
    return [
        index.assign(article, analyses.get(article.id), embedding=embeddings.get(article.id))
        for article in articles
    ]


def embedded(
    index: StoryIndex, articles: Sequence[Article], embeddings: Mapping[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """The given embeddings, and those missing when the index uses embeddings."""
    embeddings = dict(embeddings)
    missing = [article for article in articles if article.id not in embeddings]
    if index.use_embeddings and index.embedder is not None and missing:
        vectors = index.embedder([embedding_text(article) for article in missing])
        embeddings.update(zip([article.id for article in missing], vectors))
    return embeddings
