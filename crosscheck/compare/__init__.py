"""compare stage: the dossier of one story.

    build_dossier(articles, analyses, duplicates=, settings=) -> Dossier
    compare_files(paths)                                       read, clean, analyze, dedupe, build
    dossier_to_json(dossier) -> dict                           matches docs/dossier.schema.json
"""

from crosscheck.compare.build import build_dossier

__all__ = ["build_dossier"]
