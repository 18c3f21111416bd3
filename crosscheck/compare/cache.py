"""A stored story's dossier JSON, kept in the store once built.

A dossier takes a few seconds for a story of a hundred articles (``benchmarks.dossier_speed``)
and every web page view or ``crosscheck show --json`` asks for one. The store keeps the JSON
under a fingerprint of what it was built from:

- the story: its title, its articles in order and its near-duplicate links;
- the compare settings;
- the code: every file of the installed crosscheck package (a new release, or a change to
  the code or to a model file shipped in it, gives new dossiers).

The store also forgets a story's dossier when its articles or one of their analyses change
(``Database.save_story``, the stories stage, ``Database.save_analysis``). A dossier that needs
an analysis made on the spot (an article stored without one) is not kept: it would depend on
the models installed, which the fingerprint does not cover.

``prepare_dossiers`` builds the missing and stale ones ahead of any reader: at the end of an
ingest and in the background when the web server starts.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
from pathlib import Path
from contextlib import AbstractContextManager
from typing import AbstractSet, Any, Callable

from crosscheck.compare.render_json import dossier_to_json
from crosscheck.compare.stored import dossier_inputs, stored_dossier_of
from crosscheck.errors import StoreError
from crosscheck.records import Story
from crosscheck.settings import DEFAULT, Settings

log = logging.getLogger(__name__)

PACKAGE = Path(__file__).resolve().parents[1]
CODE_SUFFIXES = (".py", ".json", ".npz", ".txt")
# Stories read from the store at a time while preparing dossiers: the stories of a large
# ingest are gone through a page at a time, never all held at once.
STORIES_PER_READ = 256


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """SHA-256 over the package's code and data files, read once per process."""
    digest = hashlib.sha256()
    for path in sorted(p for p in PACKAGE.rglob("*") if p.suffix in CODE_SUFFIXES):
        digest.update(path.relative_to(PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def dossier_fingerprint(story: Story, settings: Settings = DEFAULT) -> str:
    """What a story's dossier depends on, apart from its articles' stored analyses."""
    described = json.dumps({
        "code": code_fingerprint(),
        "settings": repr(settings.compare),
        "story": [story.id, story.title, list(story.article_ids),
                  sorted(map(list, story.duplicates))],
    })
    return hashlib.sha256(described.encode()).hexdigest()


def dossier_json(db, story_id: str, *, settings: Settings = DEFAULT) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """The dossier of a stored story as ``dossier_to_json`` gives it: the kept one when its
    fingerprint still holds, else built (and kept when every article had its analysis)."""
    story = db.story(story_id)
    kept = kept_dossier_json(db, story, settings=settings)
    return kept if kept is not None else _build_and_keep(db, story, settings=settings)


def kept_dossier_json(db, story: Story, *, settings: Settings = DEFAULT) -> dict[str, Any] | None:  # type: ignore[no-untyped-def]
    """The story's kept dossier when its fingerprint still holds, else None (nothing built)."""
    return db.cached_dossier(story.id, dossier_fingerprint(story, settings))  # type: ignore[no-any-return]


def prepare_dossiers(db, *, settings: Settings = DEFAULT,  # type: ignore[no-untyped-def]
                     should_stop: Callable[[], bool] = lambda: False,
                     progress: Callable[[int, int], None] | None = None,
                     lock: AbstractContextManager[Any] | None = None,
                     articles: AbstractSet[str] | None = None) -> int:
    """Build and keep the dossier of every stored story whose kept one is missing or stale,
    so that no reader waits on a build; the number built. Newest activity first (the order
    the web lists them in, so the stories a reader opens first are ready first). With
    ``articles``, only the stories holding one of them (those an ingest made or changed).
    ``should_stop`` is asked between stories (a server shutting down); ``lock``, when given,
    is held while each story is checked and built (a server building on demand too)."""
    order = db.stories_by_activity(articles)
    built = 0
    for start in range(0, len(order), STORIES_PER_READ):
        page = order[start : start + STORIES_PER_READ]
        stories = {story.id: story for story in db.stories_of(item.id for item in page)}
        for done, item in enumerate(page, start):
            if should_stop():
                return built
            if progress is not None:
                progress(done, len(order))
            story = stories.get(item.id)
            if story is None:  # gone since (merged into another by a concurrent ingest)
                continue
            with lock or contextlib.nullcontext():
                if kept_dossier_json(db, story, settings=settings) is None:
                    _build_and_keep(db, story, settings=settings)
                    built += 1
    if progress is not None:
        progress(len(order), len(order))
    return built


def _build_and_keep(db, story: Story, *, settings: Settings) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    inputs = dossier_inputs(db, story, settings=settings)
    data = dossier_to_json(stored_dossier_of(inputs, settings=settings))
    if inputs.complete:
        try:
            db.save_dossier(story.id, dossier_fingerprint(story, settings), data)
        except StoreError as error:  # a read-only store still shows the dossier
            log.warning("dossier of story %s not kept: %s", story.id, error)
    return data
