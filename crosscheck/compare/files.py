"""compare_files: the dossier of a few files, no database.

read -> clean -> analyze (ingest's own path: crosscheck.run.prepare) -> near-duplicates ->
build_dossier. Inputs that cannot be read, or that ingest would reject (no body left after
cleaning, too long, a failed analysis), come back as rejections beside the dossier (the CLI
lists them and exits 1); with no article at all an InputError is raised.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from crosscheck.compare.build import build_dossier
from crosscheck.compare.records import Dossier
from crosscheck.errors import InputError
from crosscheck.records import Analysis, Article, Rejection
from crosscheck.settings import DEFAULT, Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Comparison:
    dossier: Dossier
    articles: tuple[Article, ...]
    analyses: tuple[Analysis, ...]
    rejections: tuple[Rejection, ...] = ()


def _clean(articles: list[Article], settings: Settings) -> list[Article]:
    from crosscheck.clean import clean_articles

    return list(clean_articles(articles, settings=settings.clean))


def _duplicates(articles: Sequence[Article]) -> dict[str, str]:
    from crosscheck.stories import find_duplicates

    return dict(find_duplicates(list(articles)))


def read_articles(paths: Iterable[str | Path], *, settings: Settings = DEFAULT,
                  outlets: Sequence[str | None] | None = None
                  ) -> tuple[list[Article], list[Rejection]]:
    """Read and clean the given files as an ingest would (``crosscheck.run.prepare``):
    (articles, rejections). ``outlets``, one per path, names the outlet of each (None: what
    the file says)."""
    from crosscheck.run import prepare

    prepared = prepare(list(paths), settings=settings, outlets=outlets, analyse=False)
    return list(prepared.articles), list(prepared.rejections)


def compare_articles(articles: Sequence[Article], *, settings: Settings = DEFAULT,
                     use_embeddings: bool = True, clean: bool = False) -> Comparison:
    """Dossier of articles already read (``clean=True`` cleans those not yet cleaned)."""
    from crosscheck.analyze import analyze_articles

    if clean:
        done = [a for a in articles if a.cleaned]
        articles = done + _clean([a for a in articles if not a.cleaned], settings)

    analyses = analyze_articles(articles, settings=settings.analyze)
    dossier = build_dossier(articles, analyses, duplicates=_duplicates(articles),
                            settings=settings.compare, use_embeddings=use_embeddings)
    return Comparison(dossier, tuple(articles), tuple(analyses))


def compare_paths(paths: Iterable[str | Path], *, settings: Settings = DEFAULT,
                  use_embeddings: bool = True,
                  outlets: Sequence[str | None] | None = None) -> Comparison:
    """Dossier, articles, analyses and rejections of the given files (``outlets``: one
    outlet name or None per path, as ``read_articles``): read, cleaned and analysed by
    ingest's own path (``crosscheck.run.prepare``), so the same inputs are rejected."""
    from crosscheck.run import prepare

    prepared = prepare(list(paths), settings=settings, outlets=outlets)
    if not prepared.articles:
        detail = "; ".join(f"{r.source}: {r.reason}" for r in prepared.rejections)
        raise InputError("no-articles", detail or "no input files")
    dossier = build_dossier(prepared.articles, prepared.analyses,
                            duplicates=_duplicates(prepared.articles),
                            settings=settings.compare, use_embeddings=use_embeddings)
    return Comparison(dossier, prepared.articles, prepared.analyses, prepared.rejections)


def compare_files(paths: Iterable[str | Path], *, settings: Settings = DEFAULT) -> Dossier:
    """The dossier of the given files as one story (no database)."""
    return compare_paths(paths, settings=settings).dossier
