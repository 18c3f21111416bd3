"""Orchestration: files in, articles (and rejections) stored, in-process.

    ingest(paths, db=db) = read -> [clean] -> [analyze] -> store -> [assign stories]

The stages in brackets are hooks (``Stages``): each is used when its module provides it
(``crosscheck.clean.clean_articles(articles, settings=) -> Article | Rejection each``,
``crosscheck.analyze.analyze_articles(articles) -> Analysis per article`` and
``crosscheck.stories.assign_articles(db, articles, analyses_by_id)``), so ingest works
whichever stages are installed. Every input ends as a stored article, an article already
present, or a rejection with its reason; running the same ingest twice changes nothing.
"""

from __future__ import annotations

import importlib
import logging
import secrets
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from crosscheck.errors import CrosscheckError, StoreError
from crosscheck.records import Analysis, Article, Rejection
from crosscheck.settings import DEFAULT, Settings
from crosscheck.store import Database

log = logging.getLogger(__name__)

# progress(phase, done, total): phase is "read" (one step per input file), "clean",
# "analyze", "store" or "stories" (one step per article).
Progress = Callable[[str, int, int], None]
Cleaner = Callable[..., Iterable[Article | Rejection]]
Analyzer = Callable[[Sequence[Article]], Iterable[Analysis]]
StoryAssigner = Callable[[Database, Sequence[Article], Mapping[str, Analysis]], Any]


@dataclass(frozen=True)
class Stages:
    """The optional stages of an ingest; None skips one (without cleaning, articles are
    stored as read, with ``cleaned=False``)."""

    clean: Cleaner | None = None
    analyze: Analyzer | None = None
    assign_stories: StoryAssigner | None = None


def _optional(module: str, name: str) -> Any:
    try:
        return getattr(importlib.import_module(module), name, None)
    except ImportError as error:
        log.warning("ingest: %s.%s unavailable (%s)", module, name, error)
        return None


def available_stages() -> Stages:
    """The optional stages the installed package provides."""
    return Stages(
        clean=_optional("crosscheck.clean", "clean_articles"),
        analyze=_optional("crosscheck.analyze", "analyze_articles"),
        assign_stories=_optional("crosscheck.stories", "assign_articles"),
    )


