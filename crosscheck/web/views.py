"""The data behind each page: one function per page, whose result is both the JSON twin
and the template's context (so the two cannot drift apart). Each calls the library only."""

from __future__ import annotations

import threading
from typing import Any

from crosscheck.listing import STORY_ORDERS
from crosscheck.records import to_dict
from crosscheck.store import Database

# Building a dossier is CPU-bound (the GIL serialises it anyway) and may load a model on
# first use; one build at a time keeps a burst of requests from loading it twice or
# running several spaCy pipelines side by side in uvicorn's thread pool.
_DOSSIER_LOCK = threading.Lock()


def story_list(db: Database, sort: str = STORY_ORDERS[0]) -> list[dict[str, Any]]:
    """The stories exactly as `crosscheck stories --sort SORT --json` gives them."""
    return db.story_summaries(sort=sort)


def developing_list(db: Database, sort: str = STORY_ORDERS[0]) -> list[dict[str, Any]]:
    """The developing stories with their events, as `crosscheck stories --json` gives them."""
    from crosscheck.compare.developing import story_listing

    return story_listing(db, sort=sort)


def developing(db: Database, story_id: str) -> dict[str, Any]:
    """A developing story with its events on a timeline (each event's dossier is its own
    page: building every dossier here would make the page as slow as all of them)."""
    from crosscheck.compare.developing import story_view

    return story_view(db, db.resolve_thread_id(story_id), dossiers=False)


def dossier(db: Database, story_id: str) -> dict[str, Any]:
    """Exactly what `crosscheck show STORY --json` prints."""
    from crosscheck.compare import dossier_json

    with _DOSSIER_LOCK:  # built once, then kept in the store (compare/cache.py)
        return dossier_json(db, story_id)


def article(db: Database, article_id: str) -> dict[str, Any]:
    """What `crosscheck article ID --json` prints, plus the sentence spans of the analysis
    (empty when the article has none yet): the spans the page makes addressable."""
    found = db.article(article_id)
    story = db.story_of(found.id)
    analysis = db.analysis(found.id)
    sentences = [] if analysis is None else [to_dict(s.span) for s in analysis.sentences]
    return {"article": to_dict(found), "story": None if story is None else to_dict(story),
            "sentences": sentences}


def search(db: Database, query: str, *, limit: int) -> dict[str, Any]:
    """`crosscheck search --json`'s hits, each with the story its article belongs to."""
    hits = db.search(query, limit=limit)
    for hit in hits:
        story = db.story_of(hit["id"])
        hit["story"] = None if story is None else {"id": story.id, "title": story.title}
    return {"query": query, "limit": limit, "results": hits}


def article_labels(dossier_data: dict[str, Any]) -> dict[str, str]:
    """A1, A2, ... for the story's articles in dossier order, as the Markdown dossier does."""
    return {a["id"]: f"A{n}" for n, a in enumerate(dossier_data["story"]["articles"], start=1)}
