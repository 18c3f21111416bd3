"""The dossier of a stored story: its articles and analyses read through the store's
``Database`` (``story``, ``articles``, ``analysis``); an article stored without its
analysis is analysed here, and the near-duplicate links are the story's own."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from crosscheck.compare.build import build_dossier
from crosscheck.compare.records import Dossier
from crosscheck.records import Analysis, Article, Story
from crosscheck.settings import DEFAULT, Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DossierInputs:
    story: Story
    articles: list[Article]
    analyses: list[Analysis]
    complete: bool  # every analysis was stored (none made here)


def stored_dossier(db, story_id: str, *, settings: Settings = DEFAULT) -> Dossier:  # type: ignore[no-untyped-def]
    """Build the dossier of story ``story_id`` from the database ``db``."""
    return stored_dossier_of(dossier_inputs(db, db.story(story_id), settings=settings),
                             settings=settings)


def dossier_inputs(db, story: Story, *, settings: Settings = DEFAULT) -> DossierInputs:  # type: ignore[no-untyped-def]
    """The story's articles and their analyses, those missing made here."""
    articles = db.articles(list(story.article_ids))
    stored = db.analyses([article.id for article in articles])
    missing = [article for article in articles if article.id not in stored]
    if missing:
        from crosscheck.analyze import analyze_articles

        log.info("analysing %d stored article(s) that have no analysis", len(missing))
        stored.update((a.article_id, a) for a in analyze_articles(missing,
                                                                 settings=settings.analyze))
    return DossierInputs(story, articles, [stored[a.id] for a in articles if a.id in stored],
                         complete=not missing)


def stored_dossier_of(inputs: DossierInputs, *, settings: Settings = DEFAULT) -> Dossier:
    return build_dossier(inputs.articles, inputs.analyses,
                         duplicates=dict(inputs.story.duplicates), settings=settings.compare,
                         story_id=inputs.story.id)
