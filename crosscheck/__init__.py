"""crosscheck: cross-source dossiers of news stories.

The public API, one name per pipeline step (see docs/api.md):

    read_paths(paths, outlet=None)       -> Article | Rejection records
    clean_articles(articles)             -> cleaned Articles (removed lines kept with reasons)
    analyze_articles(articles)           -> one Analysis per article
    find_duplicates(articles)            -> near-duplicate id -> earliest copy's id
    cluster(articles, analyses)          -> Stories
    build_dossier(articles, analyses)    -> Dossier of one story
    compare_files(paths)                 -> Dossier of the given files (no database)
    dossier_to_json(dossier)             -> dict matching docs/dossier.schema.json
    stored_dossier(db, story_id)         -> Dossier of a stored story
    dossier_json(db, story_id)           -> its JSON, kept in the store once built
    Database(path_or_url)                -> the store (SQLite file or PostgreSQL URL)
    ingest(paths, db=...)                -> IngestReport (read, clean, analyse, store, stories)

Names are imported on first use, so ``import crosscheck`` stays cheap (no spaCy, no model).
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "read_paths": "crosscheck.readers",
    "read_path": "crosscheck.readers",
    "clean_article": "crosscheck.clean",
    "clean_articles": "crosscheck.clean",
    "analyze_article": "crosscheck.analyze",
    "analyze_articles": "crosscheck.analyze",
    "find_duplicates": "crosscheck.stories",
    "cluster": "crosscheck.stories",
    "StoryIndex": "crosscheck.stories",
    "build_dossier": "crosscheck.compare",
    "compare_files": "crosscheck.compare",
    "dossier_to_json": "crosscheck.compare",
    "dossier_to_markdown": "crosscheck.compare",
    "stored_dossier": "crosscheck.compare",
    "dossier_json": "crosscheck.compare",
    "Database": "crosscheck.store",
    "ingest": "crosscheck.run",
    "IngestReport": "crosscheck.run",
    "Settings": "crosscheck.settings",
    "Article": "crosscheck.records",
    "Rejection": "crosscheck.records",
    "Analysis": "crosscheck.records",
    "Story": "crosscheck.records",
    "Span": "crosscheck.records",
    "CrosscheckError": "crosscheck.errors",
}

__all__ = sorted(_EXPORTS) + ["__version__"]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'crosscheck' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return __all__
