"""The data behind each page: one function per page, whose result is both the JSON twin
and the template's context (so the two cannot drift apart). Each calls the library only."""

from __future__ import annotations

import threading
from typing import Any

from crosscheck.listing import STORY_ORDERS
from crosscheck.records import to_dict
from crosscheck.store import Database

# Building a dossier is CPU-bound (the GIL serialises it anyway) and may load a model on
# first use; one build at a time (requests and the background preparer, prepare.py) keeps a
# burst of requests from loading it twice or running several spaCy pipelines side by side in
# uvicorn's thread pool. Reading a kept dossier takes no lock.
DOSSIER_LOCK = threading.Lock()


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
    """Exactly what `crosscheck show STORY --json` prints: the kept dossier (prepared at
    ingest or by the server in the background), built here only when it is not kept yet."""
    from crosscheck.compare.cache import dossier_json, kept_dossier_json

    kept = kept_dossier_json(db, db.story(story_id))
    if kept is not None:
        return kept
    with DOSSIER_LOCK:  # built once, then kept in the store (compare/cache.py)
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


def comparison(db: Database, story_id: str, a: str | None, b: str | None) -> dict[str, Any]:
    """Two articles of a story side by side (``side_by_side``): their metadata and the rows
    of their sentences, matching ones together. Without ``a`` or ``b``, the story's first
    two articles that are not copies; BadArticlePair when an id is not one of the story's."""
    from crosscheck.web.side_by_side import aligned_rows, to_json

    data = dossier(db, story_id)
    members = [article["id"] for article in data["story"]["articles"]]
    originals = [article["id"] for article in data["story"]["articles"]
                 if not article["duplicate_of"]] + members
    a = a or originals[0]
    b = b or next((i for i in originals if i != a), a)
    for article_id in (a, b):
        if article_id not in members:
            raise BadArticlePair(f"article {article_id!r} is not one of story {story_id!r}'s")
    left, right = article(db, a), article(db, b)
    return {"story": {"id": data["story"]["id"], "title": data["story"]["title"],
                      "articles": data["story"]["articles"]},
            "a": _meta(left["article"]), "b": _meta(right["article"]),
            "rows": to_json(aligned_rows(data, left, right))}


def _meta(found: dict[str, Any]) -> dict[str, Any]:
    return {key: found.get(key) for key in ("id", "outlet", "title", "author", "published")}


class BadArticlePair(ValueError):
    """An article asked for in a comparison that is not in the story."""
