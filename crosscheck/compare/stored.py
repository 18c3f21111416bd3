"""The dossier of a stored story: its articles and analyses read through the store's
``Database`` (``story``, ``articles``, ``analysis``); an article stored without its
analysis is analysed here, and the near-duplicate links are the story's own."""

from __future__ import annotations

import logging

from crosscheck.compare.build import build_dossier
from crosscheck.compare.records import Dossier
from crosscheck.records import Analysis
from crosscheck.settings import DEFAULT, Settings

log = logging.getLogger(__name__)


def stored_dossier(db, story_id: str, *, settings: Settings = DEFAULT) -> Dossier:  # type: ignore[no-untyped-def]
    """Build the dossier of story ``story_id`` from the database ``db``."""
    story = db.story(story_id)
    articles = db.articles(list(story.article_ids))
    analyses: list[Analysis | None] = [db.analysis(article.id) for article in articles]
    missing = [article for article, analysis in zip(articles, analyses) if analysis is None]
    if missing:
        from crosscheck.analyze import analyze_articles

        log.info("analysing %d stored article(s) that have no analysis", len(missing))
        fresh = {a.article_id: a for a in analyze_articles(missing, settings=settings.analyze)}
        analyses = [analysis or fresh[article.id] for article, analysis in zip(articles, analyses)]
    return build_dossier(articles, [a for a in analyses if a is not None],
                         duplicates=dict(story.duplicates), settings=settings.compare,
                         story_id=story.id)