@dataclass(frozen=True)
class IngestReport:
    run_id: str
    read: int  # articles read from the inputs (before cleaning)
    new: int  # articles stored by this run
    already_present: int  # articles stored before, or repeated within the run (same hash)
    rejections: tuple[Rejection, ...] = ()
    # the stored articles of this run's inputs, new and already present, in input order
    article_ids: tuple[str, ...] = field(default=(), repr=False)

    @property
    def rejected(self) -> int:
        return len(self.rejections)

    def rejected_by_reason(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for rejection in self.rejections:
            counts[rejection.reason] = counts.get(rejection.reason, 0) + 1
        return dict(sorted(counts.items()))


def new_run_id() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ-") + secrets.token_hex(3)


def ingest(
    paths: Sequence[str | Path],
    *,
    db: Database,
    outlet: str | None = None,
    settings: Settings = DEFAULT,
    progress: Progress | None = None,
    stages: Stages | None = None,
) -> IngestReport:
    """Read, clean, analyse and store the articles under paths; return what happened."""
    stages = available_stages() if stages is None else stages
    tally = _Tally(run_id=new_run_id(), progress=progress or _no_progress)
    articles = _read(paths, outlet=outlet, settings=settings, tally=tally)
    tally.read = len(articles)
    if stages.clean is not None:
        articles = _clean(articles, stages.clean, settings=settings, tally=tally)
    new, present = _split_present(articles, db=db)
    analyses = _analyze(new, stages.analyze, tally=tally)
    stored = _store(new, analyses, db=db, tally=tally)
    present = _settle_repeats(present, tally=tally)
    for rejection in tally.rejections:
        db.add_rejection(rejection, run_id=tally.run_id)
    article_ids = list(dict.fromkeys(article.id for article in stored + present))
    if stages.assign_stories is not None:
        _assign_stories(article_ids, analyses, stages.assign_stories, db=db, tally=tally)
    return IngestReport(
        run_id=tally.run_id,
        read=tally.read,
        new=len(stored),
        already_present=len(present),
        rejections=tuple(tally.rejections),
        article_ids=tuple(article_ids),
    )


def _assign_stories(article_ids: list[str], analyses: dict[str, Analysis],
                    assign: StoryAssigner, *, db: Database, tally: _Tally) -> None:
    """Give a story to every article of the batch that has none (new ones, and stored ones
    ingested before the stories stage existed), as the store holds them."""
    unassigned = db.articles([i for i in article_ids if db.story_of(i) is None])
    if not unassigned:
        return
    known = {**db.analyses([a.id for a in unassigned if a.id not in analyses]), **analyses}
    tally.progress("stories", 0, len(unassigned))
    assign(db, unassigned, known)
    tally.progress("stories", len(unassigned), len(unassigned))


def _no_progress(_phase: str, _done: int, _total: int) -> None:
    return None


@dataclass
class _Tally:
    run_id: str
    progress: Progress
    read: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    failed_ids: set[str] = field(default_factory=set)  # rejected after reading

    def reject(self, article: Article, stage: str, reason: str, error: Exception) -> None:
        log.warning("ingest: %s rejected at %s: %s", article.source, stage, error)
        self.rejections.append(Rejection(article.source, stage, reason, str(error)))
        self.failed_ids.add(article.id)


def _split(items: Iterable[Article | Rejection], tally: _Tally) -> list[Article]:
    articles = []
    for item in items:
        if isinstance(item, Rejection):
            tally.rejections.append(item)
        else:
            articles.append(item)
    return articles


def _read(paths: Sequence[str | Path], *, outlet: str | None, settings: Settings,
          tally: _Tally) -> list[Article]:
    from crosscheck.readers import input_files, read_paths

    # the readers' own walk, so files beside the articles (README.md, gold.json) are passed
    # over exactly as `read_paths` would; a missing path is kept and rejected with its reason
    files = list(input_files(paths))
    articles: list[Article] = []
    tally.progress("read", 0, len(files))
    for done, path in enumerate(files, 1):
        articles.extend(_split(read_paths([path], outlet=outlet, settings=settings.read), tally))
        tally.progress("read", done, len(files))
    return articles


def _clean(articles: list[Article], clean_articles: Cleaner, *, settings: Settings,
           tally: _Tally) -> list[Article]:
    tally.progress("clean", 0, len(articles))
    # the whole batch at once: lines repeated across one outlet's articles are a signal
    cleaned = _split(clean_articles(articles, settings=settings.clean), tally)
    tally.progress("clean", len(articles), len(articles))
    kept = []
    for article in cleaned:
        if article.text.strip():
            kept.append(article)
        else:  # nothing but boilerplate: not an article
            tally.rejections.append(Rejection(
                article.source, "clean", "no-body",
                f"all {len(article.removed)} lines were removed as boilerplate",
            ))
    return kept


def _split_present(articles: list[Article], *, db: Database) -> tuple[list[Article], list[Article]]:
    """New articles, and those stored before (or repeated within this batch)."""
    new: list[Article] = []
    present: list[Article] = []
    seen: set[str] = set()
    for article in articles:
        if article.id in seen or db.has_article(article.id):
            present.append(article)
        else:
            new.append(article)
        seen.add(article.id)
    return new, present


def _settle_repeats(present: list[Article], *, tally: _Tally) -> list[Article]:
    """A repeat of an article this run rejected shares its fate: rejected with it."""
    settled = []
    for article in present:
        if article.id in tally.failed_ids:
            tally.rejections.append(Rejection(
                article.source, "store", "copy-of-rejected", f"same content as article {article.id}"
            ))
        else:
            settled.append(article)
    return settled


def _analyze(articles: list[Article], analyzer: Analyzer | None,
             tally: _Tally) -> dict[str, Analysis]:
    if analyzer is None or not articles:
        return {}
    tally.progress("analyze", 0, len(articles))
    try:
        analyses = {analysis.article_id: analysis for analysis in analyzer(articles)}
    except Exception as error:  # noqa: BLE001 - find the article at fault, keep the others
        log.warning("ingest: batch analysis failed (%s); analysing one article at a time", error)
        analyses = _analyze_one_by_one(articles, analyzer, tally)
    tally.progress("analyze", len(articles), len(articles))
    return analyses


def _analyze_one_by_one(articles: list[Article], analyzer: Analyzer,
                        tally: _Tally) -> dict[str, Analysis]:
    analyses: dict[str, Analysis] = {}
    for article in articles:
        try:
            analyses.update((a.article_id, a) for a in analyzer([article]))
        except CrosscheckError as error:
            tally.reject(article, "analyze", "analysis-failed", error)
        except Exception as error:  # noqa: BLE001 - a bug on one article must not stop a batch
            log.exception("ingest: unexpected error analysing %s", article.source)
            tally.reject(article, "analyze", "analysis-error", f"{type(error).__name__}: {error}")
    return analyses


def _store(articles: list[Article], analyses: dict[str, Analysis], *, db: Database,
           tally: _Tally) -> list[Article]:
    """Store each article with its analysis, one transaction each; a failed write rejects
    that article and the batch goes on."""
    stored: list[Article] = []
    tally.progress("store", 0, len(articles))
    for done, article in enumerate(articles, 1):
        if article.id not in tally.failed_ids:
            try:
                db.add_article(article, analysis=analyses.get(article.id))
                stored.append(article)
            except StoreError as error:
                tally.reject(article, "store", "store-failed", error)
        tally.progress("store", done, len(articles))
    return stored
