"""compare stage: the dossier of one story.

    build_dossier(articles, analyses, duplicates=, settings=) -> Dossier
    compare_files(paths) -> Dossier        read, clean, analyze, dedupe, build (no database)
    compare_paths(paths) -> Comparison     the same, with articles, analyses and rejections
    stored_dossier(db, story_id) -> Dossier  a stored story's dossier
    dossier_json(db, story_id) -> dict     its JSON, kept in the store once built (cache.py)
    prepare_dossiers(db) -> int            build and keep every missing or stale dossier
    dossier_to_json(dossier) -> dict       matches docs/dossier.schema.json
    dossier_to_markdown(dossier) -> str, render_terminal(dossier, console=)
"""

from crosscheck.compare.build import build_dossier
from crosscheck.compare.cache import dossier_json, prepare_dossiers
from crosscheck.compare.files import (
    Comparison, compare_articles, compare_files, compare_paths, read_articles,
)
from crosscheck.compare.render_json import dossier_to_json
from crosscheck.compare.render_markdown import dossier_to_markdown
from crosscheck.compare.render_terminal import render_terminal
from crosscheck.compare.stored import stored_dossier

__all__ = [
    "Comparison", "build_dossier", "compare_articles", "compare_files", "compare_paths",
    "dossier_json", "dossier_to_json", "dossier_to_markdown", "read_articles", "render_terminal",
    "prepare_dossiers", "stored_dossier",
]
