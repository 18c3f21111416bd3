"""Rebuild a StoryIndex from the store: stored stories keep their ids and members, and
their centroids are recomputed from the stored articles and analyses."""

from __future__ import annotations

from typing import Any

from crosscheck.settings import DEFAULT, StorySettings
from crosscheck.stories.index import Embedder, StoryIndex, embedding_text


def restore_index(
    db: Any, *, settings: StorySettings = DEFAULT.stories, embedder: Embedder | None = None
) -> StoryIndex:
    index = StoryIndex(settings=settings, embedder=embedder)
    stories = db.stories()
    wanted = [article_id for story in stories for article_id in story.article_ids]
    articles = {article.id: article for article in db.articles(wanted)} if wanted else {}
    embeddings = {}
    if index.use_embeddings and embedder is not None and articles:
        ordered = list(articles.values())
        vectors = embedder([embedding_text(article) for article in ordered])
        embeddings = {article.id: vector for article, vector in zip(ordered, vectors)}
    for story in stories:
        members = [
            (articles[article_id], db.analysis(article_id), embeddings.get(article_id))
            for article_id in story.article_ids
            if article_id in articles
        ]
        index.restore(story, members)
    return index
