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
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
from pathlib import Path
from typing import Any

from crosscheck.compare.render_json import dossier_to_json
from crosscheck.compare.stored import dossier_inputs, stored_dossier_of
from crosscheck.errors import StoreError
from crosscheck.records import Story
from crosscheck.settings import DEFAULT, Settings

log = logging.getLogger(__name__)

PACKAGE = Path(__file__).resolve().parents[1]
CODE_SUFFIXES = (".py", ".json", ".npz", ".txt")


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
    fingerprint = dossier_fingerprint(story, settings)
    kept = db.cached_dossier(story.id, fingerprint)
    if kept is not None:
        return kept
    inputs = dossier_inputs(db, story, settings=settings)
    data = dossier_to_json(stored_dossier_of(inputs, settings=settings))
    if inputs.complete:
        try:
            db.save_dossier(story.id, fingerprint, data)
        except StoreError as error:  # a read-only store still shows the dossier
            log.warning("dossier of story %s not kept: %s", story.id, error)
    return data
